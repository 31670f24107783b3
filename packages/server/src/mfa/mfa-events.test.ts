// The MFA security events (events/security-log.ts): each one logged, with who and how, and never a code or a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerWithBody } from '../test/flows.js';
import { enrolTotp, loginToMfaStep, verifyMfa } from '../test/mfa-flows.js';
import { createTestCore, type TestCore } from '../test/test-core.js';

describe('MFA security events', () => {
  const lines: Array<{ message: string; fields: Record<string, unknown> | undefined }> = [];
  const record = (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields });
  let server: TestCore;
  beforeAll(async () => {
    server = await createTestCore({ logger: { info: record, warn: record, error: record } });
  });
  afterAll(() => server?.close());

  it('logs enrolment, failure, success, new recovery codes and removal without any code or secret', async () => {
    const user = await registerWithBody(server);
    const { secret, recoveryCodes } = await enrolTotp(server, user.accessToken);
    const step = await loginToMfaStep(server, user.email);
    await verifyMfa(server, { mfa_token: step.mfa_token, method: 'recovery_code', code: 'WRONG-CODE1' });
    await verifyMfa(server, { mfa_token: step.mfa_token, method: 'recovery_code', code: recoveryCodes[0]! });
    const regenerated = await server.request('/auth/mfa/recovery-codes', { method: 'POST', headers: bearer(user.accessToken) });
    const fresh = ((await regenerated.json()) as { recovery_codes: string[] }).recovery_codes;
    await server.request('/auth/mfa/totp', { method: 'DELETE', headers: bearer(user.accessToken) });

    const events = lines.filter((line) => line.message.startsWith('security: mfa') || line.message.includes('recovery_codes'));
    expect(events.map((e) => e.message)).toEqual([
      'security: mfa.enrolled',
      'security: mfa.failed',
      'security: mfa.succeeded',
      'security: recovery_codes_regenerated',
      'security: mfa.removed',
    ]);
    const userId = user.body.user.id;
    expect(events[0]!.fields).toMatchObject({ user_id: userId, detail: { factor: 'totp' } });
    expect(events[1]!.fields).toMatchObject({ user_id: userId, outcome: 'failure', detail: { factor: 'recovery_code' } });
    expect(events[2]!.fields).toMatchObject({ user_id: userId, detail: { factor: 'recovery_code' } });
    const logged = JSON.stringify(lines);
    for (const value of [secret, step.mfa_token, 'WRONG-CODE1', ...recoveryCodes, ...fresh]) expect(logged).not.toContain(value);
  });
});
