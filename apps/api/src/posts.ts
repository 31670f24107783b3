// The seed's protected posts resource, served from the database (there is no internet to proxy).
import { sql, type Kysely } from 'kysely';

export interface Post {
  id: number;
  title: string;
  body: string;
  author: string;
  published_at: string;
}

interface PostsTable {
  id: number;
  title: string;
  body: string;
  author: string;
  published_at: number;
}

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

export async function ensurePosts(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
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
  const { count } = (await db
    .selectFrom('demo_posts')
    .select(sql<number>`count(*)`.as('count'))
    .executeTakeFirstOrThrow()) as { count: number | string };
  if (Number(count) === 0) await db.insertInto('demo_posts').values(SEED).execute();
}

export async function listPosts(db: Kysely<any>): Promise<Post[]> {
  const rows = (await db.selectFrom('demo_posts').selectAll().orderBy('published_at', 'desc').execute()) as PostsTable[];
  return rows.map((row) => ({ ...row, published_at: new Date(Number(row.published_at)).toISOString() }));
}
