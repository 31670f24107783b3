import { describe, expect, it } from 'vitest';
import { demoConfig, parseDuration } from './demo-config';

describe('demoConfig', () => {
  it('parses the durations Tessera settings accept', () => {
    expect([parseDuration('900'), parseDuration('10s'), parseDuration('15m'), parseDuration('12h'), parseDuration('30d')]).toEqual([
      900, 10, 900, 43_200, 2_592_000,
    ]);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration(undefined)).toBeUndefined();
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
