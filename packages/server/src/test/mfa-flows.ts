// Helpers of the MFA suites: TOTP codes computed the way an authenticator app does (otpauth, from the secret the
// server showed), enrolment over HTTP, and the MFA step.
import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import { bearer, PASSWORD, type TokenBody } from './flows.js';
import type { TestServer } from './test-server.js';

type Server = Pick<TestServer, 'request' | 'clock'>;

/** The code an authenticator app shows at `atMs`. */
export function totpCode(secret: string, atMs: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: atMs });
}

export const STEP_MS = 30_000;

/** Moves the clock to the start of the next 30-second step, so the code there is new (never a replay). */
export function nextStep(server: Server): void {
  const now = server.clock.now();
  server.clock.set(now - (now % STEP_MS) + STEP_MS);
}

export interface Enrolled {
  secret: string;
  recoveryCodes: string[];
}

/** Sets up and confirms TOTP for the token's user. */
export async function enrolTotp(server: Server, accessToken: string): Promise<Enrolled> {
  const setup = await server.request('/auth/mfa/totp/setup', { method: 'POST', headers: bearer(accessToken) });
  expect(setup.status, await setup.clone().text()).toBe(200);
  const { secret } = (await setup.json()) as { secret: string };
  const confirm = await server.request('/auth/mfa/totp/confirm', {
    method: 'POST',
    headers: bearer(accessToken),
    json: { code: totpCode(secret, server.clock.now()) },
  });
  expect(confirm.status, await confirm.clone().text()).toBe(200);
  const { recovery_codes } = (await confirm.json()) as { recovery_codes: string[] };
  return { secret, recoveryCodes: recovery_codes };
}

export interface MfaChallengeBody {
  mfa_required: true;
  mfa_token: string;
  methods: string[];
}

export function login(server: Server, email: string, headers: Record<string, string> = {}) {
  return server.request('/auth/login', {
    method: 'POST',
    json: { email, password: PASSWORD },
    headers: { 'X-Token-Transport': 'body', ...headers },
  });
}

/** Signs in with the password and expects the MFA step. */
export async function loginToMfaStep(server: Server, email: string, headers: Record<string, string> = {}): Promise<MfaChallengeBody> {
  const res = await login(server, email, headers);
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as MfaChallengeBody;
  expect(body.mfa_required).toBe(true);
  return body;
}

export function verifyMfa(server: Server, json: Record<string, unknown>, headers: Record<string, string> = {}) {
  return server.request('/auth/mfa/verify', { method: 'POST', json, headers: { 'X-Token-Transport': 'body', ...headers } });
}

/** The MFA step finished with the next TOTP code. */
export async function finishWithTotp(server: Server, mfaToken: string, secret: string): Promise<TokenBody> {
  nextStep(server);
  const res = await verifyMfa(server, { mfa_token: mfaToken, method: 'totp', code: totpCode(secret, server.clock.now()) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as TokenBody;
}

export const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { auth_time?: number; amr?: string[]; sub: string };
