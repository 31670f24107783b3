// MFA_REQUIRED → how much of a second factor the server asks for; a bad value is named at start-up.
import { ConfigError } from '../config/config-error.js';

/**
 * - `off`: no MFA routes (404) and no MFA step at sign-in, even for users who enrolled before.
 * - `optional`: users may enrol; those who did (or whose per-user flag is set) are asked at sign-in.
 * - `required`: every user must: one without a factor is signed in with `mfa_enrollment_required: true` and may use
 *   only the enrolment routes until a factor is confirmed (mfa/enrollment-gate.ts).
 */
export type MfaMode = 'off' | 'optional' | 'required';

const MODES: readonly MfaMode[] = ['off', 'optional', 'required'];

export function resolveMfaMode(value: string | undefined): MfaMode {
  const mode = (value ?? 'optional').toLowerCase();
  if (!MODES.includes(mode as MfaMode)) throw new ConfigError('MFA_REQUIRED', `"${value}" is not off, optional or required`);
  return mode as MfaMode;
}
