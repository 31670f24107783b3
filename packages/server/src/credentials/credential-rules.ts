// The decisions of a password sign-in, as plain functions over values: no I/O, tested without HTTP.

export type LoginDecision = { ok: false } | { ok: true; rehash: boolean };

/**
 * A login succeeds only when the account exists and the password matched; a stored hash made with weaker
 * parameters than today's is replaced while the plain password is at hand.
 */
export function decideLogin(input: { userFound: boolean; passwordMatches: boolean; needsRehash: boolean }): LoginDecision {
  if (!input.userFound || !input.passwordMatches) return { ok: false };
  return { ok: true, rehash: input.needsRehash };
}
