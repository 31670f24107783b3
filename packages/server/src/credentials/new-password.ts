// The gate every new password passes (registration, password change, createsuperuser, and any future reset): the
// policy's rules, then the breached-password check when it is on.
import type { ResolvedConfig } from '../config/index.js';
import { TesseraError } from '../errors.js';
import { createBreachCheck } from './breached-password.js';
import { isCommonPassword } from './common-passwords.js';
import { passwordProblem, type PasswordContext } from './password-policy.js';

/** Why the new password is refused, or undefined. */
export async function newPasswordProblem(config: ResolvedConfig, password: string, context: PasswordContext): Promise<string | undefined> {
  const problem = passwordProblem(password, context, isCommonPassword);
  if (problem) return problem;
  const { breachCheck } = config;
  if (breachCheck.enabled) {
    const check = createBreachCheck({ url: breachCheck.url, timeoutMs: breachCheck.timeoutMs, fetch: config.fetch, logger: config.logger });
    if (await check(password)) return 'Password has appeared in a data breach: choose another';
  }
  return undefined;
}

/** Throws `validation_failed` naming `field` when the new password is refused. */
export async function assertNewPassword(config: ResolvedConfig, field: string, password: string, context: PasswordContext): Promise<void> {
  const problem = await newPasswordProblem(config, password, context);
  if (problem) throw new TesseraError('validation_failed', `${field}: ${problem}`, { errors: [{ path: field, message: problem }] });
}
