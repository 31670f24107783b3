import { describe, expect, it } from 'vitest';
import { simplejwt } from '../adapters/simplejwt.js';
import { tessera } from '../adapters/tessera.js';
import { accountRequest, accountRoutes, emailSignInBody, providerProofBody } from './account-requests.js';

describe('accountRoutes', () => {
  it('reads the base path and the transport off the Tessera adapter', () => {
    expect(accountRoutes(tessera())).toEqual({ base: '/auth', transport: undefined });
    expect(accountRoutes(tessera({ basePath: '/api/auth', transport: 'body' }))).toEqual({
      base: '/api/auth',
      transport: { 'x-token-transport': 'body' },
    });
  });

  it('refuses a backend without account routes with not_supported', () => {
    expect(() => accountRoutes(simplejwt())).toThrow(expect.objectContaining({ code: 'not_supported' }));
  });
});

describe('accountRequest', () => {
  const routes = accountRoutes(tessera({ transport: 'body' }));

  it('asks for the token transport only where the answer is a token response', () => {
    expect(accountRequest(routes, '/email/verify', { token: 't' })).toEqual({ path: '/auth/email/verify', body: { token: 't' } });
    expect(accountRequest(routes, '/email/sign-in/verify', { token: 't' }, true)).toEqual({
      path: '/auth/email/sign-in/verify',
      body: { token: 't' },
      headers: { 'x-token-transport': 'body' },
    });
  });
});

describe('proof bodies', () => {
  it('send only the fields of one proof (the server refuses unknown fields)', () => {
    expect(emailSignInBody({ token: 't', email: 'x', code: '1' })).toEqual({ token: 't' });
    expect(emailSignInBody({ email: 'a@example.com', code: '123456' })).toEqual({ email: 'a@example.com', code: '123456' });
    expect(providerProofBody({ id_token: 'j', nonce: 'n', extra: 1 } as never)).toEqual({ id_token: 'j', nonce: 'n' });
    expect(providerProofBody({ code: 'c', code_verifier: 'v', redirect_uri: 'https://app/cb' })).toEqual({
      code: 'c',
      code_verifier: 'v',
      redirect_uri: 'https://app/cb',
    });
  });
});
