// Issue 10 item 6: the SQLite database holds password hashes, sessions and the encrypted keys, so no other local
// user may read it: folder 0700, database and its -wal/-shm files 0600.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrations.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
const tempFolder = () => {
  const folder = mkdtempSync(join(tmpdir(), 'tessera-modes-'));
  folders.push(folder);
  return folder;
};

describe.runIf(process.platform !== 'win32')('SQLite file modes', () => {
  it('creates the data folder 0700 and the database, -wal and -shm files 0600, so other local users cannot read them', async () => {
    const data = join(tempFolder(), 'data', 'nested');
    const file = join(data, 'tessera.db');
    const handle = await openDatabase(`sqlite:${file}`);
    try {
      await migrateToLatest(handle.db, 'sqlite'); // writes, so the -wal and -shm files exist
      expect(mode(data)).toBe(0o700);
      expect(mode(join(data, '..'))).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
    } finally {
      await handle.close();
    }
  });

  it('tightens a world-readable database file an older version created', async () => {
    const folder = tempFolder();
    const file = join(folder, 'tessera.db');
    const first = await openDatabase(`sqlite:${file}`);
    await migrateToLatest(first.db, 'sqlite');
    first.sqlite!.pragma('journal_mode = DELETE'); // leaves no -wal, as an old copy might
    await first.close();
    chmodSync(file, 0o644);
    writeFileSync(`${file}-shm`, '');
    chmodSync(`${file}-shm`, 0o644);
    const reopened = await openDatabase(`sqlite:${file}`);
    try {
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
      // A -wal made from here on takes the tightened database file's mode.
      await reopened.db.insertInto('tessera_secrets').values({ name: 'probe', value: 'x' }).execute();
      expect(mode(`${file}-wal`)).toBe(0o600);
    } finally {
      await reopened.close();
    }
  });
});
