import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads bare seconds and unit suffixes', () => {
    expect(parseDuration('900')).toBe(900);
    expect(parseDuration('10s')).toBe(10);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('30d')).toBe(2_592_000);
    expect(parseDuration(42)).toBe(42);
  });

  it('rejects anything else', () => {
    for (const bad of ['', 'ten', '-5', '1.5m', '5w', '5 minutes', '1e3']) expect(parseDuration(bad)).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
    expect(parseDuration(1.5)).toBeUndefined();
  });
});
