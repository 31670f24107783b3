// How the standalone server and the cluster primary retry a start-up that failed: the wait before the next
// attempt, and the one line that says why the last one failed.

export interface RetryDelayOptions {
  /** @default 100 */
  initialMs?: number;
  /** @default 5000 */
  maxMs?: number;
}

/**
 * The wait before attempt `failures + 1`: `initialMs` after the first failure, doubling up to `maxMs`.
 * @example retryDelay(1) // 100; retryDelay(3) // 400; retryDelay(20) // 5000
 */
export function retryDelay(failures: number, { initialMs = 100, maxMs = 5_000 }: RetryDelayOptions = {}): number {
  if (failures < 1) return 0;
  // Capped before exponentiating, so a long outage's failure count cannot overflow to Infinity.
  return Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 30));
}

/**
 * Why something failed, on one line: the message's first line, never a stack (a failure repeats with every
 * attempt, and logs must stay readable through an outage).
 */
export function failureReason(error: unknown): string {
  // A host name with several addresses, all refusing, fails with an AggregateError whose message is empty.
  if (error instanceof AggregateError && error.errors.length > 0) return failureReason(error.errors[0]);
  const text = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Rejects with `message` when `promise` has not settled within `ms` (the promise itself is left to run). */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
