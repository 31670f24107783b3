// A controllable clock for expiry tests.
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function createClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}
