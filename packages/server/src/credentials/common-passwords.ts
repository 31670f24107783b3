// The list of common passwords shipped with the package (assets/common-passwords.txt.gz, 125,854 entries, 391 KB:
// see assets/NOTICE.md for its sources), searched in place: the unpacked bytes stay one Buffer (1.1 MB) with one
// Uint32 offset per line (0.5 MB), and a lookup is a binary search over them (17 comparisons, no string per entry).
// Measured on the 2-core development machine under load: loaded once, on first use, in 60-200 ms (mostly gunzip);
// 2-5 µs a lookup. A Set of strings would take ~8 MB of heap for the same answers.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

// The same path from src/credentials (tests) and dist/credentials (the published package): two levels up is the
// package root, where `assets/` ships beside `dist/`.
const LIST_URL = new URL('../../assets/common-passwords.txt.gz', import.meta.url);

interface PackedList {
  bytes: Buffer;
  /** Start of each line in `bytes`; one more entry at the end for the last line's end (+1 for its missing newline). */
  starts: Uint32Array;
}

let packed: PackedList | undefined;

function load(): PackedList {
  const bytes = gunzipSync(readFileSync(LIST_URL));
  // Two passes of the native indexOf: counting first sizes the offsets exactly.
  let lines = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines++;
  const starts = new Uint32Array(lines + 1);
  let line = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) starts[line++] = at + 1;
  starts[lines] = bytes.length + 1;
  return { bytes, starts };
}

/** How many passwords the shipped list holds. */
export function commonPasswordCount(): number {
  packed ??= load();
  return packed.starts.length - 1;
}

/**
 * Whether the password, lower-cased, is on the shipped list of common passwords. The list is sorted by UTF-8 bytes,
 * the order Buffer.compare uses.
 * @example isCommonPassword('Password1') // true
 */
export function isCommonPassword(password: string): boolean {
  packed ??= load();
  const { bytes, starts } = packed;
  const wanted = Buffer.from(password.toLowerCase());
  let low = 0;
  let high = starts.length - 2;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = Buffer.compare(bytes.subarray(starts[middle], starts[middle + 1]! - 1), wanted);
    if (order === 0) return true;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
