// The seed's protected posts resource, served from the database (there is no internet to proxy).
import type { Tessera } from '@tessera/server';
import { sql, type Generated } from 'kysely';

export interface Post {
  id: number;
  title: string;
  body: string;
  author: string;
  published_at: string;
}

interface PostsTable {
  id: Generated<number>;
  title: string;
  body: string;
  author: string;
  published_at: number;
}

/** Tessera's database, where the demo's one table lives beside Tessera's own. */
type TesseraDb = Awaited<ReturnType<Tessera['ready']>>['db'];

type PostsDatabase = {
  demo_posts: PostsTable;
};

const SEED: Array<Omit<PostsTable, 'id'>> = [
  {
    title: 'Rotating refresh tokens without logging anyone out',
    body: 'Every refresh returns a new token; a grace window lets parallel tabs share the successor.',
    author: 'Tessera team',
    published_at: Date.UTC(2026, 9, 1),
  },
  {
    title: 'Why the access token lives in memory',
    body: 'localStorage is readable by any script on the page. A variable is not.',
    author: 'Tessera team',
    published_at: Date.UTC(2026, 9, 8),
  },
  {
    title: 'HttpOnly cookies and CSRF',
    body: 'A cookie is ambient authority, so the refresh endpoint only answers JSON requests from allowed origins.',
    author: 'Tessera team',
    published_at: Date.UTC(2026, 9, 15),
  },
  {
    title: 'Reuse detection',
    body: 'A refresh token presented again after the grace window means someone kept a copy: the session is revoked.',
    author: 'Tessera team',
    published_at: Date.UTC(2026, 9, 22),
  },
];

export async function ensurePosts(tesseraDb: TesseraDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const db = tesseraDb.withTables<PostsDatabase>();
  await db.schema
    .createTable('demo_posts')
    .ifNotExists()
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .execute();
  const { count } = await db
    .selectFrom('demo_posts')
    .select(sql<number | string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow();
  if (Number(count) === 0) await db.insertInto('demo_posts').values(SEED).execute();
}

export async function listPosts(tesseraDb: TesseraDb): Promise<Post[]> {
  const db = tesseraDb.withTables<PostsDatabase>();
  const rows = await db.selectFrom('demo_posts').selectAll().orderBy('published_at', 'desc').execute();
  return rows.map((row) => ({ ...row, published_at: new Date(Number(row.published_at)).toISOString() }));
}
