// Setting up and removing TOTP, and the recovery codes that come with it: the rules behind the /mfa routes.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import { logSecurityEvent } from '../events/security-log.js';
import { hasSecondFactor } from './factors.js';
import { invalidCode } from './invalid-code.js';
import { removeRecoveryCodes, replaceRecoveryCodes } from './recovery-codes.js';
import { matchingStep, newTotpSecret, otpauthUri } from './totp.js';
import { acceptStep, findTotp, removeTotp, startTotpSetup } from './totp-store.js';

interface Who {
  userId: string;
  ip: string;
}

const alreadyEnabled = () =>
  new TesseraError('mfa_already_enabled', 'TOTP is set up already: remove it (DELETE /auth/mfa/totp) to set up another');

/** A new secret, inactive until confirmed; replaces a setup never confirmed. */
export async function setUpTotp(core: Core, { userId }: Who): Promise<{ secret: string; otpauth_uri: string }> {
  const user = await core.users.findById(userId);
  if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
  const secret = newTotpSecret();
  if (!(await startTotpSetup(core, userId, secret))) throw alreadyEnabled();
  return { secret, otpauth_uri: otpauthUri(secret, user.email, core.config.issuer) };
}

/** A first code from the authenticator turns TOTP on; the answer carries the recovery codes, this once. */
export async function confirmTotp(core: Core, who: Who, code: string): Promise<string[]> {
  const totp = await findTotp(core, who.userId);
  if (!totp) throw new TesseraError('not_found', 'No TOTP setup to confirm: POST /auth/mfa/totp/setup first');
  if (totp.confirmed) throw alreadyEnabled();
  const step = matchingStep(totp.secret, code, core.config.now());
  if (step === null) throw invalidCode();
  // TOTP on, its recovery codes and mfa.enrolled commit together.
  return core.events.transaction(async (trx) => {
    if (!(await acceptStep(core, who.userId, step, { confirm: true, executor: trx }))) throw invalidCode();
    const codes = await replaceRecoveryCodes(core, who.userId, trx);
    await core.events.record(trx, { type: 'mfa.enrolled', userId: who.userId, ip: who.ip, detail: { factor: 'totp' } });
    return codes;
  });
}

/** Turns TOTP off; the recovery codes go too when no other factor is left for them to recover. */
export async function removeTotpFactor(core: Core, who: Who): Promise<void> {
  const removed = await core.events.transaction(async (trx) => {
    if (!(await removeTotp(core, who.userId, trx))) return false;
    await core.events.record(trx, { type: 'mfa.removed', userId: who.userId, ip: who.ip, detail: { factor: 'totp' } });
    return true;
  });
  if (!removed) throw new TesseraError('not_found', 'TOTP is not set up');
  if (!(await hasSecondFactor(core, who.userId))) await removeRecoveryCodes(core, who.userId);
}

/** A new set of codes; the old ones stop working. */
export async function regenerateRecoveryCodes(core: Core, who: Who): Promise<string[]> {
  if (!(await hasSecondFactor(core, who.userId))) {
    throw new TesseraError('not_found', 'Recovery codes come with a second factor: set up TOTP or a passkey first');
  }
  const codes = await replaceRecoveryCodes(core, who.userId);
  logSecurityEvent(core.config.logger, { event: 'recovery_codes_regenerated', userId: who.userId, ip: who.ip });
  return codes;
}
