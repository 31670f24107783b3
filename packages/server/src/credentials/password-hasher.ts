// argon2id password hashing (OWASP parameters) off the event loop, with a bounded number of hashes at once
// so a login flood cannot take every core from the requests that do not hash, a bounded queue behind them so a
// flood is refused (503) rather than answered minutes late, and logins served ahead of registrations.
import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';
import { TesseraError } from '../errors.js';

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** `high`: sign-ins and signed-in users; `low`: registrations, which wait behind every `high` one. */
export type HashPriority = 'high' | 'low';

export interface PasswordHasher {
  /** Rejects with 503 `service_unavailable` (Retry-After) when the queue is full. @default priority 'high' */
  hash(password: string, priority?: HashPriority): Promise<string>;
  /** Verifies against `stored`, or against a dummy hash when there is no user, so both cost the same. */
  verify(stored: string | null, password: string): Promise<boolean>;
  /** True when the stored hash was made with other parameters than today's. */
  needsRehash(stored: string): boolean;
}

// Algorithm is an ambient const enum: its values cannot be imported under isolatedModules, its member types can.
const ARGON2ID: Algorithm.Argon2id = 2;

export function createPasswordHasher(params: Argon2Params, concurrency: number, maxQueued = Infinity): PasswordHasher {
  const options = { ...params, algorithm: ARGON2ID, outputLen: 32 };
  const limit = createLimiter(concurrency, maxQueued);
  // Hashed once, lazily: verifying an unknown email against it costs what a real verification costs.
  let dummy: Promise<string> | undefined;

  return {
    hash: (password, priority = 'high') => limit(() => hash(password, options), priority),
    async verify(stored, password) {
      if (stored === null) {
        dummy ??= limit(() => hash('tessera-dummy-password', options));
        await limit(async () => verify(await dummy!, password).catch(() => false));
        return false;
      }
      return limit(() => verify(stored, password).catch(() => false));
    },
    needsRehash(stored) {
      try {
        const current = parseOptions(stored);
        return (
          current.algorithm !== ARGON2ID ||
          current.memoryCost !== params.memoryCost ||
          current.timeCost !== params.timeCost ||
          current.parallelism !== params.parallelism
        );
      } catch {
        return true;
      }
    },
  };
}

/** Seconds a client refused by a full hashing queue is told to wait: the queue drains in well under that. */
const QUEUE_FULL_RETRY_AFTER = 1;

/**
 * A semaphore: at most `max` tasks run at once; up to `maxQueued` wait, `high` ones first and each priority in
 * arrival order. When the queue is full a `high` task takes the place of the newest waiting `low` one (which is
 * refused instead), so a registration flood cannot keep sign-ins out; otherwise the newcomer is refused with 503.
 */
export function createLimiter(max: number, maxQueued = Infinity): <T>(task: () => Promise<T>, priority?: HashPriority) => Promise<T> {
  let running = 0;
  const waiting: Record<HashPriority, Array<{ start: () => void; refuse: (error: Error) => void }>> = { high: [], low: [] };
  const queued = () => waiting.high.length + waiting.low.length;
  // The slot passes straight to the next waiter, so a newcomer cannot slip in between.
  const release = () => {
    const next = waiting.high.shift() ?? waiting.low.shift();
    if (next) next.start();
    else running--;
  };
  return async (task, priority = 'high') => {
    if (running >= max) {
      if (queued() >= maxQueued) {
        const bumped = priority === 'high' ? waiting.low.pop() : undefined;
        if (!bumped) throw queueFull();
        bumped.refuse(queueFull());
      }
      await new Promise<void>((start, refuse) => waiting[priority].push({ start, refuse }));
    } else running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

function queueFull(): TesseraError {
  return new TesseraError('service_unavailable', 'The server is busy hashing passwords; try again shortly', {
    headers: { 'Retry-After': String(QUEUE_FULL_RETRY_AFTER) },
  });
}
