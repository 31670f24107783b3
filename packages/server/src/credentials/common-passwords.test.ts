import { statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commonPasswordCount, isCommonPassword } from './common-passwords.js';

const file = new URL('../../assets/common-passwords.txt.gz', import.meta.url);

describe('the shipped list of common passwords', () => {
  it('holds at least 100,000 passwords in a compact file', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(100_000);
    // Figures for the docs, printed rather than asserted (timings vary with the machine's load).
    const size = statSync(file).size;
    expect(size).toBeLessThan(512 * 1024);
    const started = performance.now();
    const probes = ['password', 'not on any list 7d1f', 'qwerty123', 'zzzzzzzz9'];
    for (let i = 0; i < 100_000; i++) isCommonPassword(probes[i % 4]!);
    const perLookupUs = ((performance.now() - started) * 1000) / 100_000;
    console.info(`common passwords: ${commonPasswordCount()} entries, ${size} bytes gzipped, ${perLookupUs.toFixed(2)} µs a lookup`);
  });

  it('finds the passwords an attacker tries first, in any letter case', () => {
    for (const password of ['password', '12345678', 'qwerty123', 'iloveyou', 'Password1', 'PASSWORD', 'letmein!', 'trustno1']) {
      expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: true });
    }
  });

  it('does not find passphrases and random strings', () => {
    for (const password of ['correct horse battery', 'a new long password', 'q7Jz2mX9vLp4', 'Tessera-2026-ripe-plum']) {
      expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: false });
    }
  });

  it('finds every entry of the file: the binary search agrees with the sort order', () => {
    const entries = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    expect(entries.length).toBe(commonPasswordCount());
    for (let i = 0; i < entries.length; i += 97) expect(isCommonPassword(entries[i]!)).toBe(true);
    expect(isCommonPassword(entries[0]!)).toBe(true);
    expect(isCommonPassword(entries.at(-1)!)).toBe(true);
  });
});
