import { describe, expect, it } from 'vitest';
import { forwardedHeaders } from './forwarded-headers.js';

const context = { forwardHeaders: [] as string[], clientAddress: 1 };

describe('forwardedHeaders', () => {
  it("forwards the browser's user agent and the address its proxy appended, never its own X-Forwarded-* headers", () => {
    expect(
      forwardedHeaders(context, {
        'user-agent': ' Mozilla/5.0 (X11; Linux x86_64) ',
        'x-forwarded-for': '6.6.6.6, 203.0.113.9',
        'x-forwarded-user-agent': 'Victim/1.0',
      }),
    ).toEqual({ 'x-forwarded-user-agent': 'Mozilla/5.0 (X11; Linux x86_64)', 'x-forwarded-for': '203.0.113.9' });
  });

  it('sends nothing without a browser request, and no agent a header could not carry', () => {
    expect(forwardedHeaders(context, undefined)).toEqual({});
    expect(forwardedHeaders(context, { 'user-agent': '' })).toEqual({});
    expect(forwardedHeaders(context, { 'user-agent': 'Agent\u0100' })).toEqual({});
    expect(forwardedHeaders(context, { 'user-agent': ['a', 'b'] })).toEqual({});
  });

  it('cuts a long user agent at the 512 characters Tessera keeps', () => {
    expect(forwardedHeaders(context, { 'user-agent': 'x'.repeat(2_000) })['x-forwarded-user-agent']).toHaveLength(512);
  });
});
