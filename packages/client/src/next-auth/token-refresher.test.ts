import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../adapters/auth-adapter.js';
import { tessera, type TesseraUser } from '../adapters/tessera.js';
import { createReplayCache } from './replay-cache.js';
import { createTokenRefresher } from './token-refresher.js';

describe('token refresher margin', () => {
  it('treats a token shorter than the margin as due at half its lifetime, not at once', () => {
    let now = 1_000_000;
    const refresher = createTokenRefresher({
      adapter: tessera({ transport: 'body' }),
      call: async () => ({}),
      cache: createReplayCache<TokenSet<TesseraUser>>(),
      margin: 60_000,
      now: () => now,
    });
    const token = { accessToken: 'at', accessTokenExpires: now + 10_000, accessTokenIssuedAt: now, refreshToken: 'rt' };
    expect(refresher.isDue(token)).toBe(false);
    now += 4_999;
    expect(refresher.isDue(token)).toBe(false);
    now += 1;
    expect(refresher.isDue(token)).toBe(true);
    // Tokens from before accessTokenIssuedAt existed keep the configured margin.
    expect(refresher.isDue({ accessToken: 'at', accessTokenExpires: now + 59_000, refreshToken: 'rt' })).toBe(true);
  });
});
