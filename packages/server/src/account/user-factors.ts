// The second factors a user has, as names and dates only (no secret, no hash): for the admin's user detail and the
// account export. One reader per factor table; those tables reference users ON DELETE CASCADE, so deletion needs
// no line here.
import type { Core } from '../core.js';

export interface FactorSummary {
  /** `totp`, `recovery_code`, `webauthn` (mfa/second-factor.ts FactorMethod). */
  type: string;
  /** A label the user gave (a passkey's name), or null. */
  name: string | null;
  /** ISO 8601. */
  created_at: string;
  /** ISO 8601, or null when never used. */
  last_used_at: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export async function factorsOf(core: Core, userId: string): Promise<FactorSummary[]> {
  const [totp, codes, passkeys] = await Promise.all([
    core.db.selectFrom('mfa_totp').select(['confirmed_at', 'created_at']).where('user_id', '=', userId).executeTakeFirst(),
    core.db.selectFrom('mfa_recovery_codes').select(['created_at', 'used_at']).where('user_id', '=', userId).execute(),
    core.db
      .selectFrom('webauthn_credentials')
      .select(['name', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute(),
  ]);
  const factors: FactorSummary[] = [];
  // A TOTP setup never confirmed is no factor.
  if (totp?.confirmed_at != null) factors.push({ type: 'totp', name: null, created_at: iso(totp.confirmed_at)!, last_used_at: null });
  const unused = codes.filter((code) => code.used_at === null);
  if (unused.length > 0) {
    const lastUsed = Math.max(0, ...codes.map((code) => Number(code.used_at ?? 0)));
    factors.push({
      type: 'recovery_code',
      name: `${unused.length} unused`,
      created_at: iso(Math.min(...codes.map((code) => Number(code.created_at))))!,
      last_used_at: lastUsed > 0 ? iso(lastUsed) : null,
    });
  }
  for (const passkey of passkeys) {
    factors.push({ type: 'webauthn', name: passkey.name, created_at: iso(passkey.created_at)!, last_used_at: iso(passkey.last_used_at) });
  }
  return factors;
}
