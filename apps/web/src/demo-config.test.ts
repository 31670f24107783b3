import { describe, expect, it } from 'vitest';
import { demoConfig } from './demo-config';

describe('demoConfig', () => {
  it("reads ACCESS_TOKEN_TTL with the server's duration syntax, and falls back to 15 minutes", () => {
    expect(demoConfig({ ACCESS_TOKEN_TTL: '15m' }).accessTokenTtl).toBe(900);
    expect(demoConfig({ ACCESS_TOKEN_TTL: '12h' }).accessTokenTtl).toBe(43_200);
    expect(demoConfig({ ACCESS_TOKEN_TTL: 'soon' }).accessTokenTtl).toBe(900);
  });

  it('keeps the SDK default refresh margin for the default 15 minute token', () => {
    expect(demoConfig({})).toEqual({ apiUrl: 'http://localhost:4000', refreshMargin: 60_000, accessTokenTtl: 900 });
  });

  it('scales the refresh margin down for short demo tokens so they are not refreshed back to back', () => {
    expect(demoConfig({ ACCESS_TOKEN_TTL: '10s' }).refreshMargin).toBe(2_000);
    expect(demoConfig({ ACCESS_TOKEN_TTL: '5s' }).refreshMargin).toBe(1_000);
    expect(demoConfig({ ACCESS_TOKEN_TTL: '2s' }).refreshMargin).toBe(1_000);
  });

  it('takes an explicit margin and API URL from the environment', () => {
    expect(demoConfig({ TESSERA_REFRESH_MARGIN_MS: '500', TESSERA_URL: 'http://localhost:4100/' })).toMatchObject({
      refreshMargin: 500,
      apiUrl: 'http://localhost:4100',
    });
  });
});
