// Who must use a second factor: everyone under MFA_REQUIRED=required, and users whose own flag is set (an admin's or
// the application's decision) under MFA_REQUIRED=optional. MFA_REQUIRED=off turns every part of MFA off.
import type { Core } from '../core.js';

export function isMfaRequiredFor(core: Core, user: { mfa_required?: number }): boolean {
  const mode = core.config.mfaRequired;
  return mode === 'required' || (mode === 'optional' && user.mfa_required === 1);
}

/**
 * Sets or clears the per-user flag. With it set, the user must enrol a factor at their next sign-in (as under
 * MFA_REQUIRED=required) and is asked for it at every sign-in after.
 * @example await setMfaRequired(await tessera.ready(), userId, true)
 */
export async function setMfaRequired(core: Core, userId: string, required: boolean): Promise<void> {
  await core.db
    .updateTable('users')
    .set({ mfa_required: required ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}
