// `npm start` interrupted while it starts (Ctrl-C or SIGTERM before its banner) stops every process it started: none
// is left holding a port for the next `npm start` to trip over.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../scripts/demo/processes.js';
import { ROOT } from '../scripts/demo/stack.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-launcher-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Every process below `pid`, from one `ps` snapshot. */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of rows) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** Running (an exited process nobody has reaped yet, state Z, is not). */
const isAlive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

it('stops every child when interrupted before the banner', async () => {
  const launcher = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/demo/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(await freePort()),
      WEB_PORT: String(await freePort()),
      OIDC_DEV_PORT: String(await freePort()),
      DATABASE_URL: `sqlite:${join(dataDir, 'tessera.db')}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
  // The first line a child prints (`build│` while the web app builds, `api  │` once it is up to date) means the
  // launcher has started processes of its own and not yet printed its banner.
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('│')) resolve();
    };
    launcher.stdout.on('data', onData);
    launcher.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`the launcher exited before starting anything:\n${output}`)));
  });
  expect(output).not.toContain('Tessera demo is running');
  const started = descendants(launcher.pid!);
  expect(started.length).toBeGreaterThan(0);

  launcher.kill('SIGTERM');
  expect(await exited).not.toBe(0);
  // stop() waits for each child to exit (SIGKILL after 5 s); helpers outside the process groups (tsx's esbuild
  // service) follow when their parent is gone, so they get a few seconds more. An orphan stays for good.
  await expect.poll(() => started.filter(isAlive), { timeout: 10_000, interval: 250 }).toEqual([]);
});
