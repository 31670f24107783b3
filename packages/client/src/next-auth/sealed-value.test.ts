import { describe, expect, it } from 'vitest';
import { createSealer } from './sealed-value.js';

const sealer = createSealer(() => 'a-secret-of-the-next-auth-kind-0123456789', 'test purpose');

describe('createSealer', () => {
  it('opens what it sealed for the same context, and the sealed form does not show the plaintext', async () => {
    const sealed = await sealer.seal('{"refreshToken":"rt-visible"}', 'key-1');
    expect(sealed).not.toContain('rt-visible');
    expect(sealed).toMatch(/^[\w-]+$/);
    expect(await sealer.open(sealed, 'key-1')).toBe('{"refreshToken":"rt-visible"}');
  });

  it('refuses a value copied under another key, so a pair cannot be served for someone else’s token', async () => {
    expect(await sealer.open(await sealer.seal('pair', 'key-1'), 'key-2')).toBeNull();
  });

  it('refuses a value sealed with another secret or for another purpose', async () => {
    const sealed = await sealer.seal('pair', 'key-1');
    expect(await createSealer(() => 'another-secret-entirely-0123456789', 'test purpose').open(sealed, 'key-1')).toBeNull();
    expect(await createSealer(() => 'a-secret-of-the-next-auth-kind-0123456789', 'other purpose').open(sealed, 'key-1')).toBeNull();
  });

  it('refuses a tampered or garbled value instead of throwing', async () => {
    const sealed = await sealer.seal('pair', 'key-1');
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    expect(await sealer.open(flipped, 'key-1')).toBeNull();
    expect(await sealer.open('not base64 at all!', 'key-1')).toBeNull();
    expect(await sealer.open('', 'key-1')).toBeNull();
  });

  it('asks for the secret on first use and again after a failure, not at creation', async () => {
    const env: { secret?: string } = {};
    const lazy = createSealer(() => {
      if (!env.secret) throw new Error('no secret yet');
      return env.secret;
    }, 'test purpose');
    await expect(lazy.seal('pair', 'key-1')).rejects.toThrow('no secret yet');
    env.secret = 'a-secret-of-the-next-auth-kind-0123456789';
    expect(await sealer.open(await lazy.seal('pair', 'key-1'), 'key-1')).toBe('pair');
  });
});
