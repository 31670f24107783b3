// TOTP as a SecondFactor: a confirmed authenticator, and a current code not accepted before.
import type { SecondFactor } from './second-factor.js';
import { invalidCode } from './invalid-code.js';
import { matchingStep } from './totp.js';
import { acceptStep, findTotp, hasConfirmedTotp } from './totp-store.js';

export const totpFactor: SecondFactor = {
  method: 'totp',
  enrolled: (core, userId) => hasConfirmedTotp(core, userId),
  async verify(core, userId, proof) {
    if (proof.method !== 'totp') throw invalidCode();
    const totp = await findTotp(core, userId);
    if (!totp?.confirmed) throw invalidCode();
    const step = matchingStep(totp.secret, proof.code, core.config.now());
    // A replay (this step or an older one was used already) fails the conditional update, concurrent ones included.
    if (step === null || !(await acceptStep(core, userId, step))) throw invalidCode();
    return ['otp'];
  },
};
