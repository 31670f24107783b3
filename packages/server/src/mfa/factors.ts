// The registry of second factors: the MFA step, reauthentication and the enrolment rules ask it, never a factor
// directly. Adding one is one line in FACTORS.
import type { Core } from '../core.js';
import { passkeyFactor } from '../passkeys/passkey-factor.js';
import { recoveryCodeFactor } from './recovery-code-factor.js';
import type { FactorMethod, SecondFactor } from './second-factor.js';
import { totpFactor } from './totp-factor.js';

/** In the order the MFA challenge lists their methods. Recovery codes last: the fallback. */
export const FACTORS: readonly SecondFactor[] = [totpFactor, passkeyFactor, recoveryCodeFactor];

export function factorFor(method: FactorMethod): SecondFactor | undefined {
  return FACTORS.find((factor) => factor.method === method);
}

/**
 * The methods the user can prove. Recovery codes count only beside another factor: they recover one, they are not
 * one on their own (a user who removed their authenticator is not left asked for codes alone).
 */
export async function enrolledMethods(core: Core, userId: string): Promise<FactorMethod[]> {
  const enrolled = await Promise.all(FACTORS.map(async (factor) => ((await factor.enrolled(core, userId)) ? factor.method : undefined)));
  const methods = enrolled.filter((method): method is FactorMethod => method !== undefined);
  return methods.some((method) => method !== 'recovery_code') ? methods : [];
}

/** Whether the user has a factor besides recovery codes. */
export async function hasSecondFactor(core: Core, userId: string): Promise<boolean> {
  return (await enrolledMethods(core, userId)).length > 0;
}
