// Time-ordered event ids: UUIDv7 (RFC 9562 §5.7) with a 12-bit counter in rand_a (§6.2, method 1), so ids made in
// the same millisecond still sort in the order they were made, and sorting by id sorts by time across instances.
import { randomBytes } from 'node:crypto';

export type EventIdGenerator = () => string;

/** `now` is the configured clock, so ids and the events' `at` agree under a test clock. */
export function createEventIdGenerator(now: () => number): EventIdGenerator {
  let lastMs = -1;
  let counter = 0;
  return () => {
    // Never backwards, so a clock set back (NTP, a test) cannot put a new event behind an old one.
    let ms = Math.max(now(), lastMs);
    if (ms === lastMs) {
      counter++;
      if (counter > 0xfff) {
        ms++;
        counter = 0;
      }
    } else counter = 0;
    lastMs = ms;
    const bytes = randomBytes(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
