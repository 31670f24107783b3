// Failure events cannot be turned into a write amplifier: refused logins past the throttle cost one row a minute per
// address and account, and what a client sends (user agent, email) is stored bounded. Event ids sort in the order
// they were made, within one millisecond too and when the clock goes back.
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, registerWithBody } from '../test/flows.js';
import { createTestCore, type TestCore } from '../test/test-core.js';
import { createEventIdGenerator } from './event-id.js';
import { MAX_FIELD_LENGTH } from './security-log.js';

describe('failure events under attack', () => {
  let server: TestCore | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('writes one login.throttled row a minute for a flood of refused guesses, and bounds what the client sent', async () => {
    server = await createTestCore({ loginMaxFailuresPerAccountAndIp: 2 });
    const user = await registerWithBody(server);
    const hugeAgent = 'A'.repeat(5000);
    const guess = () =>
      server!.request('/auth/login', {
        method: 'POST',
        headers: { 'User-Agent': hugeAgent },
        json: { email: user.email, password: 'guess' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await guess()).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(23);
    const core = await server.tessera.ready();
    const rows = () =>
      core.db
        .selectFrom('security_events')
        .select(['type', 'user_id', 'user_agent', 'detail'])
        .where('type', 'like', 'login.%')
        .orderBy('id')
        .execute();
    const written = await rows();
    expect(written.map((r) => r.type)).toEqual(['login.failed', 'login.failed', 'login.throttled']);
    expect(written.every((r) => r.user_id === user.body.user.id)).toBe(true);
    expect(written.every((r) => r.user_agent!.length === MAX_FIELD_LENGTH)).toBe(true);
    expect(written.every((r) => r.detail.length < 400)).toBe(true);
    // A minute later, one more.
    server.clock.advance(61_000);
    expect((await guess()).status).toBe(429);
    expect((await rows()).map((r) => r.type)).toEqual(['login.failed', 'login.failed', 'login.throttled', 'login.throttled']);
    expect(JSON.stringify(await rows())).not.toContain(PASSWORD);
  });

  it('writes one login.throttled row a minute for one address spraying many accounts', async () => {
    server = await createTestCore({ loginMaxFailuresPerIp: 2 });
    for (let i = 0; i < 10; i++) {
      await server.request('/auth/login', { method: 'POST', json: { email: `nobody${i}@example.com`, password: 'guess' } });
    }
    const core = await server.tessera.ready();
    const types = await core.db.selectFrom('security_events').select('type').orderBy('id').execute();
    expect(types.map((t) => t.type)).toEqual(['login.failed', 'login.failed', 'login.throttled']);
  });
});

describe('createEventIdGenerator', () => {
  it('makes UUIDv7 ids that sort in the order they were made, in one millisecond and when the clock goes back', () => {
    let now = Date.UTC(2026, 11, 2);
    const next = createEventIdGenerator(() => now);
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) ids.push(next());
    now -= 60_000;
    ids.push(next(), next());
    now += 120_000;
    ids.push(next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
