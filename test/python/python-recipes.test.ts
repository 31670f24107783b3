// docs/examples/python (a PyJWT verifier and a Django REST Framework authentication class) against a real Tessera:
// what a team keeping its Django API runs. Debian's Django, DRF and PyJWT, no mocks; forged tokens are signed with
// the server's own key, so each is refused for the reason it names and not for an unknown key.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithBody } from '../../packages/server/src/test/flows.js';
import { createTestServer, type TestServer } from '../../packages/server/src/test/test-server.js';
import { findPython } from '../simplejwt/simplejwt-backend.js';

const RECIPES = fileURLToPath(new URL('./run_recipes.py', import.meta.url));

interface Outcome {
  plain: { ok: boolean; sub?: string; error?: string };
  drf: { status: number; body: Record<string, unknown>; www_authenticate: string | null };
}

let server: TestServer;
let outcomes: Record<string, Outcome>;
let subject: string;

beforeAll(async () => {
  server = await createTestServer('sqlite');
  const signedIn = await registerWithBody(server);
  subject = signedIn.body.user.id;
  const claims = JSON.parse(Buffer.from(signedIn.accessToken.split('.')[1]!, 'base64url').toString()) as JWTPayload;
  const core = await server.tessera.ready();
  const key = core.keys.current();
  const forge = (payload: JWTPayload, header: Record<string, unknown> = {}) =>
    new SignJWT(payload).setProtectedHeader({ alg: key.alg, typ: 'at+jwt', kid: key.kid, ...header }).sign(key.privateKey);
  const now = Math.floor(Date.now() / 1000);
  const tokens = {
    valid: signedIn.accessToken,
    expired: await forge({ ...claims, iat: now - 3600, exp: now - 1800 }),
    wrongAudience: await forge({ ...claims, aud: 'another-api' }),
    wrongIssuer: await forge({ ...claims, iss: 'https://evil.example' }),
    idTokenTyp: await forge(claims, { typ: 'JWT' }),
    noSession: await forge({ ...claims, sid: undefined }),
    unknownKid: await forge(claims, { kid: 'not-a-key' }),
    algNone: `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: key.kid })).toString('base64url')}.${signedIn.accessToken.split('.')[1]}.`,
    tampered: `${signedIn.accessToken.slice(0, -4)}AAAA`,
  };
  // Not spawnSync: the server answering the JWKS request runs in this process's event loop.
  const python = spawn(findPython(), [RECIPES], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  python.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  python.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  python.stdin.end(JSON.stringify({ jwks_url: `${server.url}/.well-known/jwks.json`, issuer: 'tessera', audience: 'tessera', tokens }));
  const code = await new Promise<number | null>((resolve) => python.once('exit', resolve));
  if (code !== 0) throw new Error(`run_recipes.py failed (${code}):\n${stderr}`);
  outcomes = JSON.parse(stdout) as Record<string, Outcome>;
});
afterAll(() => server?.close());

describe('the Python recipes', () => {
  it('accept a Tessera access token: the verifier returns its claims, the DRF view sees the user', () => {
    expect(outcomes.valid!.plain).toEqual({ ok: true, sub: subject });
    expect(outcomes.valid!.drf.status).toBe(200);
    expect(outcomes.valid!.drf.body.sub).toBe(subject);
  });

  it('refuse an expired token as expired', () => {
    expect(outcomes.expired!.plain).toEqual({ ok: false, error: 'ExpiredSignatureError' });
    expect(outcomes.expired!.drf.status).toBe(401);
    expect(outcomes.expired!.drf.www_authenticate).toBe('Bearer realm="api"');
  });

  it.each([
    ['wrongAudience', 'InvalidAudienceError'],
    ['wrongIssuer', 'InvalidIssuerError'],
    ['idTokenTyp', 'InvalidTokenError'],
    ['noSession', 'MissingRequiredClaimError'],
    ['unknownKid', 'InvalidTokenError'],
    ['algNone', 'InvalidAlgorithmError'],
    ['tampered', 'InvalidSignatureError'],
  ])('refuse %s (%s) with 401', (name, error) => {
    expect(outcomes[name]!.plain).toEqual({ ok: false, error });
    expect(outcomes[name]!.drf.status).toBe(401);
  });
});
