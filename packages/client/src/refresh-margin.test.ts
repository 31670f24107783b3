import { describe, expect, it } from 'vitest';
import { effectiveMargin } from './refresh-margin.js';

describe('effectiveMargin', () => {
  it('keeps the configured margin for tokens that live long enough', () => {
    expect(effectiveMargin(60_000, 0, 900_000)).toBe(60_000);
  });

  it('caps the margin at half the lifetime of a short-lived token', () => {
    expect(effectiveMargin(60_000, 1_000, 11_000)).toBe(5_000);
    expect(effectiveMargin(60_000, 5_000, 4_000)).toBe(0);
  });

  it('falls back to the configured margin when the issue time is unknown', () => {
    expect(effectiveMargin(60_000, undefined, 10_000)).toBe(60_000);
  });
});
