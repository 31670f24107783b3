// Several worker processes on one port (node:cluster), for machines with more than one core. Every worker is an
// ordinary Tessera instance: the database, the signing keys and (with REDIS_URL) the login limiter are shared.
//
// The primary supervises. A worker that cannot start says why and exits; the primary logs the reason and starts
// another, with backoff. (A worker used to stay up without listening when its start-up failed, the IPC channel
// keeping it alive, so the port answered nothing until someone restarted everything: issue 11, item 2.)
import cluster, { type Worker } from 'node:cluster';
import { ConfigError, type Logger } from '../config/index.js';
import { failureReason, retryDelay, withTimeout } from './startup-retry.js';

export interface ClusterOptions {
  workers: number;
  /**
   * Runs in the primary before any worker starts, retried until it succeeds. Rarely needed: while no worker
   * serves, workers start one at a time, so the first one's migrations and key generation never race.
   */
  prepare?: () => Promise<void>;
  /**
   * Resolves when the database (and whatever else start-up needs) answers. After a worker could not start, the
   * primary runs it every quarter second and starts workers the moment it succeeds, instead of at the end of
   * their backoff delay. Without it, workers are restarted on their backoff alone.
   */
  probe?: () => Promise<void>;
  /** Runs in each worker (and in the only process when workers is 1). */
  start: () => Promise<void>;
  /** Called in the primary once a worker listens. */
  onListening?: (address: { address: string | null; port: number }) => void;
  logger: Logger;
  /** After passing SIGTERM on, how long the primary waits for its workers before killing them. @default 10000 */
  shutdownTimeoutMs?: number;
}

/**
 * Worker → primary: loaded and waiting for its turn, or start-up failed (then it exits). `fatal`: a setting is wrong
 * (a ConfigError, such as a TESSERA_SECRET that opens no stored key), which no restart fixes.
 */
type WorkerMessage = { tessera: 'loaded' } | { tessera: 'start-failed'; reason: string; fatal?: boolean };
/** Primary → worker: start now. */
type PrimaryMessage = { tessera: 'start' };

/** A worker has served this long: its earlier failures are forgiven, the next restart is quick again. */
const STABLE_AFTER_MS = 10_000;
/** Start-up stuck this long (a database host that drops packets) counts as failed. */
const START_TIMEOUT_MS = 30_000;
/** The probe is in-process and cheap, so it runs often: it decides how soon workers start after an outage. */
const PROBE_DELAY = { initialMs: 100, maxMs: 250 };
const PROBE_TIMEOUT_MS = 5_000;
/** A probe fails four times a second through an outage: its failures are logged this often. */
const PROBE_LOG_EVERY_MS = 30_000;
/** Beyond the shutdown timeout, what a worker gets to exit before it is killed. */
const KILL_GRACE_MS = 1_000;

export async function runClustered(options: ClusterOptions): Promise<void> {
  if (options.workers <= 1) return options.start();
  if (cluster.isPrimary) return supervise(options);
  return runWorker(options.start);
}

/** A worker: tells the primary it has loaded, starts when told, and exits non-zero if it cannot serve. */
async function runWorker(start: () => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => {
    const onMessage = (message: unknown) => {
      if ((message as PrimaryMessage | undefined)?.tessera !== 'start') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    send({ tessera: 'loaded' });
  });
  try {
    await withTimeout(start(), START_TIMEOUT_MS, `start-up did not finish within ${START_TIMEOUT_MS / 1000} s`);
  } catch (error) {
    // The primary logs the reason; this process exits once the message is out.
    send({ tessera: 'start-failed', reason: failureReason(error), fatal: error instanceof ConfigError }, () => process.exit(1));
  }
}

function send(message: WorkerMessage, then?: () => void): void {
  try {
    process.send!(message, undefined, {}, () => then?.());
  } catch {
    then?.();
  }
}

interface Slot {
  worker: Worker | undefined;
  state: 'loading' | 'waiting' | 'starting' | 'listening';
  /** Failures since the slot last served for STABLE_AFTER_MS: the backoff. */
  failures: number;
  /** The earliest time its next start-up may begin. */
  notBefore: number;
  listeningSince: number | undefined;
  waitingSince: number;
  startFailure: string | undefined;
  /** Starts a waiting worker when its delay is over. */
  startTimer: NodeJS.Timeout | undefined;
  /** Forks the replacement of a worker that died while loading, after the delay. */
  forkTimer: NodeJS.Timeout | undefined;
}

/**
 * The primary. Workers are forked at once and load their modules (about a second on a busy machine), then wait
 * for their turn. A worker that exits is replaced at once, but the replacement starts only after the backoff delay
 * (100 ms doubling to 5 s). A failure at start-up most likely means the database is away: workers then wait for
 * the probe, which runs every quarter second, and start the moment it succeeds, so the port serves again about
 * a second after the database returns rather than after the rest of a 5 s delay plus the module loading.
 */
function supervise({ workers, prepare, probe, onListening, logger, shutdownTimeoutMs = 10_000 }: ClusterOptions): void {
  const slots: Slot[] = [];
  /** Workers may start: `prepare` has run, and no start-up has failed since the probe last succeeded. */
  let open = false;
  let checking = false;
  let stopping = false;
  let announced = false;
  /** Set when a worker failed on a wrong setting: the cluster stops and the primary exits 2, as one process would. */
  let fatalReason: string | undefined;
  let exitCode = 0;

  const startWhenDue = (slot: Slot) => {
    clearTimeout(slot.startTimer);
    if (stopping || !open || slot.state !== 'waiting' || !slot.worker) return;
    const wait = slot.notBefore - Date.now();
    if (wait > 0) {
      slot.startTimer = setTimeout(() => startWhenDue(slot), wait);
      return;
    }
    // While no worker serves, workers start one at a time: the first runs migrations and creates the first key
    // alone, serves sooner on a busy machine (a start-up is CPU-bound), and a database just back is not hit by
    // all of them at once.
    if (!slots.some((s) => s.state === 'listening') && slots.some((s) => s.state === 'starting')) return;
    slot.state = 'starting';
    slot.worker.send({ tessera: 'start' } satisfies PrimaryMessage);
  };
  const logWaiting = (slot: Slot) => logger.info('worker waiting for the database', { pid: slot.worker?.process.pid });
  const startAllDue = () => {
    // Longest waiting first: a worker that has just loaded is still busy warming up.
    for (const slot of [...slots].sort((a, b) => a.waitingSince - b.waitingSince)) startWhenDue(slot);
  };

  const fork = (slot: Slot) => {
    const worker = cluster.fork();
    Object.assign(slot, { worker, state: 'loading', listeningSince: undefined, startFailure: undefined });
    // A send to a worker that has just died fails with an error event; its exit is handled below.
    worker.on('error', () => {});
    worker.on('message', (message: WorkerMessage | undefined) => {
      if (message?.tessera === 'loaded') {
        slot.state = 'waiting';
        slot.waitingSince = Date.now();
        if (!open) logWaiting(slot);
        startWhenDue(slot);
      } else if (message?.tessera === 'start-failed') {
        slot.startFailure = message.reason;
        if (message.fatal) fatalReason = message.reason;
      }
    });
    worker.on('listening', (address) => {
      slot.state = 'listening';
      slot.listeningSince = Date.now();
      if (slot.failures > 0) logger.info('worker serving again', { pid: worker.process.pid });
      startAllDue();
      if (announced) return;
      announced = true;
      onListening?.({ address: address.address, port: address.port });
    });
    worker.on('exit', (code, signal) => onExit(slot, worker, code, signal));
  };

  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: string | null) => {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    clearTimeout(slot.startTimer);
    if (!stopping && fatalReason !== undefined) {
      logger.error('worker could not start: a setting must be fixed; stopping', { reason: fatalReason });
      exitCode = 2;
      stop();
      return;
    }
    if (stopping) {
      if (slots.every((s) => !s.worker)) process.exit(exitCode);
      return;
    }
    if (slot.listeningSince !== undefined && Date.now() - slot.listeningSince >= STABLE_AFTER_MS) slot.failures = 0;
    slot.failures++;
    const delay = retryDelay(slot.failures);
    slot.notBefore = Date.now() + delay;
    const pid = worker.process.pid;
    if (slot.startFailure !== undefined) {
      logger.error('worker could not start; starting another', { pid, reason: slot.startFailure, retryInMs: delay });
      if (probe && open) {
        open = false;
        for (const other of slots) if (other.state === 'waiting') logWaiting(other);
        // A probe stuck on a host that drops packets is abandoned, so the next one can see the host come back.
        check(
          () => withTimeout(probe(), PROBE_TIMEOUT_MS, `no answer within ${PROBE_TIMEOUT_MS / 1000} s`),
          'database not ready; workers wait for it',
        );
      }
    } else {
      logger.error('worker exited; starting another', { pid, code, signal, retryInMs: delay });
    }
    // The replacement loads now so it can start the moment it is due; but a worker that died while loading
    // would die again at once, so its replacement is forked only after the delay.
    if (slot.state === 'loading') slot.forkTimer = setTimeout(() => fork(slot), delay);
    else fork(slot);
    // Workers held back while this one was starting may go now.
    startAllDue();
  };

  /** Runs `attempt` until it succeeds, then lets waiting workers start. */
  const check = (attempt: () => Promise<void>, message: string) => {
    if (checking) return;
    checking = true;
    void (async () => {
      let failures = 0;
      let loggedAt = 0;
      while (!stopping) {
        try {
          await attempt();
          break;
        } catch (error) {
          failures++;
          if (Date.now() - loggedAt >= PROBE_LOG_EVERY_MS) {
            logger.error(message, { reason: failureReason(error), attempts: failures });
            loggedAt = Date.now();
          }
          await new Promise((resolve) => setTimeout(resolve, retryDelay(failures, PROBE_DELAY)));
        }
      }
      checking = false;
      if (stopping) return;
      open = true;
      if (failures > 0) {
        logger.info('database reachable again; starting workers', { attempts: failures });
        // What kept the workers from starting is gone: no reason to sit out the rest of their backoff.
        for (const slot of slots) slot.notBefore = 0;
      }
      startAllDue();
    })();
  };

  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const slot of slots) {
      clearTimeout(slot.startTimer);
      clearTimeout(slot.forkTimer);
    }
    const alive = slots.filter((slot) => slot.worker);
    if (alive.length === 0) process.exit(exitCode);
    // Each worker drains its own connections (serve.ts); one still running after its deadline is killed.
    for (const slot of alive) slot.worker!.process.kill('SIGTERM');
    setTimeout(() => {
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
      process.exit(exitCode);
    }, shutdownTimeoutMs + KILL_GRACE_MS).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  for (let i = 0; i < workers; i++) {
    const slot: Slot = {
      worker: undefined,
      state: 'loading',
      failures: 0,
      notBefore: 0,
      listeningSince: undefined,
      waitingSince: 0,
      startFailure: undefined,
      startTimer: undefined,
      forkTimer: undefined,
    };
    slots.push(slot);
    fork(slot);
  }
  if (prepare) check(prepare, 'preparing failed; workers wait for it');
  else open = true;
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
