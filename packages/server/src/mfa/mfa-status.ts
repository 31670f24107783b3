// What a user has for a second factor, for the account page: read only, no secret and no code in it.
import type { Core } from '../core.js';
import { passkeysOf } from '../passkeys/passkey-store.js';
import { enrolledMethods } from './factors.js';
import type { FactorMethod } from './second-factor.js';
import { countUnusedRecoveryCodes } from './recovery-codes.js';
import { hasConfirmedTotp } from './totp-store.js';

export interface MfaStatus {
  totp: boolean;
  recovery_codes_remaining: number;
  passkeys: number;
  /** As the MFA step would list them: empty when recovery codes are all that is left. */
  methods: FactorMethod[];
}

export async function mfaStatus(core: Core, userId: string): Promise<MfaStatus> {
  const [totp, remaining, passkeys, methods] = await Promise.all([
    hasConfirmedTotp(core, userId),
    countUnusedRecoveryCodes(core, userId),
    passkeysOf(core).countOf(userId),
    enrolledMethods(core, userId),
  ]);
  return { totp, recovery_codes_remaining: remaining, passkeys, methods };
}
