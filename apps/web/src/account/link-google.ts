'use client';
// "Link Google" in the direct section: the authorization code flow with PKCE (RFC 7636) from the browser; the API
// redeems the code with its client secret (POST /auth/social/google/link {code, code_verifier, redirect_uri}).
const PENDING = 'tessera-demo:link-google';

export interface PendingLink {
  state: string;
  verifier: string;
  redirectUri: string;
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = (size: number) => base64url(crypto.getRandomValues(new Uint8Array(size)));

/** Sends the browser to the provider's authorization endpoint; the answer comes back to /link-google. */
export async function startLinkGoogle(apiUrl: string): Promise<void> {
  const response = await fetch(`${apiUrl}/auth/social/providers`);
  const { providers } = (await response.json()) as {
    providers: Array<{ id: string; client_id: string; authorization_endpoint: string | null }>;
  };
  const google = providers.find((p) => p.id === 'google');
  if (!google?.authorization_endpoint) throw Object.assign(new Error('Google is not configured'), { code: 'provider_not_configured' });
  const pending: PendingLink = { state: random(16), verifier: random(32), redirectUri: `${location.origin}/link-google` };
  // RFC 7636 §4.2: S256, the challenge is the SHA-256 of the verifier.
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(google.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: google.client_id,
    redirect_uri: pending.redirectUri,
    scope: 'openid email profile',
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url);
}

/** The flow this tab started, once: a replayed callback finds nothing. */
export function takePendingLink(): PendingLink | null {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  try {
    return raw ? (JSON.parse(raw) as PendingLink) : null;
  } catch {
    return null;
  }
}
