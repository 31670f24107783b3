// The email sign-in provider's request, without a server: what it sends to the backend and how refusals come back.
import { describe, expect, it } from 'vitest';
import { createTesseraAuth } from './tessera-auth.js';
import { emailSignInProof } from './email-sign-in-provider.js';

const SECRET = 'next-auth-email-provider-secret-0123456789';

function setup(answer: () => Response) {
  const sent: Array<{ url: string; headers: Headers; body: unknown }> = [];
  const auth = createTesseraAuth({
    baseUrl: 'https://api.test',
    secret: SECRET,
    clientAddress: 1,
    fetch: async (input, init) => {
      sent.push({ url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
      return answer();
    },
  });
  const authorize = (credentials: Record<string, string>) =>
    auth.emailSignIn().options!.authorize!(credentials, {
      headers: { 'user-agent': 'Firefox', 'x-forwarded-for': '10.0.0.1, 203.0.113.9' },
      body: {},
      query: {},
      method: 'POST',
    });
  return { sent, authorize };
}

const tokens = () =>
  Response.json({
    access_token: 'at',
    token_type: 'Bearer',
    expires_in: 900,
    expires_at: Date.now() + 900_000,
    refresh_token: 'rt',
    user: { id: 'u1', email: 'ada@example.com', name: 'Ada' },
  });

describe('emailSignInProof', () => {
  it('takes the token, else the address and the code, and nothing half-filled', () => {
    expect(emailSignInProof({ token: 't', email: 'a@example.com', code: '1' })).toEqual({ token: 't' });
    expect(emailSignInProof({ email: 'a@example.com', code: '123456', token: '' })).toEqual({ email: 'a@example.com', code: '123456' });
    expect(emailSignInProof({ email: 'a@example.com' })).toBeUndefined();
    expect(emailSignInProof(undefined)).toBeUndefined();
  });
});

describe('the tessera-email provider', () => {
  it('finishes the sign-in at the backend with body transport and the browser’s agent and address, as the credentials one logs in', async () => {
    const { sent, authorize } = setup(tokens);
    const user = await authorize({ token: 'magic', csrfToken: 'x', callbackUrl: '/' });
    expect(user).toMatchObject({ id: 'u1', email: 'ada@example.com', __tesseraTokens: { refreshToken: 'rt' } });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('https://api.test/auth/email/sign-in/verify');
    expect(sent[0]!.body).toEqual({ token: 'magic' });
    expect(sent[0]!.headers.get('x-token-transport')).toBe('body');
    expect(sent[0]!.headers.get('x-forwarded-for')).toBe('203.0.113.9');
    expect(sent[0]!.headers.get('x-forwarded-user-agent')).toBe('Firefox');
  });

  it('sends the address and the code', async () => {
    const { sent, authorize } = setup(tokens);
    await authorize({ email: 'ada@example.com', code: '123456' });
    expect(sent[0]!.body).toEqual({ email: 'ada@example.com', code: '123456' });
  });

  it('throws the backend’s code, so signIn() resolves { error: "token_expired" } and the like', async () => {
    const refuse = (code: string) => () => Response.json({ code, status: 400, title: code }, { status: 400 });
    await expect(setup(refuse('token_expired')).authorize({ token: 'old' })).rejects.toThrow('token_expired');
    await expect(setup(refuse('invalid_code')).authorize({ email: 'a@example.com', code: '000000' })).rejects.toThrow('invalid_code');
  });

  it('refuses a form without a whole proof without asking the backend', async () => {
    const { sent, authorize } = setup(tokens);
    await expect(authorize({ email: 'ada@example.com' })).resolves.toBeNull();
    expect(sent).toHaveLength(0);
  });
});
