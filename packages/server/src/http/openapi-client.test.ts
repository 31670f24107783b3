// A typed client generated from the served OpenAPI document (openapi-typescript + openapi-fetch) compiles against a
// call of every route, refuses a wrong one at compile time, and the calls work against the real app.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../test/test-core.js';

// Inside the repository, so the generated files resolve openapi-fetch from its node_modules.
const SCRATCH = resolve(import.meta.dirname, '../../../../test-results');

/** One call per route, typed by the generated `paths`; `run` returns what each answered. */
const CALLS = `
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

export const covered = [
  'post /auth/register', 'post /auth/login', 'post /auth/refresh', 'post /auth/logout', 'post /auth/logout-all',
  'get /auth/sessions', 'delete /auth/sessions/{id}', 'get /auth/me', 'patch /auth/me', 'post /auth/password',
  'get /auth/social/providers', 'post /auth/social/{provider}', 'delete /auth/social/{provider}',
  'get /.well-known/jwks.json', 'get /healthz', 'get /auth/openapi.json',
  'post /auth/social/{provider}/nonce', 'post /auth/reauthenticate',
  'post /auth/email/verify/request', 'post /auth/email/verify', 'post /auth/password/forgot', 'post /auth/password/reset',
  'post /auth/email/change', 'post /auth/email/change/confirm', 'post /auth/email/change/revert',
  'post /auth/email/sign-in', 'post /auth/email/sign-in/verify',
  'post /auth/social/{provider}/link',
  'post /auth/passkeys/register/options', 'post /auth/passkeys/register/verify', 'get /auth/passkeys',
  'patch /auth/passkeys/{id}', 'delete /auth/passkeys/{id}', 'post /auth/passkeys/login/options', 'post /auth/passkeys/login/verify',
  'get /auth/mfa', 'post /auth/mfa/totp/setup', 'post /auth/mfa/totp/confirm', 'delete /auth/mfa/totp', 'post /auth/mfa/recovery-codes',
  'post /auth/mfa/verify',
  'get /auth/me/events',
  'get /auth/me/export', 'delete /auth/me',
  'get /auth/admin/users', 'get /auth/admin/users/{id}', 'patch /auth/admin/users/{id}', 'delete /auth/admin/users/{id}',
  'post /auth/admin/users/{id}/disable', 'post /auth/admin/users/{id}/enable', 'post /auth/admin/users/{id}/sign-out',
  'post /auth/admin/users/{id}/impersonate',
];

export async function run(fetch: (request: Request) => Promise<Response>) {
  const api = createClient<paths>({ baseUrl: 'http://localhost', fetch });
  const body = { header: { 'X-Token-Transport': 'body' as const } };
  const statuses: Record<string, number> = {};
  const reg = await api.POST('/auth/register', { params: body, body: { email: 'typed@example.com', password: 'correct horse battery', name: 'Typed' } });
  statuses.register = reg.response.status;
  const login = await api.POST('/auth/login', { params: body, body: { email: 'typed@example.com', password: 'correct horse battery' } });
  statuses.login = login.response.status;
  // Two shapes: the token response, or the MFA step (this user has no second factor).
  const signedIn = login.data!;
  if (!('access_token' in signedIn)) throw new Error('unexpected MFA step');
  const access: string = signedIn.access_token;
  const bearer = { headers: { authorization: 'Bearer ' + access } };
  statuses.mfaStatus = (await api.GET('/auth/mfa', bearer)).response.status;
  statuses.totpSetup = (await api.POST('/auth/mfa/totp/setup', bearer)).response.status;
  statuses.totpConfirm = (await api.POST('/auth/mfa/totp/confirm', { ...bearer, body: { code: 'x' } })).response.status;
  statuses.totpRemove = (await api.DELETE('/auth/mfa/totp', bearer)).response.status;
  statuses.recoveryCodes = (await api.POST('/auth/mfa/recovery-codes', bearer)).response.status;
  statuses.mfaVerify = (await api.POST('/auth/mfa/verify', { body: { mfa_token: 'x', method: 'totp', code: '123456' } })).response.status;
  const refreshed = await api.POST('/auth/refresh', { body: { refresh_token: signedIn.refresh_token! } });
  statuses.refresh = refreshed.response.status;
  const me = await api.GET('/auth/me', bearer);
  statuses.me = me.response.status;
  const email: string = me.data!.email;
  const patched = await api.PATCH('/auth/me', { ...bearer, body: { name: 'Renamed' } });
  statuses.patchMe = patched.response.status;
  const sessions = await api.GET('/auth/sessions', bearer);
  statuses.sessions = sessions.response.status;
  const other = sessions.data!.sessions.find((s) => !s.current)!;
  const creation = await api.POST('/auth/passkeys/register/options', bearer);
  statuses.passkeyOptions = creation.response.status;
  const challenge: string = creation.data!.challenge;
  void challenge;
  const forged = { id: 'AAAA', rawId: 'AAAA', type: 'public-key' as const, clientExtensionResults: {} };
  statuses.registerPasskey = (await api.POST('/auth/passkeys/register/verify', { ...bearer, body: { response: { ...forged, response: { clientDataJSON: 'e30', attestationObject: 'oA' } }, name: 'Key' } })).response.status;
  const passkeys = await api.GET('/auth/passkeys', bearer);
  statuses.passkeys = passkeys.data!.passkeys.length === 0 ? passkeys.response.status : 0;
  statuses.renamePasskey = (await api.PATCH('/auth/passkeys/{id}', { ...bearer, params: { path: { id: 'AAAA' } }, body: { name: 'Key' } })).response.status;
  statuses.removePasskey = (await api.DELETE('/auth/passkeys/{id}', { ...bearer, params: { path: { id: 'AAAA' } } })).response.status;
  statuses.passkeyLoginOptions = (await api.POST('/auth/passkeys/login/options')).response.status;
  statuses.passkeyLogin = (await api.POST('/auth/passkeys/login/verify', { params: body, body: { response: { ...forged, response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' } } } })).response.status;
  statuses.revokeSession = (await api.DELETE('/auth/sessions/{id}', { ...bearer, params: { path: { id: other.id } } })).response.status;
  statuses.password = (await api.POST('/auth/password', { ...bearer, body: { current_password: 'correct horse battery', new_password: 'a new long password' } })).response.status;
  statuses.providers = (await api.GET('/auth/social/providers')).response.status;
  const social = await api.POST('/auth/social/{provider}', { params: { path: { provider: 'nowhere' } }, body: { id_token: 'x' } });
  statuses.social = social.response.status;
  statuses.socialCode = social.error ? 1 : 0;
  statuses.unlink = (await api.DELETE('/auth/social/{provider}', { ...bearer, params: { path: { provider: 'nowhere' } } })).response.status;
  statuses.socialNonce = (await api.POST('/auth/social/{provider}/nonce', { params: { path: { provider: 'nowhere' } } })).response.status;
  const linked = await api.POST('/auth/social/{provider}/link', { ...bearer, params: { path: { provider: 'nowhere' } }, body: { id_token: 'x' } });
  statuses.link = linked.response.status;
  const linkedProviders: string[] | undefined = linked.data?.providers;
  void linkedProviders;
  statuses.jwks = (await api.GET('/.well-known/jwks.json')).response.status;
  statuses.health = (await api.GET('/healthz')).response.status;
  statuses.openapi = (await api.GET('/auth/openapi.json')).response.status;
  statuses.verifyRequest = (await api.POST('/auth/email/verify/request', { body: { email: 'typed@example.com' } })).response.status;
  statuses.verify = (await api.POST('/auth/email/verify', { body: { token: 'x' } })).response.status;
  statuses.forgot = (await api.POST('/auth/password/forgot', { body: { email: 'typed@example.com' } })).response.status;
  statuses.reset = (await api.POST('/auth/password/reset', { body: { token: 'x', new_password: 'a new long password' } })).response.status;
  statuses.changeEmail = (await api.POST('/auth/email/change', { ...bearer, body: { new_email: 'typed2@example.com' } })).response.status;
  statuses.confirmEmailChange = (await api.POST('/auth/email/change/confirm', { body: { token: 'x' } })).response.status;
  statuses.revertEmailChange = (await api.POST('/auth/email/change/revert', { body: { token: 'x' } })).response.status;
  statuses.emailSignIn = (await api.POST('/auth/email/sign-in', { body: { email: 'typed@example.com' } })).response.status;
  statuses.emailSignInVerify = (await api.POST('/auth/email/sign-in/verify', { params: body, body: { email: 'typed@example.com', code: '000000' } })).response.status;
  const events = await api.GET('/auth/me/events', { ...bearer, params: { query: { limit: '2' } } });
  statuses.events = events.response.status;
  const newest: string | undefined = events.data?.events[0]?.type;
  statuses.eventsPage = events.data?.events.length ?? 0;
  statuses.eventsMore = events.data?.next_cursor ? 1 : 0;
  void newest;
  const exported = await api.GET('/auth/me/export', bearer);
  statuses.exportMe = exported.response.status;
  const id = { params: { path: { id: me.data!.id } } };
  // A normal user: every admin route answers 403.
  statuses.adminList = (await api.GET('/auth/admin/users', { ...bearer, params: { query: { q: 'typed', status: 'active', limit: '10' } } })).response.status;
  statuses.adminGet = (await api.GET('/auth/admin/users/{id}', { ...bearer, ...id })).response.status;
  statuses.adminPatch = (await api.PATCH('/auth/admin/users/{id}', { ...bearer, ...id, body: { email_verified: true } })).response.status;
  statuses.adminDisable = (await api.POST('/auth/admin/users/{id}/disable', { ...bearer, ...id })).response.status;
  statuses.adminEnable = (await api.POST('/auth/admin/users/{id}/enable', { ...bearer, ...id })).response.status;
  statuses.adminSignOut = (await api.POST('/auth/admin/users/{id}/sign-out', { ...bearer, ...id })).response.status;
  statuses.adminImpersonate = (await api.POST('/auth/admin/users/{id}/impersonate', { ...bearer, ...id })).response.status;
  statuses.adminDelete = (await api.DELETE('/auth/admin/users/{id}', { ...bearer, ...id })).response.status;
  statuses.logoutAll = (await api.POST('/auth/logout-all', bearer)).response.status;
  statuses.logout = (await api.POST('/auth/logout', { body: { refresh_token: refreshed.data!.refresh_token! } })).response.status;
  const again = await api.POST('/auth/login', { params: body, body: { email: 'typed@example.com', password: 'a new long password' } });
  const fresh = again.data!;
  if (!('access_token' in fresh)) throw new Error('unexpected MFA step');
  statuses.deleteMe = (await api.DELETE('/auth/me', { headers: { authorization: 'Bearer ' + fresh.access_token } })).response.status;
  return { statuses, email };
}
`;

/** Calls the generated types must refuse: if they compiled, the types would be too loose to be worth generating. */
const WRONG = `
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';
const api = createClient<paths>({ baseUrl: 'http://localhost' });
// @ts-expect-error: no such route
void api.GET('/auth/nothing');
// @ts-expect-error: login takes an email, not a username
void api.POST('/auth/login', { body: { username: 'a', password: 'b' } });
// @ts-expect-error: the session id is required
void api.DELETE('/auth/sessions/{id}', {});
// @ts-expect-error: limit is a query parameter of the events list, not a number
void api.GET('/auth/me/events', { params: { query: { limit: 2 } } });
`;

function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('a client generated from the OpenAPI document', () => {
  let server: TestCore;
  let dir: string;
  let operations: string[];

  beforeAll(async () => {
    server = await createTestCore();
    const doc = (await (await server.request('/auth/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    mkdirSync(SCRATCH, { recursive: true });
    dir = mkdtempSync(join(SCRATCH, 'openapi-client-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'schema.d.ts'), astToString(await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0])));
    writeFileSync(join(dir, 'calls.ts'), CALLS);
    writeFileSync(join(dir, 'wrong.ts'), WRONG);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('compiles a call of every route, and refuses wrong ones', () => {
    expect(typeErrors([join(dir, 'calls.ts'), join(dir, 'wrong.ts')])).toEqual([]);
  }, 60_000);

  it('covers every route of the document, and the calls work against the app', async () => {
    const js = ts.transpileModule(CALLS, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(join(dir, 'calls.mjs'), js.outputText);
    const calls = (await import(pathToFileURL(join(dir, 'calls.mjs')).href)) as {
      covered: string[];
      run(fetch: (request: Request) => Promise<Response>): Promise<{ statuses: Record<string, number>; email: string }>;
    };
    expect([...calls.covered].sort()).toEqual([...operations].sort());
    const { statuses, email } = await calls.run((request) => server.tessera.fetch(request));
    expect(email).toBe('typed@example.com');
    expect(statuses).toEqual({
      register: 201,
      login: 200,
      refresh: 200,
      me: 200,
      patchMe: 200,
      sessions: 200,
      revokeSession: 204,
      password: 204,
      providers: 200,
      social: 404,
      socialCode: 1,
      unlink: 404,
      socialNonce: 404,
      link: 404,
      jwks: 200,
      health: 200,
      openapi: 200,
      logout: 204,
      logoutAll: 204,
      verifyRequest: 202,
      verify: 400,
      forgot: 202,
      reset: 400,
      changeEmail: 202,
      confirmEmailChange: 400,
      revertEmailChange: 400,
      emailSignIn: 202,
      emailSignInVerify: 400,
      passkeyOptions: 200,
      registerPasskey: 401,
      passkeys: 200,
      renamePasskey: 404,
      removePasskey: 404,
      passkeyLoginOptions: 200,
      passkeyLogin: 401,
      mfaStatus: 200,
      totpSetup: 200,
      totpConfirm: 401,
      totpRemove: 204,
      recoveryCodes: 404,
      mfaVerify: 401,
      events: 200,
      eventsPage: 2,
      eventsMore: 1,
      exportMe: 200,
      adminList: 403,
      adminGet: 403,
      adminPatch: 403,
      adminDisable: 403,
      adminEnable: 403,
      adminSignOut: 403,
      adminImpersonate: 403,
      adminDelete: 403,
      deleteMe: 204,
    });
  });
});
