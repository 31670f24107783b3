// The code blocks the docs mark as example files (<!-- example: ... -->) are those files, byte for byte, and the
// pages that walk through the examples show every page of them. scripts/docs/example-snippets.mjs says how.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { exampleSnippets } from '../../scripts/docs/example-snippets.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it('every docs block marked as an example file matches the file (fix: npm run docs:examples)', () => {
  const pages = exampleSnippets();
  expect(pages.map(({ page, stale }) => ({ page, stale }))).toEqual(pages.map(({ page }) => ({ page, stale: [] })));
});

it.each([
  ['docs/client.md', 'next-app-router'],
  ['docs/next-auth.md', 'next-auth'],
])('%s shows every source file of examples/%s but the home page (a redirect)', (page, example) => {
  const files = readdirSync(join(ROOT, 'examples', example), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !file.startsWith('node_modules/') && !file.startsWith('.next/'))
    .filter((file) => file !== 'app/page.tsx' && file !== 'next-env.d.ts');
  expect(files.length).toBeGreaterThanOrEqual(5);
  const shown = exampleSnippets().find((entry) => entry.page === page)?.shown ?? [];
  expect(shown).toEqual(expect.arrayContaining(files.map((file) => `${example}/${file}`)));
});
