// One check of a second factor, shared by the MFA step and reauthentication: the method must be one the user has,
// the proof is checked by its factor, and every check counts on the login throttle like a password guess.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import { logSecurityEvent } from '../events/security-log.js';
import type { ClientInfo } from '../http/client-info.js';
import type { AmrValue } from '../reauth/amr.js';
import type { UserRow } from '../users/user-store.js';
import { enrolledMethods, factorFor } from './factors.js';
import { invalidCode } from './invalid-code.js';
import type { FactorProof } from './second-factor.js';

export async function verifyFactor(
  core: Core,
  user: UserRow,
  proof: FactorProof,
  context: { purpose: 'mfa' | 'reauth'; client: ClientInfo },
): Promise<AmrValue[]> {
  const factor = factorFor(proof.method);
  // Passkeys are not part of this server: a WebAuthn proof is malformed input here, not a wrong answer.
  if (!factor) throw new TesseraError('validation_failed', `The "${proof.method}" method is not available on this server`);
  const { ip } = context.client;
  // Counters of their own (same limits): a right password resets the password's pair counter, and must not give a
  // guesser holding the password a fresh allowance of codes with every sign-in.
  const attempt = await core.throttle.reserve(`mfa:${user.id}`, ip).catch((error: unknown) => {
    if (error instanceof TesseraError && error.code === 'rate_limited') {
      const retryAfter = Number(error.headers['Retry-After'] ?? 0);
      logSecurityEvent(core.config.logger, { event: 'login_throttled', email: user.email, ip, retryAfter });
    }
    throw error;
  });
  let amr: AmrValue[];
  try {
    if (!(await enrolledMethods(core, user.id)).includes(proof.method)) throw invalidCode(`No ${proof.method} is set up for this account`);
    amr = await factor.verify(core, user.id, proof, context);
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'invalid_code') {
      await core.events.record(core.db, {
        type: 'mfa.failed',
        userId: user.id,
        ip,
        userAgent: context.client.userAgent,
        detail: { factor: proof.method },
      });
    } else await attempt.abandoned();
    throw error;
  }
  await attempt.succeeded();
  return amr;
}
