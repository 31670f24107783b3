// The challenge a response answers, read from its clientDataJSON before anything is verified: it names the row to
// consume. Nothing here is trusted yet; the signature check later covers the same bytes.

/** The `challenge` member of base64url clientDataJSON, or undefined when it is not readable JSON with one. */
export function challengeOf(clientDataJSON: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const challenge = (parsed as { challenge?: unknown }).challenge;
    return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 512 ? challenge : undefined;
  } catch {
    return undefined;
  }
}
