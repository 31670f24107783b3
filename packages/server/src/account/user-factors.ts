// The second factors a user has, as names and dates only (no secret, no hash): for the admin's user detail and the
// account export. One source per factor table; the factor branches add theirs here at merge (TOTP and recovery codes
// from mfa/, passkeys from passkeys/). Their tables reference users ON DELETE CASCADE, so deletion needs no line.
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

/** Reads one kind of factor of a user. */
export type FactorSource = (core: Core, userId: string) => Promise<FactorSummary[]>;

/** Every factor table's reader; empty until a factor lands. */
export const factorSources: FactorSource[] = [];

export async function factorsOf(core: Core, userId: string): Promise<FactorSummary[]> {
  const lists = await Promise.all(factorSources.map((source) => source(core, userId)));
  return lists.flat();
}
