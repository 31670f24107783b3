import { describe, expect, it } from 'vitest';
import { assertSameSiteRequest } from './csrf.js';

const allowed = ['https://app.example.com'];
const req = (headers: Record<string, string>) => new Request('https://api.example.com/auth/refresh', { method: 'POST', headers });
const code = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('assertSameSiteRequest', () => {
  it('accepts JSON from an allowlisted origin or our own', () => {
    expect(code(() => assertSameSiteRequest(req({ 'content-type': 'application/json', origin: 'https://app.example.com' }), allowed))).toBe(
      'ok',
    );
    expect(code(() => assertSameSiteRequest(req({ 'content-type': 'application/json', origin: 'https://api.example.com' }), allowed))).toBe(
      'ok',
    );
  });

  it('accepts a JSON request without Origin from a non-browser client', () => {
    expect(code(() => assertSameSiteRequest(req({ 'content-type': 'application/json' }), allowed))).toBe('ok');
  });

  it('rejects what a plain HTML form could send', () => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      expect(code(() => assertSameSiteRequest(req({ 'content-type': type, origin: 'https://app.example.com' }), allowed))).toBe(
        'csrf_rejected',
      );
    }
    expect(code(() => assertSameSiteRequest(req({}), allowed))).toBe('csrf_rejected');
  });

  it('rejects foreign origins and cross-site fetches', () => {
    expect(code(() => assertSameSiteRequest(req({ 'content-type': 'application/json', origin: 'https://evil.example' }), allowed))).toBe(
      'csrf_rejected',
    );
    expect(code(() => assertSameSiteRequest(req({ 'content-type': 'application/json', origin: 'null' }), allowed))).toBe('csrf_rejected');
    expect(code(() => assertSameSiteRequest(req({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }), allowed))).toBe(
      'csrf_rejected',
    );
  });
});
