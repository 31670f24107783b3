// Issue 10 item 15: `createsuperuser --password P` put the password in the process list, where every local user
// reads it (`ps`, /proc/<pid>/cmdline). The flag is refused; the password comes from standard input or a prompt.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../test/cli-process.js';
import { createTestCore } from '../test/test-core.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-superuser-'));
const databaseUrl = `sqlite:${join(dir, 'superuser.db')}`;
const env = { ...process.env, DATABASE_URL: databaseUrl, ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1', TESSERA_SUPERUSER_PASSWORD: '' };
const SECRET = 'root passphrase 7f3a';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const loginStatus = async (email: string, password: string) => {
  const core = await createTestCore({ databaseUrl });
  try {
    return (await core.request('/auth/login', { method: 'POST', json: { email, password } })).status;
  } finally {
    await core.close();
  }
};

describe('createsuperuser password input', () => {
  it('refuses --password, which would show the password to every local user, and creates nobody', async () => {
    const cli = startCli(['createsuperuser', '--email', 'flag@example.com', '--password', SECRET], env, dir);
    expect((await cli.exited).code).toBe(2);
    expect(cli.output()).toMatch(/--password is not accepted.*--password-stdin/);
    expect(cli.output()).not.toContain(SECRET);
    expect(await loginStatus('flag@example.com', SECRET)).toBe(401);
  });

  it('reads the password from standard input with --password-stdin, keeping it off the command line', async () => {
    const cli = startCli(['createsuperuser', '--email', 'stdin@example.com', '--password-stdin'], env, dir, { stdin: `${SECRET}\n` });
    expect((await cli.exited).code).toBe(0);
    expect(cli.output()).toContain('Superuser stdin@example.com created');
    // What `ps` shows of the process: its arguments, which no longer hold the password.
    expect(cli.child.spawnargs.join(' ')).not.toContain(SECRET);
    expect(await loginStatus('stdin@example.com', SECRET)).toBe(200);
  });

  it('applies the password policy to the superuser too', async () => {
    const cli = startCli(['createsuperuser', '--email', 'weak@example.com', '--password-stdin'], env, dir, { stdin: 'password1\n' });
    expect((await cli.exited).code).toBe(1);
    expect(cli.output()).toMatch(/most common/);
  });

  it('says how to give the password when there is no terminal to ask on', async () => {
    const cli = startCli(['createsuperuser', '--email', 'none@example.com'], env, dir);
    expect((await cli.exited).code).toBe(1);
    expect(cli.output()).toMatch(/--password-stdin/);
  });
});
