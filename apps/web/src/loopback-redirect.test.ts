import { describe, expect, it } from 'vitest';
import { localhostRedirect } from './loopback-redirect';

describe('localhostRedirect', () => {
  it('sends 127.0.0.1 and [::1] to localhost on the same port, path and query', () => {
    expect(localhostRedirect('http://127.0.0.1:3000/direct/posts?x=1', '127.0.0.1:3000')).toBe('http://localhost:3000/direct/posts?x=1');
    expect(localhostRedirect('http://[::1]:3100/', '[::1]:3100')).toBe('http://localhost:3100/');
    expect(localhostRedirect('http://127.0.0.1/next-auth', '127.0.0.1')).toBe('http://localhost/next-auth');
  });

  it('leaves localhost and any other host alone', () => {
    expect(localhostRedirect('http://localhost:3000/', 'localhost:3000')).toBeNull();
    expect(localhostRedirect('http://demo.example.com/', 'demo.example.com')).toBeNull();
    expect(localhostRedirect('http://localhost:3000/', null)).toBeNull();
  });
});
