import { describe, expect, it } from 'vitest';
import { assertSqliteSupported } from './database.js';

describe('assertSqliteSupported', () => {
  it('refuses Node.js 20, where better-sqlite3 13 would segfault on the first query', () => {
    expect(() => assertSqliteSupported('20.20.2')).toThrow('SQLite needs Node.js 22 or later; this is 20.20.2');
  });

  it('accepts Node.js 22 and 24', () => {
    expect(() => assertSqliteSupported('22.12.0')).not.toThrow();
    expect(() => assertSqliteSupported('24.21.0')).not.toThrow();
  });
});
