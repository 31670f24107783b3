'use client';
// The account-by-email calls of issue 12's HTTP contract, as the demo's pages make them: mailed-token pages and
// "202 always" requests need no session; change email and link a provider go through the client's Bearer fetch.
import { AuthError, type AuthClient, type AuthErrorCode, type TesseraUser } from '@tessera/client';

/** A provider's authorization code with its PKCE verifier (RFC 7636), for POST /auth/social/:provider/link. */
export interface ProviderCode {
  code: string;
  code_verifier: string;
  redirect_uri: string;
}

async function fail(response: Response): Promise<never> {
  const body = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  const code = (body.code ?? (response.status === 429 ? 'rate_limited' : `http_${response.status}`)) as AuthErrorCode;
  throw new AuthError(code, body.detail ?? response.statusText, response.status, retryAfter);
}

/**
 * The access token of the last reauthentication: its auth_time is now, so the retried change goes out with it (the
 * client keeps its own token, whose auth_time the next refresh brings up to date). Shared by every form of the page.
 */
let reauthenticated: string | undefined;

/** The calls, bound to the API and the section's auth client. */
export function createAccountApi(apiUrl: string, client: AuthClient) {
  /** JSON POST without a session; `credentials: 'include'` so a sign-in answer's refresh cookie is stored. */
  async function post<T>(path: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${apiUrl}/auth${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        credentials: 'include',
      });
    } catch (error) {
      throw new AuthError('network_error', String(error));
    }
    if (!response.ok) return fail(response);
    return (response.status === 204 || response.status === 202 ? null : await response.json()) as T;
  }

  /** JSON POST with the session's access token (the reauthenticated one once, when there is one). */
  async function postAsUser<T>(path: string, body: unknown): Promise<T> {
    const accessToken = reauthenticated;
    reauthenticated = undefined;
    const init: RequestInit = {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
      body: JSON.stringify(body),
    };
    let response: Response;
    try {
      response = accessToken ? await fetch(`${apiUrl}/auth${path}`, init) : await client.fetch(`/auth${path}`, init);
    } catch (error) {
      throw new AuthError('network_error', String(error));
    }
    if (!response.ok) return fail(response);
    return (response.status === 204 || response.status === 202 ? null : await response.json()) as T;
  }

  return {
    requestPasswordReset: (email: string) => post<null>('/password/forgot', { email }),
    resetPassword: (token: string, newPassword: string) => post<null>('/password/reset', { token, new_password: newPassword }),
    /** Signed in: for the session's user; signed out: for the address given. */
    requestEmailVerification: (email?: string) =>
      email === undefined ? postAsUser<null>('/email/verify/request', {}) : post<null>('/email/verify/request', { email }),
    verifyEmail: (token: string) => post<TesseraUser>('/email/verify', { token }),
    changeEmail: (newEmail: string) => postAsUser<null>('/email/change', { new_email: newEmail }),
    confirmEmailChange: (token: string) => post<TesseraUser>('/email/change/confirm', { token }),
    revertEmailChange: (token: string) => post<TesseraUser>('/email/change/revert', { token }),
    signInWithEmail: (email: string) => post<null>('/email/sign-in', { email }),
    /** The answer sets the refresh cookie; the page then restores the session from it. */
    verifyEmailSignIn: (proof: { token: string } | { email: string; code: string }) => post<unknown>('/email/sign-in/verify', proof),
    /** Confirms the password; the next change (email, linking) goes out with the answer's fresh access token. */
    async reauthenticate(password: string): Promise<void> {
      reauthenticated = (await postAsUser<{ access_token: string }>('/reauthenticate', { password })).access_token;
    },
    linkProvider: (provider: string, proof: ProviderCode) => postAsUser<TesseraUser>(`/social/${encodeURIComponent(provider)}/link`, proof),
  };
}

export type AccountApi = ReturnType<typeof createAccountApi>;
