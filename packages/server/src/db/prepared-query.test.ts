import { describe, expect, it } from 'vitest';
import { dialects, openTestDatabase } from '../test/databases.js';
import { migrateToLatest } from './migrations.js';
import { prepareQuery } from './prepared-query.js';

describe.each(dialects)('prepareQuery on %s', (dialect) => {
  it('binds named parameters in the compiled order and keeps constants', async () => {
    const handle = await openTestDatabase(dialect);
    try {
      await migrateToLatest(handle.db, dialect);
      const { db } = handle;
      await db
        .insertInto('tessera_secrets')
        .values([
          { name: 'a', value: '1' },
          { name: 'b', value: '2' },
          { name: 'c', value: '3' },
        ])
        .execute();
      const query = prepareQuery<{ name: string }, { first: string; second: string }>((p) =>
        db
          .selectFrom('tessera_secrets')
          .select('name')
          .where('value', '!=', '9')
          .where('name', 'in', [p('second'), p('first')])
          .orderBy('name'),
      );
      expect((await query.execute(db, { first: 'c', second: 'a' })).rows).toEqual([{ name: 'a' }, { name: 'c' }]);
      expect((await query.execute(db, { first: 'b', second: 'zz' })).rows).toEqual([{ name: 'b' }]);
    } finally {
      await handle.close();
    }
  });
});
