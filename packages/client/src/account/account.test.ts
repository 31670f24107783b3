// The account calls on the fake backend, in "tabs" sharing its cookie jar, locks and channel.
import { describe, expect, it } from 'vitest';
import { simplejwt } from '../adapters/simplejwt.js';
import { USER } from '../test/fake-tessera.js';
import { openTab, signIn, until, useTestClock } from '../test/harness.js';
import { reauthenticate, requestEmailVerification, verifyEmail, verifyEmailSignIn } from './account.js';

useTestClock();

const lastBody = (tab: ReturnType<typeof openTab>) => JSON.parse(String(tab.server.inits.at(-1)?.body)) as unknown;
const lastAuthorization = (tab: ReturnType<typeof openTab>) => new Headers(tab.server.inits.at(-1)?.headers).get('authorization');

describe('verifyEmailSignIn', () => {
  it('adopts the session like a login, here and in the other tabs', async () => {
    const a = openTab();
    const b = openTab({}, a);
    await b.client.start();
    await expect(verifyEmailSignIn(a.client, { token: 'good' })).resolves.toMatchObject({ id: USER.id });
    expect(a.client.getState().status).toBe('authenticated');
    await until(() => b.client.getState().status === 'authenticated');
    expect(await b.client.getToken()).toBe(await a.client.getToken());
  });

  it('signs in with the mailed code, and a wrong code rejects with invalid_code and signs nobody in', async () => {
    const a = openTab();
    await a.client.start();
    await expect(verifyEmailSignIn(a.client, { email: USER.email, code: '000000' })).rejects.toMatchObject({
      code: 'invalid_code',
      status: 400,
    });
    expect(a.client.getState().status).toBe('unauthenticated');
    await verifyEmailSignIn(a.client, { email: USER.email, code: '123456' });
    expect(lastBody(a)).toEqual({ email: USER.email, code: '123456' });
    expect(a.client.getState().status).toBe('authenticated');
  });
});

describe('a mailed link refused with 400', () => {
  it('invalid_token or token_expired leaves the session alone, in every tab', async () => {
    const a = openTab();
    await signIn(a.client);
    const b = openTab({}, a);
    await b.client.start();
    await until(() => b.client.getState().status === 'authenticated');
    const token = await a.client.getToken();
    await expect(verifyEmail(a.client, 'bad')).rejects.toMatchObject({ code: 'invalid_token', status: 400 });
    await expect(verifyEmail(a.client, 'old')).rejects.toMatchObject({ code: 'token_expired', status: 400 });
    await expect(verifyEmailSignIn(a.client, { token: 'bad' })).rejects.toMatchObject({ code: 'invalid_token', status: 400 });
    expect(a.client.getState()).toMatchObject({ status: 'authenticated', error: null });
    expect(await a.client.getToken()).toBe(token);
    // Give a stray broadcast the time to land: the other tab stays signed in too.
    await until(() => true);
    expect(b.client.getState().status).toBe('authenticated');
  });
});

describe('verifyEmail', () => {
  it('refetches the signed-in user when it is the one verified', async () => {
    const a = openTab();
    await signIn(a.client);
    await verifyEmail(a.client, 'good');
    expect(a.server.calls.at(-1)).toBe('/auth/me');
    expect(a.client.getState().user).toMatchObject({ name: 'Ada Lovelace' });
  });
});

describe('requestEmailVerification', () => {
  it('sends the access token when signed in, the address when signed out', async () => {
    const out = openTab();
    await out.client.start();
    await requestEmailVerification(out.client, USER.email);
    expect(lastBody(out)).toEqual({ email: USER.email });
    expect(lastAuthorization(out)).toBeNull();
    await expect(requestEmailVerification(out.client)).rejects.toMatchObject({ code: 'validation_failed' });

    const signedIn = openTab();
    await signIn(signedIn.client);
    await requestEmailVerification(signedIn.client, 'ignored@example.com');
    expect(lastBody(signedIn)).toEqual({});
    expect(lastAuthorization(signedIn)).toBe(`Bearer ${await signedIn.client.getToken()}`);
  });
});

describe('reauthenticate', () => {
  it('adopts the new access token, and a wrong password keeps the old one', async () => {
    const a = openTab();
    await signIn(a.client);
    const before = await a.client.getToken();
    await expect(reauthenticate(a.client, 'wrong')).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(await a.client.getToken()).toBe(before);
    await reauthenticate(a.client, 'secret');
    expect(lastAuthorization(a)).toBe(`Bearer ${before}`);
    expect(await a.client.getToken()).not.toBe(before);
    expect(a.client.getState().status).toBe('authenticated');
  });
});

describe('on another backend', () => {
  it('rejects with not_supported and sends nothing', async () => {
    const tab = openTab({ adapter: simplejwt() as never });
    await expect(verifyEmail(tab.client, 'good')).rejects.toMatchObject({ code: 'not_supported' });
    expect(tab.server.calls).not.toContain('/auth/email/verify');
  });
});
