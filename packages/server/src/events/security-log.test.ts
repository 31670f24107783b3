// Issue 10, item 16: failed logins, lockouts, password changes and revocations leave one structured line each, and
// no line carries a password or a token, whatever the request held.
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../config/index.js';
import { PASSWORD, registerWithBody, uniqueEmail } from '../test/flows.js';
import { createTestCore, type TestCore } from '../test/test-core.js';
import { logSecurityEvent } from './security-log.js';

interface Line {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

function recordingLogger(): Logger & { lines: Line[]; events(): Line[] } {
  const lines: Line[] = [];
  const at = (level: Line['level']) => (message: string, fields?: Record<string, unknown>) => lines.push({ level, message, fields });
  return {
    lines,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    events: () => lines.filter((l) => l.message.startsWith('security: ')),
  };
}

describe('logSecurityEvent', () => {
  it('writes refusals as warnings and the rest as information, one line each', () => {
    const logger = recordingLogger();
    logSecurityEvent(logger, { event: 'login_failed', email: 'a@example.com', ip: '203.0.113.7', userId: null });
    logSecurityEvent(logger, { event: 'email_change_requested', userId: 'u1', ip: '203.0.113.7', newEmail: 'b@example.com' });
    expect(logger.lines).toEqual([
      { level: 'warn', message: 'security: login_failed', fields: { email: 'a@example.com', ip: '203.0.113.7', userId: null } },
      {
        level: 'info',
        message: 'security: email_change_requested',
        fields: { userId: 'u1', ip: '203.0.113.7', newEmail: 'b@example.com' },
      },
    ]);
  });

  it('bounds a field a client typed, so a 10 kB "email" cannot flood the log', () => {
    const logger = recordingLogger();
    logSecurityEvent(logger, { event: 'login_failed', email: 'x'.repeat(10_000), ip: '203.0.113.7', userId: null });
    expect(String(logger.lines[0]!.fields!.email).length).toBeLessThanOrEqual(255);
  });
});

describe('security events of the auth flows', () => {
  let core: TestCore | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('logs a failed login, a lockout, a password change and the revocations, with no password or token in any line', async () => {
    const logger = recordingLogger();
    core = await createTestCore({ logger, loginMaxFailuresPerAccountAndIp: 2 });
    const email = uniqueEmail();
    const signedIn = await registerWithBody(core, email);
    const newPassword = 'a brand new passphrase';
    const changed = await core.request('/auth/password', {
      method: 'POST',
      headers: { authorization: `Bearer ${signedIn.accessToken}` },
      json: { current_password: PASSWORD, new_password: newPassword },
    });
    expect(changed.status).toBe(204);
    const other = await core.request('/auth/login', {
      method: 'POST',
      headers: { 'X-Token-Transport': 'body' },
      json: { email, password: newPassword },
    });
    expect(other.status).toBe(200);
    const { access_token: otherAccess } = (await other.json()) as { access_token: string };
    expect((await core.request('/auth/logout-all', { method: 'POST', headers: { authorization: `Bearer ${otherAccess}` } })).status).toBe(
      204,
    );
    const wrong = 'not the password at all';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await core.request('/auth/login', { method: 'POST', json: { email: ` ${email.toUpperCase()} `, password: wrong } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 429]);

    const userId = signedIn.body.user.id;
    const line = (level: string, type: string, fields: Record<string, unknown>) => [
      level,
      `security: ${type}`,
      expect.objectContaining({ type, user_id: userId, ip: expect.any(String), ...fields }),
    ];
    // Every event of the list is recorded with its change (event-recorder.ts), which writes its line.
    expect(logger.events().map((l) => [l.level, l.message, l.fields])).toEqual([
      line('info', 'user.registered', { outcome: 'success', detail: { method: 'password' } }),
      line('info', 'password.changed', { outcome: 'success', detail: {} }),
      line('info', 'login.succeeded', { outcome: 'success', detail: { method: 'password' } }),
      // The password change ended no other session (there was none), so it revoked nothing; logout-all ends the
      // registration's session and the new sign-in's.
      line('info', 'sessions.revoked_all', { detail: { sessions: 2, by: 'user' } }),
      // The padded, upper-cased address is logged as the account it is.
      line('warn', 'login.failed', { outcome: 'failure', detail: { method: 'password', email } }),
      line('warn', 'login.failed', { outcome: 'failure', detail: { method: 'password', email } }),
      line('warn', 'login.throttled', { outcome: 'failure', detail: { email, retry_after: expect.any(Number) } }),
    ]);
    const everything = JSON.stringify(logger.lines);
    for (const secret of [PASSWORD, wrong, newPassword, signedIn.accessToken, signedIn.refreshToken, otherAccess]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('logs a registration refused by the per-address limit', async () => {
    const logger = recordingLogger();
    core = await createTestCore({ logger, registerMaxPerIp: 1 });
    await registerWithBody(core);
    const refused = await core.request('/auth/register', { method: 'POST', json: { email: uniqueEmail(), password: PASSWORD } });
    expect(refused.status).toBe(429);
    expect(logger.events().map((l) => [l.level, l.message, l.fields])).toEqual([
      ['info', 'security: user.registered', expect.objectContaining({ type: 'user.registered' })],
      ['warn', 'security: registration_throttled', { ip: expect.any(String), retryAfter: Number(refused.headers.get('retry-after')) }],
    ]);
  });
});
