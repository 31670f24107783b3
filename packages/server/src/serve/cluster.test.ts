// Issue 11 (reliability), item 2: how the primary restarts workers, on a fixture program (no database needed).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childPids } from '../test/cli-process.js';

const fixture = new URL('../test/cluster-fixture.mjs', import.meta.url).pathname;

interface LogLine {
  level: string;
  message: string;
  [field: string]: unknown;
}

/**
 * Runs the fixture until `enough` says its log suffices, then stops it; returns the log lines. The 80 s bound is for a
 * hang, not a timing: while no worker serves, workers start one at a time, and under load each start (a process that
 * loads the built server) took seconds: a 20 s bound saw 2 of 6 restarts beside two other suites (load average 20).
 */
async function run(mode: string, enough: (lines: LogLine[]) => boolean): Promise<{ lines: LogLine[]; exit: { code: number | null } }> {
  const child = spawn(process.execPath, [fixture], { env: { ...process.env, FIXTURE: mode }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: LogLine[] = [];
  let buffered = '';
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 80_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
      if (enough(lines)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const exited = new Promise<{ code: number | null }>((resolve) => child.once('exit', (code) => resolve({ code })));
  try {
    await done;
    child.kill('SIGTERM');
    return { lines, exit: await exited };
  } finally {
    for (const pid of [...childPids(child.pid!), child.pid!]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // exited
      }
    }
  }
}

const delays = (lines: LogLine[], message: string) => lines.filter((l) => l.message === message).map((l) => l.retryInMs as number);

describe('runClustered', () => {
  it('restarts workers whose start-up fails, logging the reason on one line, with a growing delay', async () => {
    const failed = (lines: LogLine[]) => delays(lines, 'worker could not start; starting another').length >= 6;
    const { lines, exit } = await run('fail-start', failed);
    const restarts = lines.filter((l) => l.message === 'worker could not start; starting another');
    expect(restarts.length).toBeGreaterThanOrEqual(6);
    for (const restart of restarts) expect(restart.reason).toBe('no database (fixture)');
    // Per worker: 100 ms, then 200, 400, ... up to 5 s.
    const seen = restarts.map((r) => r.retryInMs as number);
    expect(seen.every((ms) => [100, 200, 400, 800, 1600, 3200, 5000].includes(ms))).toBe(true);
    expect(Math.max(...seen)).toBeGreaterThanOrEqual(400);
    expect(exit.code).toBe(0);
  });

  it('replaces a worker that dies while loading only after the delay, and keeps doing so', async () => {
    const exits = (lines: LogLine[]) => delays(lines, 'worker exited; starting another').length >= 6;
    const { lines, exit } = await run('die-while-loading', exits);
    const restarts = lines.filter((l) => l.message === 'worker exited; starting another');
    expect(restarts.length).toBeGreaterThanOrEqual(6);
    for (const restart of restarts) expect(restart.code).toBe(3);
    expect(Math.max(...restarts.map((r) => r.retryInMs as number))).toBeGreaterThanOrEqual(400);
    expect(exit.code).toBe(0);
  });

  it('passes SIGTERM on to serving workers and exits 0 once they have', async () => {
    const { lines, exit } = await run('serve', (seen) => seen.some((l) => l.message === 'listening'));
    expect(lines.map((l) => l.message)).toEqual(['listening']);
    expect(exit.code).toBe(0);
  });
});
