// Recovery codes as a SecondFactor: each code once (RFC 8176 `otp`: a one-time password, like TOTP).
import type { SecondFactor } from './second-factor.js';
import { invalidCode } from './invalid-code.js';
import { consumeRecoveryCode, hasUnusedRecoveryCodes } from './recovery-codes.js';

export const recoveryCodeFactor: SecondFactor = {
  method: 'recovery_code',
  enrolled: (core, userId) => hasUnusedRecoveryCodes(core, userId),
  async verify(core, userId, proof) {
    if (proof.method !== 'recovery_code' || proof.code.length > 64) throw invalidCode();
    if (!(await consumeRecoveryCode(core, userId, proof.code))) throw invalidCode();
    return ['otp'];
  },
};
