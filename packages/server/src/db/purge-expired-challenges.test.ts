// The hourly purge takes expired MFA challenges, passkey challenges and social nonces, and leaves live ones. Before,
// an abandoned second step's mfa_token stayed until its user signed in again; the other two tables were pruned only
// when the next one was issued.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../core.js';
import { dialects } from '../test/databases.js';
import { registerWithBody } from '../test/flows.js';
import { enrolTotp, loginToMfaStep } from '../test/mfa-flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const MFA_TOKEN_TTL_MS = 5 * 60_000;
const MINUTE = 60_000;

describe.each(dialects)('purging expired challenges on %s', (dialect) => {
  let server: TestServer;
  let core: Core;
  beforeAll(async () => {
    server = await createTestServer(dialect);
    core = await server.tessera.ready();
  });
  afterAll(() => server?.close());

  const ids = async (table: 'mfa_challenges' | 'webauthn_challenges' | 'social_issued_nonces', wanted: string[]) =>
    (await core.db.selectFrom(table).select('id').where('id', 'in', wanted).execute()).map((row) => row.id).sort();

  /** A user with TOTP on, stopped at the MFA step: the id of the challenge row of its mfa_token. */
  async function abandonedSecondStep(): Promise<string> {
    const { email, accessToken } = await registerWithBody(server);
    await enrolTotp(server, accessToken);
    const { mfa_token } = await loginToMfaStep(server, email);
    return createHash('sha256').update(mfa_token).digest('hex');
  }

  it('deletes the MFA challenge of a second step nobody finished once it expires, and keeps a live one', async () => {
    const abandoned = await abandonedSecondStep();
    server.clock.advance(MFA_TOKEN_TTL_MS + 1);
    // Another user's sign-in prunes only that user's challenges: the abandoned one is still there.
    const live = await abandonedSecondStep();
    expect(await ids('mfa_challenges', [abandoned, live])).toEqual([abandoned, live].sort());

    const purged = await core.purgeExpiredChallenges();
    expect(purged.mfaChallenges).toBeGreaterThanOrEqual(1);
    expect(await ids('mfa_challenges', [abandoned, live])).toEqual([live]);
  });

  it('deletes an expired passkey challenge and keeps a live one', async () => {
    const now = server.clock.now();
    const row = (expiresAt: number) => ({
      id: randomBytes(16).toString('hex'),
      purpose: 'login' as const,
      user_id: null,
      session_id: null,
      created_at: expiresAt - 5 * MINUTE,
      expires_at: expiresAt,
    });
    const expired = row(now - 1);
    const live = row(now + MINUTE);
    await core.db.insertInto('webauthn_challenges').values([expired, live]).execute();

    expect((await core.purgeExpiredChallenges()).passkeyChallenges).toBeGreaterThanOrEqual(1);
    expect(await ids('webauthn_challenges', [expired.id, live.id])).toEqual([live.id]);
  });

  it('deletes an expired social nonce and keeps a live one', async () => {
    const now = server.clock.now();
    const expired = { id: randomBytes(16).toString('hex'), expires_at: now - 1 };
    const live = { id: randomBytes(16).toString('hex'), expires_at: now + MINUTE };
    await core.db.insertInto('social_issued_nonces').values([expired, live]).execute();

    expect((await core.purgeExpiredChallenges()).socialNonces).toBeGreaterThanOrEqual(1);
    expect(await ids('social_issued_nonces', [expired.id, live.id])).toEqual([live.id]);
  });

  it('goes through more rows than one batch holds', async () => {
    const now = server.clock.now();
    const rows = Array.from({ length: 250 }, () => ({ id: randomBytes(16).toString('hex'), expires_at: now - MINUTE }));
    await core.db.insertInto('social_issued_nonces').values(rows).execute();
    expect((await core.purgeExpiredChallenges()).socialNonces).toBe(250);
    expect(
      await ids(
        'social_issued_nonces',
        rows.map((row) => row.id),
      ),
    ).toEqual([]);
  });
});
