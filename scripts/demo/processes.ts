// Child processes for the demo: each in its own process group (so a child's children go too), output prefixed,
// readiness polled over HTTP, and stopped with SIGTERM then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export type LineSink = (name: string, line: string) => void;

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
  /** The last lines it printed, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

// Every child still running, so any exit path of the launcher (a signal before the stack is up included) can stop
// them: they run detached in their own process groups, so nothing else would.
const live = new Set<Child>();

/** Stops every child started here that is still running. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map((child) => child.stop()));
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; output: LineSink },
): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split(/\r?\n/)) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      options.output(name, line);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let running = true;
  void exited.then(() => {
    running = false;
    live.delete(handle);
  });
  const signal = (sig: NodeJS.Signals) => {
    try {
      // The negative pid is the child's process group: the child we spawned and whatever it spawned.
      process.kill(-child.pid!, sig);
    } catch {
      // Already gone.
    }
  };
  const handle: Child = {
    name,
    process: child,
    exited,
    tail: () => lines.join('\n'),
    async stop() {
      if (!running) return;
      signal('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 5000).unref())]);
      if (!killed) {
        signal('SIGKILL');
        await exited;
      }
    },
  };
  live.add(handle);
  return handle;
}

/** Polls `url` until it answers below 500, the child exits, or `timeoutMs` passes. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | string | undefined;
  void child.exited.then((code) => (exited = code));
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`${child.name} exited (${exited}) before answering ${url}:\n${child.tail()}`);
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.tail()}`);
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether `port` can be bound on 127.0.0.1. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
