import { describe, expect, it } from 'vitest';
import { createTessera } from '../tessera.js';

describe('availability', () => {
  it('answers 503 service_unavailable while the database cannot be reached, and recovers', async () => {
    const tessera = createTessera({ databaseUrl: 'postgres://127.0.0.1:1/nowhere', logger: { info() {}, warn() {}, error() {} } });
    try {
      const res = await tessera.fetch(new Request('http://localhost/healthz'));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { code: string }).code).toBe('service_unavailable');
    } finally {
      await tessera.close();
    }
  });
});
