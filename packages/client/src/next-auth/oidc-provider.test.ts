import { describe, expect, it } from 'vitest';
import { oidcProvider, tesseraTokenRequest } from './oidc-provider.js';

type Context = Parameters<typeof tesseraTokenRequest>[0];

/** A stand-in for openid-client's Client: records the grants it is asked for. */
function context(params: Context['params'], checks: Context['checks']) {
  const grants: Array<Record<string, unknown>> = [];
  const client = {
    issuer: { metadata: { issuer: 'https://idp.test' } },
    grant: (body: Record<string, unknown>) => {
      grants.push(body);
      return Promise.resolve({ id_token: 'eyJ.id.token', access_token: 'at' });
    },
  };
  const provider = {
    ...oidcProvider({ id: 'idp', issuer: 'https://idp.test', clientId: 'c', clientSecret: 's' }),
    callbackUrl: 'https://app.test/api/auth/callback/idp',
    signinUrl: '',
  };
  return { grants, context: { client, params, checks, provider } as unknown as Context };
}

describe('tesseraTokenRequest', () => {
  it('redeems the code with the PKCE verifier and the callback URL when state matches', async () => {
    const { grants, context: ctx } = context({ code: 'abc', state: 's1' }, { state: 's1', code_verifier: 'v'.repeat(43) });
    expect(await tesseraTokenRequest(ctx)).toEqual({ tokens: { id_token: 'eyJ.id.token', access_token: 'at' } });
    expect(grants).toEqual([
      {
        grant_type: 'authorization_code',
        code: 'abc',
        redirect_uri: 'https://app.test/api/auth/callback/idp',
        code_verifier: 'v'.repeat(43),
      },
    ]);
  });

  it('refuses a callback whose state is not the one this browser started with (login CSRF), before redeeming anything', async () => {
    for (const params of [{ code: 'abc', state: 'attacker' }, { code: 'abc' }]) {
      const { grants, context: ctx } = context(params, { state: 's1' });
      await expect(tesseraTokenRequest(ctx)).rejects.toThrow('state mismatch');
      expect(grants).toEqual([]);
    }
  });

  it('refuses a response from another issuer (RFC 9207), an error response, and a callback without a code', async () => {
    const mixUp = context({ code: 'abc', state: 's1', iss: 'https://evil.test' }, { state: 's1' });
    await expect(tesseraTokenRequest(mixUp.context)).rejects.toThrow('iss mismatch');
    const refused = context({ error: 'access_denied', state: 's1' }, { state: 's1' });
    await expect(tesseraTokenRequest(refused.context)).rejects.toThrow('access_denied');
    const empty = context({ state: 's1' }, { state: 's1' });
    await expect(tesseraTokenRequest(empty.context)).rejects.toThrow('no authorization code');
    expect([...mixUp.grants, ...refused.grants, ...empty.grants]).toEqual([]);
  });
});
