import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { createSecretBox, isSealed } from './secret-box.js';

const SECRET = 'a'.repeat(16) + 'b'.repeat(16) + 'tessera';
const OTHER = 'another secret of at least thirty-two characters';

describe('secret box', () => {
  it('opens what it sealed, and the sealed text shows neither the plaintext nor the secret', () => {
    const box = createSecretBox(SECRET);
    const sealed = box.seal('{"d":"private"}', 'signing_keys/k1');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('private');
    expect(sealed).not.toContain(SECRET);
    expect(sealed).toMatch(new RegExp(`^tessera:v1:${box.keyId}:`));
    expect(box.open(sealed, 'signing_keys/k1')).toBe('{"d":"private"}');
  });

  it('seals the same plaintext differently each time (random IV)', () => {
    const box = createSecretBox(SECRET);
    expect(box.seal('x', 'c')).not.toBe(box.seal('x', 'c'));
  });

  it('refuses to open with another secret, naming TESSERA_SECRET', () => {
    const sealed = createSecretBox(SECRET).seal('key', 'signing_keys/k1');
    const open = () => createSecretBox(OTHER).open(sealed, 'signing_keys/k1');
    expect(open).toThrow(ConfigError);
    expect(open).toThrow(/^TESSERA_SECRET: is not the secret/);
  });

  it('refuses a value moved to another row (the context is authenticated)', () => {
    const box = createSecretBox(SECRET);
    const sealed = box.seal('key of k1', 'signing_keys/k1');
    expect(() => box.open(sealed, 'signing_keys/k2')).toThrow(/could not decrypt signing_keys\/k2/);
  });

  it('refuses an altered value', () => {
    const box = createSecretBox(SECRET);
    const sealed = box.seal('key', 'c');
    const body = Buffer.from(sealed.slice(sealed.lastIndexOf(':') + 1), 'base64url');
    body[body.length - 20]! ^= 1;
    expect(() => box.open(`${sealed.slice(0, sealed.lastIndexOf(':') + 1)}${body.toString('base64url')}`, 'c')).toThrow(ConfigError);
    expect(() => box.open('tessera:v1:' + box.keyId + ':AAAA', 'c')).toThrow(ConfigError);
  });

  it('refuses a secret shorter than 32 characters, saying how to make one', () => {
    expect(() => createSecretBox('x'.repeat(31))).toThrow(
      /TESSERA_SECRET: must be at least 32 characters; make one with `openssl rand -base64 32`/,
    );
  });
});
