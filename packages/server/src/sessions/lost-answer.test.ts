// Issue 11 item 6: a rotation whose answer never reached the client must not log the user out, even when the client
// only comes back after the grace window, through a server restart; a real reuse is still caught.
import { afterAll, describe, expect, it } from 'vitest';
import { dialects, openTestDatabase } from '../test/databases.js';
import { bearer, expectProblem, refreshWithBody, registerWithBody } from '../test/flows.js';
import { createClock } from '../test/clock.js';
import { createTestCore, type TestCore } from '../test/test-core.js';

type Tokens = { refresh_token: string; access_token: string };
const tokensOf = async (res: Response) => {
  expect(res.status).toBe(200);
  return (await res.json()) as Tokens;
};

describe.each(dialects)('refresh answers lost in transit on %s', (dialect) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('answers the parent with the same successor after a restart that outlasts the grace window, and keeps the session', async () => {
    const database = await openTestDatabase(dialect);
    cleanup.push(() => database.close());
    const clock = createClock(Date.now());
    const before = await createTestCore({ refreshReuseGrace: 10 }, { database, clock });
    const user = await registerWithBody(before);
    // The server rotates and commits, but the client never sees the answer.
    const lost = await tokensOf(await refreshWithBody(before, user.refreshToken));
    await before.close();

    clock.advance(60_000);
    const after = await createTestCore({ refreshReuseGrace: 10 }, { database, clock });
    cleanup.push(() => after.close());
    const retried = await tokensOf(await refreshWithBody(after, user.refreshToken));
    expect(retried.refresh_token).toBe(lost.refresh_token);
    const next = await tokensOf(await refreshWithBody(after, retried.refresh_token));
    expect((await after.request('/auth/me', { headers: bearer(next.access_token) })).status).toBe(200);
  });

  describe('reuse', () => {
    let server: TestCore;
    it('replays a token two steps behind inside the grace window of the step after it', async () => {
      server = await createTestCore({ refreshReuseGrace: 10 });
      cleanup.push(() => server.close());
      const user = await registerWithBody(server);
      const first = await tokensOf(await refreshWithBody(server, user.refreshToken));
      server.clock.advance(1_000);
      const second = await tokensOf(await refreshWithBody(server, first.refresh_token));
      server.clock.advance(8_000);
      // A slow request with the original token, overtaken twice within 10 s: it gets the first successor back,
      // which in turn leads to the newest token.
      const slow = await tokensOf(await refreshWithBody(server, user.refreshToken));
      expect(slow.refresh_token).toBe(first.refresh_token);
      expect((await tokensOf(await refreshWithBody(server, slow.refresh_token))).refresh_token).toBe(second.refresh_token);
    });

    it('revokes the session when an ancestor comes back after its successor was used and the window passed', async () => {
      const user = await registerWithBody(server);
      const first = await tokensOf(await refreshWithBody(server, user.refreshToken));
      const second = await tokensOf(await refreshWithBody(server, first.refresh_token));
      server.clock.advance(11_000);
      const stolen = await refreshWithBody(server, user.refreshToken);
      await expectProblem(stolen, 401, 'refresh_token_reused');
      expect(stolen.headers.get('www-authenticate')).toContain('error="invalid_token"');
      // The whole session is gone: the legitimate newest token no longer works, nor its access token on Tessera's routes.
      await expectProblem(await refreshWithBody(server, second.refresh_token), 401, 'session_revoked');
      await expectProblem(await server.request('/auth/me', { headers: bearer(second.access_token) }), 401, 'session_revoked');
    });
  });
});
