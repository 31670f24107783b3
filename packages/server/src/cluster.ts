// Several worker processes on one port (node:cluster), for machines with more than one core. Every worker is an
// ordinary Tessera instance: the database, the signing keys and (with REDIS_URL) the login limiter are shared.
import cluster from 'node:cluster';
import type { Logger } from './config/index.js';

export interface ClusterOptions {
  workers: number;
  /** Runs once in the primary before any worker starts: migrations and first key generation, so workers never race. */
  prepare: () => Promise<void>;
  /** Runs in each worker (and in the only process when workers is 1). */
  start: () => Promise<void>;
  /** Called in the primary once a worker listens. */
  onListening?: (address: { address: string | null; port: number }) => void;
  logger: Logger;
}

const RESTART_DELAY_MS = 1_000;

export async function runClustered({ workers, prepare, start, onListening, logger }: ClusterOptions): Promise<void> {
  if (workers <= 1 || !cluster.isPrimary) return start();
  await prepare();
  let stopping = false;
  let announced = false;
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    onListening?.({ address: address.address, port: address.port });
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error('worker exited; starting another', { pid: worker.process.pid, code, signal });
    setTimeout(() => cluster.fork(), RESTART_DELAY_MS);
  });
  const stop = () => {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) process.exit(0);
    for (const worker of alive) worker?.process.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (let i = 0; i < workers; i++) cluster.fork();
}

/** `WORKERS` from the environment: a count, or `auto` for one per core. */
export function workersFromEnv(env: Record<string, string | undefined>, cores: number): number {
  const raw = env.WORKERS;
  if (!raw) return 1;
  if (raw === 'auto') return Math.max(1, cores);
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`WORKERS: "${raw}" is not a count from 1 to 64 or "auto"`);
  return count;
}
