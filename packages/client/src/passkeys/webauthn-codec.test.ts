// The JSON ⇄ bytes conversions of WebAuthn options and credentials, and the browser's refusals, without a browser: the
// credentials are plain objects shaped as the browser's (the API boundary, which Node does not have).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAuthError } from '../errors.js';
import { installFakeCredentials } from '../test/fake-credentials.js';
import { fromBase64Url, toBase64Url } from './base64url.js';
import { createPasskey, passkeyAssertion } from './passkey-ceremony.js';
import { authenticationJson, creationOptions, registrationJson, requestOptions } from './webauthn-codec.js';

afterEach(() => vi.unstubAllGlobals());

const every = Uint8Array.from({ length: 256 }, (_, i) => i);
const ab = (...values: number[]) => Uint8Array.from(values).buffer;

describe('base64url', () => {
  it('encodes every byte as Buffer does, without padding, and decodes it back, padded or not', () => {
    for (const length of [0, 1, 2, 3, 255, 256]) {
      const input = every.slice(0, length);
      const encoded = toBase64Url(input);
      expect(encoded).toBe(Buffer.from(input).toString('base64url'));
      expect(encoded).not.toMatch(/[+/=]/);
      expect(fromBase64Url(encoded)).toEqual(input);
      expect(fromBase64Url(Buffer.from(input).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'))).toEqual(input);
    }
  });

  it('encodes an ArrayBuffer and a view into a larger buffer by their own bytes', () => {
    expect(toBase64Url(ab(251, 255))).toBe('-_8');
    expect(toBase64Url(new Uint8Array(every.buffer, 250, 3))).toBe(Buffer.from([250, 251, 252]).toString('base64url'));
  });

  it('refuses what is not base64url', () => {
    expect(() => fromBase64Url('a!b')).toThrow();
  });
});

describe('options from JSON', () => {
  it('turns the challenge, the user id and excluded ids into bytes and keeps the rest', () => {
    const json = {
      rp: { name: 'Tessera', id: 'app.test' },
      user: { id: 'AQID', name: 'ada@example.com', displayName: 'Ada' },
      challenge: '-_8',
      pubKeyCredParams: [{ alg: -7, type: 'public-key' as const }],
      timeout: 60_000,
      excludeCredentials: [{ id: 'BAU', type: 'public-key' as const, transports: ['internal'] }],
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      attestation: 'none',
      extensions: { credProps: true },
    };
    const options = creationOptions(json);
    expect(options.challenge).toEqual(Uint8Array.from([251, 255]));
    expect(options.user).toEqual({ id: Uint8Array.from([1, 2, 3]), name: 'ada@example.com', displayName: 'Ada' });
    expect(options.excludeCredentials).toEqual([{ id: Uint8Array.from([4, 5]), type: 'public-key', transports: ['internal'] }]);
    expect(options).toMatchObject({ rp: json.rp, timeout: 60_000, attestation: 'none', extensions: { credProps: true } });
    expect(json.challenge).toBe('-_8'); // the JSON is not changed
  });

  it('turns the request challenge and allowed ids into bytes; no list stays no list', () => {
    const options = requestOptions({
      challenge: 'AQ',
      rpId: 'app.test',
      userVerification: 'preferred',
      allowCredentials: [{ id: 'Ag', type: 'public-key' }],
    });
    expect(options).toEqual({
      challenge: Uint8Array.from([1]),
      rpId: 'app.test',
      userVerification: 'preferred',
      allowCredentials: [{ id: Uint8Array.from([2]), type: 'public-key' }],
    });
    expect(requestOptions({ challenge: 'AQ' }).allowCredentials).toBeUndefined();
  });
});

describe('credentials to JSON', () => {
  const base = {
    id: 'AQI',
    rawId: ab(1, 2),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    getClientExtensionResults: () => ({ credProps: { rk: true } }),
  };

  it('writes a registration as @simplewebauthn/server reads it', () => {
    const credential = {
      ...base,
      response: {
        clientDataJSON: ab(3),
        attestationObject: ab(4, 5),
        getTransports: () => ['internal', 'hybrid'],
        getAuthenticatorData: () => ab(6),
        getPublicKey: () => ab(7),
        getPublicKeyAlgorithm: () => -7,
      },
    } as unknown as PublicKeyCredential;
    expect(registrationJson(credential)).toEqual({
      id: 'AQI',
      rawId: 'AQI',
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: { credProps: { rk: true } },
      response: {
        clientDataJSON: 'Aw',
        attestationObject: 'BAU',
        transports: ['internal', 'hybrid'],
        authenticatorData: 'Bg',
        publicKey: 'Bw',
        publicKeyAlgorithm: -7,
      },
    });
  });

  it('writes a registration of a browser without the L2 getters with what it has', () => {
    const credential = {
      ...base,
      authenticatorAttachment: null,
      response: { clientDataJSON: ab(3), attestationObject: ab(4) },
    } as unknown as PublicKeyCredential;
    expect(JSON.parse(JSON.stringify(registrationJson(credential)))).toEqual({
      id: 'AQI',
      rawId: 'AQI',
      type: 'public-key',
      clientExtensionResults: { credProps: { rk: true } },
      response: { clientDataJSON: 'Aw', attestationObject: 'BA' },
    });
  });

  it('writes an assertion, without userHandle when the authenticator gave none', () => {
    const response = { clientDataJSON: ab(1), authenticatorData: ab(2), signature: ab(3), userHandle: ab(4) };
    const credential = { ...base, response } as unknown as PublicKeyCredential;
    expect(authenticationJson(credential).response).toEqual({
      clientDataJSON: 'AQ',
      authenticatorData: 'Ag',
      signature: 'Aw',
      userHandle: 'BA',
    });
    const anonymous = { ...base, response: { ...response, userHandle: null } } as unknown as PublicKeyCredential;
    expect('userHandle' in JSON.parse(JSON.stringify(authenticationJson(anonymous))).response).toBe(false);
  });
});

describe('the browser’s refusals', () => {
  const refusing = (name: string) => ({
    create: () => {
      throw new DOMException('refused', name);
    },
    get: () => {
      throw new DOMException('refused', name);
    },
  });

  it('a dismissed or timed-out prompt is passkey_cancelled; a passkey the device already holds is passkey_exists', async () => {
    installFakeCredentials(refusing('NotAllowedError'));
    await expect(passkeyAssertion({ challenge: 'AQ' })).rejects.toMatchObject({ code: 'passkey_cancelled' });
    installFakeCredentials(refusing('InvalidStateError'));
    const creation = { rp: { name: 'T' }, user: { id: 'AQ', name: 'a', displayName: 'a' }, challenge: 'AQ', pubKeyCredParams: [] };
    await expect(createPasskey(creation)).rejects.toMatchObject({ code: 'passkey_exists' });
  });

  it('a configuration error (SecurityError: wrong RP ID) comes through as it is', async () => {
    installFakeCredentials(refusing('SecurityError'));
    const error: unknown = await passkeyAssertion({ challenge: 'AQ' }).catch((e: unknown) => e);
    expect(isAuthError(error)).toBe(false);
    expect(error).toMatchObject({ name: 'SecurityError' });
  });

  it('without WebAuthn (a server, an insecure page) is not_supported', async () => {
    vi.stubGlobal('navigator', { ...globalThis.navigator, credentials: undefined });
    await expect(passkeyAssertion({ challenge: 'AQ' })).rejects.toMatchObject({ code: 'not_supported' });
  });

  it('passes mediation and the abort signal to the browser', async () => {
    const calls = installFakeCredentials(refusing('AbortError'));
    const signal = new AbortController().signal;
    await expect(passkeyAssertion({ challenge: 'AQ' }, { mediation: 'conditional', signal })).rejects.toMatchObject({
      code: 'passkey_cancelled',
    });
    expect(calls.requested[0]).toMatchObject({ mediation: 'conditional', signal });
  });
});
