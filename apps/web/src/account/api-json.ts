// One JSON call over a Bearer-adding fetch, failing with the demo's ApiFailure (the code the alerts show). The issue 16
// pages call the API through the section's fetch, as the Security pages do: the next-auth section has no AuthClient,
// so the SDK's `@tessera/client/account` and `/admin` functions cannot serve both sections.
import { ApiFailure, type ApiFetch } from '../security/api-fetch-security';

export async function apiJson<T>(apiFetch: ApiFetch, path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await apiFetch(path, init);
  } catch {
    throw new ApiFailure('network_error');
  }
  if (response.ok) return (response.status === 204 ? null : await response.json()) as T;
  const body = (await response.json().catch(() => ({}))) as { code?: string };
  throw new ApiFailure(body.code ?? `http_${response.status}`, Number(response.headers.get('retry-after')) || undefined);
}
