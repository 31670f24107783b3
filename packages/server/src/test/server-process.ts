// startServerProcess: the built `tessera start` in a child process, for tests about what keeps a real process alive
// (unhandled 'error' events end a process, not a test). Run `npm run build` first.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Null while the process runs. */
  exitCode(): number | null;
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts one process (WORKERS=1) on a free port with cheap argon2; `env` adds or overrides settings. */
export async function startServerProcess(env: Record<string, string | undefined>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [cli, 'start'], {
    env: { ...process.env, PORT: '0', WORKERS: '1', ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let code: number | null = null;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (exitCode, signal) => {
      code = exitCode ?? (signal ? 128 : null);
      resolve(code);
    }),
  );
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /listening on (http:\/\/[^\s]+?) /.exec(out);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', look);
    void exited.then((exitCode) => reject(new Error(`tessera start exited with ${exitCode}:\n${out}`)));
  });
  return {
    url,
    child,
    output: () => out,
    exitCode: () => code,
    async stop() {
      if (code === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
