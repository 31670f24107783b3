import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './normalize-email.js';

describe('normalizeEmail', () => {
  it('maps padded, re-cased and decomposed spellings to one address', () => {
    const canonical = 'josé@example.com';
    for (const variant of [' josé@example.com ', 'JOSÉ@Example.com', '\tjose\u0301@example.com\n', 'JOSE\u0301@EXAMPLE.COM']) {
      expect(normalizeEmail(variant)).toBe(canonical);
    }
  });
});
