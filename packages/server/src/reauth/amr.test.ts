import { describe, expect, it } from 'vitest';
import { combineAmr, decodeAmr, encodeAmr } from './amr.js';

describe('amr', () => {
  it('stores each method once, in a stable order, and reads it back', () => {
    expect(encodeAmr(['pwd', 'otp', 'pwd'])).toBe('["otp","pwd"]');
    expect(decodeAmr(encodeAmr(['swk', 'user']))).toEqual(['swk', 'user']);
  });

  it('reads anything unexpected as fewer methods, never more', () => {
    expect(decodeAmr('not json')).toEqual([]);
    expect(decodeAmr('{"mfa":true}')).toEqual([]);
    expect(decodeAmr('["pwd","root",7]')).toEqual(['pwd']);
  });

  it('marks a second factor after the first as mfa', () => {
    expect(combineAmr(['pwd'], ['otp']).sort()).toEqual(['mfa', 'otp', 'pwd']);
  });
});
