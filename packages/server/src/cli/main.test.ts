// The built `tessera` command as a user runs it: a real process, settings from the environment.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' };
const run = (args: string[], extra: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [cli, ...args], { env: { ...env, ...extra }, cwd: dir });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera CLI', () => {
  it('migrates, creates a superuser and lists users', async () => {
    expect((await run(['migrate'])).stdout).toContain('up to date');
    expect(
      (await run(['createsuperuser', '--email', 'root@example.com', '--name', 'Root'], { TESSERA_SUPERUSER_PASSWORD: 'a long password' }))
        .stdout,
    ).toContain('Superuser root@example.com created');
    const listed = JSON.parse((await run(['users', 'list', '--json'])).stdout) as Array<{ email: string; is_superuser: boolean }>;
    expect(listed).toEqual([expect.objectContaining({ email: 'root@example.com', is_superuser: true })]);
  });

  it('disables, enables, shows, searches and deletes a user by email', async () => {
    // Another account than root, whom the server tests below sign in as.
    await run(['createsuperuser', '--email', 'temp@example.com'], { TESSERA_SUPERUSER_PASSWORD: 'a long password' });
    expect((await run(['users', 'disable', 'temp@example.com'])).stdout).toContain('temp@example.com is disabled');
    const shown = JSON.parse((await run(['users', 'show', 'temp@example.com'])).stdout) as { user: { disabled: boolean } };
    expect(shown.user.disabled).toBe(true);
    expect((await run(['users', 'enable', 'temp@example.com'])).stdout).toContain('may sign in again');
    expect(JSON.parse((await run(['users', 'list', '--search', 'TEMP@', '--json'])).stdout)).toHaveLength(1);
    expect((await run(['users', 'delete', 'temp@example.com'])).stdout).toContain('deleted');
    const failure = await run(['users', 'show', 'temp@example.com']).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('No user temp@example.com');
  }, 180_000);

  it('stops with a message naming a bad setting', async () => {
    const failure = await run(['migrate'], { ACCESS_TOKEN_TTL: 'soon' }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('ACCESS_TOKEN_TTL');
  });

  it('prints the usage and exits 0 for --help, 1 without a command', async () => {
    expect((await run(['--help'])).stdout).toMatch(/^Usage: tessera <command>/);
    expect((await run(['migrate', '-h'])).stdout).toMatch(/^Usage: tessera <command>/);
    const bare = await run([]).catch((error: { code: number; stdout: string }) => error);
    expect(bare).toMatchObject({ code: 1, stdout: expect.stringMatching(/^Usage: tessera <command>/) });
  }, 60_000);

  it('refuses an unknown command with the usage', async () => {
    const failure = await run(['frobnicate']).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('Usage: tessera');
  });

  it('doctor reads the settings, explains the deployment and exits 1 on an error', async () => {
    const settings = { CORS_ALLOWED_ORIGINS: 'http://127.0.0.1:3000', NODE_ENV: 'development' };
    const failure = await run(['doctor', '--app', 'http://127.0.0.1:3000', '--api', 'http://localhost:4000', '--json'], settings).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    const report = JSON.parse((failure as { stdout: string }).stdout) as { ok: boolean; findings: Array<{ code: string }> };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => f.code)).toContain('samesite_blocks_cross_site');
    const fine = await run(['doctor', '--app', 'http://localhost:3000', '--api', 'http://localhost:4000'], {
      ...settings,
      CORS_ALLOWED_ORIGINS: 'http://localhost:3000',
    });
    expect(fine.stdout).toContain('No errors found.');
  });

  it.each([
    ['one process', '1'],
    ['two workers', '2'],
  ])('starts a server that answers (%s), and stops on SIGTERM', async (_name, workers) => {
    const child = spawn(process.execPath, [cli, 'start'], {
      env: { ...env, PORT: '0', WORKERS: workers },
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/[^\s]+?) /.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      // Sign in, then rotate a few times: with two workers the requests land on both, sharing one database.
      const login = await fetch(`${url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
        body: JSON.stringify({ email: 'root@example.com', password: 'a long password' }),
      });
      expect(login.status).toBe(200);
      let { refresh_token: refreshToken, access_token: accessToken } = (await login.json()) as {
        refresh_token: string;
        access_token: string;
      };
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${url}/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', connection: 'close' },
          body: JSON.stringify({ refresh_token: refreshToken }),
        });
        expect(res.status).toBe(200);
        ({ refresh_token: refreshToken, access_token: accessToken } = (await res.json()) as {
          refresh_token: string;
          access_token: string;
        });
        expect((await fetch(`${url}/auth/me`, { headers: { authorization: `Bearer ${accessToken}`, connection: 'close' } })).status).toBe(
          200,
        );
      }
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
