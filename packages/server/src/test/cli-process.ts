// startCli: the built `tessera` command as a child process with its output collected, for tests of the process
// itself (start-up, signals, workers). Tests that spawn it must build first (`npm run build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * How long waitFor() waits by default. A process start is seconds on an idle machine, but a two-worker `tessera start`
 * took over 15 s to listen on a machine loaded by other suites (issue 9, load average 20 on two cores).
 */
const WAIT_FOR_MS = 45_000;

const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;

export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  /** The same, each chunk prefixed with its arrival in performance.now() milliseconds: for failure messages. */
  timeline(): string;
  /** The first match of `pattern` in the output; rejects after `timeoutMs` or when the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** The exit, once it happens. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process and its workers (by PID) if they are still running. */
  kill(): Promise<void>;
}

/** `stdin`, when given, is written to the process's standard input, which is then closed. */
export function startCli(args: string[], env: NodeJS.ProcessEnv, cwd?: string, options: { stdin?: string } = {}): CliProcess {
  const argv = [cli, ...args];
  const child =
    options.stdin === undefined
      ? spawn(process.execPath, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, argv, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  let output = '';
  let timeline = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    timeline += `[${Math.round(performance.now())}] ${chunk.toString()}`;
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => {
    done = true;
    for (const listener of listeners) listener();
  });
  return {
    child,
    output: () => output,
    timeline: () => timeline,
    exited,
    waitFor(pattern, timeoutMs = WAIT_FOR_MS) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match || done) {
            clearTimeout(timer);
            listeners.delete(check);
            if (match) resolve(match);
            else reject(new Error(`exited before ${pattern} appeared:\n${timeline}`));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${pattern} did not appear within ${timeoutMs} ms:\n${timeline}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async kill() {
      if (done || child.pid === undefined) return;
      for (const pid of [...childPids(child.pid), child.pid]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await exited;
    },
  };
}

/** The PIDs of a process's children (a cluster primary's workers), read from /proc; empty where there is none. */
export function childPids(parent: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const entry of entries) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so read after its closing paren.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

/** A TCP port that was free a moment ago, for a server that must keep its port across worker restarts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Polls `url` until it answers `status`, or until `deadline` (performance.now() milliseconds); resolves with the
 * time of that answer, or undefined when the deadline passed first.
 */
export async function pollUntil(url: string, status: number, deadline: number): Promise<number | undefined> {
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url, {
        headers: { connection: 'close' },
        // AbortSignal.timeout throws on a fractional delay.
        signal: AbortSignal.timeout(Math.ceil(Math.max(1, Math.min(1_000, deadline - performance.now())))),
      });
      await response.arrayBuffer();
      if (response.status === status) return performance.now();
    } catch {
      // not listening yet, or cut off
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}
