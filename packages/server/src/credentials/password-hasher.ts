// argon2id password hashing (OWASP parameters) off the event loop, with a bounded number of hashes at once
// so a login flood cannot take every core from the requests that do not hash.
import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Verifies against `stored`, or against a dummy hash when there is no user, so both cost the same. */
  verify(stored: string | null, password: string): Promise<boolean>;
  /** True when the stored hash was made with other parameters than today's. */
  needsRehash(stored: string): boolean;
}

// Algorithm is an ambient const enum: its values cannot be imported under isolatedModules, its member types can.
const ARGON2ID: Algorithm.Argon2id = 2;

export function createPasswordHasher(params: Argon2Params, concurrency: number): PasswordHasher {
  const options = { ...params, algorithm: ARGON2ID, outputLen: 32 };
  const limit = createLimiter(concurrency);
  // Hashed once, lazily: verifying an unknown email against it costs what a real verification costs.
  let dummy: Promise<string> | undefined;

  return {
    hash: (password) => limit(() => hash(password, options)),
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

/** A FIFO semaphore: at most `max` tasks run at once. */
export function createLimiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
