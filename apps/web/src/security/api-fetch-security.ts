// SecurityApi over a fetch that adds the session's Bearer token (the direct client's `fetch`, or the next-auth
// section's useAccessToken): the same HTTP calls from both sections (the SDK's account functions need an AuthClient,
// which the next-auth section has not).
import { createPasskey, type PublicKeyCredentialCreationOptionsJSON } from '@tessera/client/passkeys';
import type { MfaStatus, Passkey, SecurityApi, TotpSetup } from './security-api';

/** fetch against the API with the Bearer token added; paths start with `/auth`. */
export type ApiFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** A failed answer as the `{ code, retryAfter }` the demo's alerts show. */
export class ApiFailure extends Error {
  constructor(
    readonly code: string,
    readonly retryAfter?: number,
  ) {
    super(code);
  }
}

async function json<T>(response: Response): Promise<T> {
  if (response.ok) return (response.status === 204 ? null : await response.json()) as T;
  const body = (await response.json().catch(() => ({}))) as { code?: string };
  throw new ApiFailure(body.code ?? `http_${response.status}`, Number(response.headers.get('retry-after')) || undefined);
}

const send = (method: string, body?: unknown): RequestInit => ({
  method,
  ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
});

export function createApiFetchSecurity(apiFetch: ApiFetch): SecurityApi {
  const call = <T>(path: string, init?: RequestInit) =>
    apiFetch(path, init).then(json<T>, () => {
      throw new ApiFailure('network_error');
    });
  return {
    mfaStatus: () => call<MfaStatus>('/auth/mfa'),
    setupTotp: () => call<TotpSetup>('/auth/mfa/totp/setup', send('POST', {})),
    confirmTotp: async (code) =>
      (await call<{ recovery_codes: string[] }>('/auth/mfa/totp/confirm', send('POST', { code }))).recovery_codes,
    disableTotp: () => call<void>('/auth/mfa/totp', send('DELETE')),
    regenerateRecoveryCodes: async () =>
      (await call<{ recovery_codes: string[] }>('/auth/mfa/recovery-codes', send('POST', {}))).recovery_codes,
    listPasskeys: async () => (await call<{ passkeys: Passkey[] }>('/auth/passkeys')).passkeys,
    async addPasskey(name) {
      const options = await call<PublicKeyCredentialCreationOptionsJSON>('/auth/passkeys/register/options', send('POST', {}));
      // The browser's prompt, with the base64url conversions both ways (@tessera/client/passkeys).
      const response = await createPasskey(options);
      return call<Pick<Passkey, 'id' | 'name' | 'created_at'>>(
        '/auth/passkeys/register/verify',
        send('POST', { response, ...(name ? { name } : {}) }),
      );
    },
    renamePasskey: (id, name) => call<void>(`/auth/passkeys/${encodeURIComponent(id)}`, send('PATCH', { name })).then(() => undefined),
    removePasskey: (id) => call<void>(`/auth/passkeys/${encodeURIComponent(id)}`, send('DELETE')),
  };
}
