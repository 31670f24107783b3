import { describe, expect, it } from 'vitest';
import { createLimiter, createPasswordHasher } from './password-hasher.js';

const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('password hasher', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hasher = createPasswordHasher(cheap, 1);
    const stored = await hasher.hash('correct horse');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await hasher.verify(stored, 'correct horse')).toBe(true);
    expect(await hasher.verify(stored, 'wrong horse')).toBe(false);
  });

  it('answers false, not an error, for an unknown user or a corrupt hash', async () => {
    const hasher = createPasswordHasher(cheap, 1);
    expect(await hasher.verify(null, 'anything')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'anything')).toBe(false);
  });

  it('asks for a rehash when the parameters changed', async () => {
    const old = await createPasswordHasher(cheap, 1).hash('pw');
    expect(createPasswordHasher(cheap, 1).needsRehash(old)).toBe(false);
    expect(createPasswordHasher({ ...cheap, memoryCost: 2048 }, 1).needsRehash(old)).toBe(true);
    expect(createPasswordHasher(cheap, 1).needsRehash('$2b$10$bcrypt')).toBe(true);
  });
});

describe('createLimiter', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let peak = 0;
    const task = async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => limit(() => task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('refuses with 503 service_unavailable and Retry-After once the queue is full', async () => {
    const limit = createLimiter(1, 2);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const queued = [limit(() => gate), limit(() => gate, 'low'), limit(() => gate, 'low')];
    await expect(limit(() => gate, 'low')).rejects.toMatchObject({
      code: 'service_unavailable',
      status: 503,
      headers: { 'Retry-After': '1' },
    });
    open();
    await Promise.all(queued);
  });

  it('lets a sign-in take the place of the newest waiting registration when the queue is full', async () => {
    const limit = createLimiter(1, 2);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const running = limit(() => gate, 'low');
    const older = limit(() => gate, 'low');
    const newer = limit(() => gate, 'low');
    const signIn = limit(() => gate, 'high');
    await expect(newer).rejects.toMatchObject({ code: 'service_unavailable' });
    open();
    await Promise.all([running, older, signIn]);
  });
});

describe('hashing queue order', () => {
  it('serves a sign-in queued behind ten registrations before them', async () => {
    const hasher = createPasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }, 1);
    const stored = await hasher.hash('right');
    const done: string[] = [];
    const registrations = Array.from({ length: 10 }, (_, i) => hasher.hash(`new ${i}`, 'low').then(() => void done.push(`register ${i}`)));
    const signIn = hasher.verify(stored, 'right').then((ok) => void done.push(`sign-in ${ok}`));
    await Promise.all([...registrations, signIn]);
    // The first registration had the free slot; the sign-in comes next, ahead of the nine that waited.
    expect(done).toEqual(['register 0', 'sign-in true', ...Array.from({ length: 9 }, (_, i) => `register ${i + 1}`)]);
  });
});
