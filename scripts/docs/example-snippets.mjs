// The docs show the example apps' files, not copies that drift: a code block after `<!-- example: <dir>/<file> -->`
// in docs/*.md is examples/<dir>/<file>, under a first line naming the file. `npm run docs:examples` rewrites the
// blocks from the files; test/docs/example-snippets.test.ts fails while one differs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MARKED_BLOCK = /(<!-- example: (\S+) -->\n)```[^\n]*\n[\s\S]*?```/g;
const LANGUAGE = { '.ts': 'ts', '.tsx': 'tsx', '.json': 'json' };

/** The block a marker stands for: the file's path in a comment, then the file. `.env.example` is shown as `.env.local`. */
function block(path) {
  const text = readFileSync(join(ROOT, 'examples', path), 'utf8').trimEnd();
  const file = path.slice(path.indexOf('/') + 1);
  if (file.endsWith('.env.example')) return '```sh\n# .env.local (from examples/' + path + ')\n' + text + '\n```';
  const language = LANGUAGE[extname(file)];
  if (!language) throw new Error(`no code-block language for examples/${path}`);
  return '```' + language + '\n// ' + file + '\n' + text + '\n```';
}

/**
 * Per docs page with example blocks: the files they show and those whose block differs from the file. Rewrites the
 * page when `write` is set.
 * @returns {{ page: string, shown: string[], stale: string[] }[]}
 */
export function exampleSnippets({ write = false } = {}) {
  const pages = [];
  for (const name of readdirSync(join(ROOT, 'docs')).filter((file) => file.endsWith('.md'))) {
    const page = join(ROOT, 'docs', name);
    const text = readFileSync(page, 'utf8');
    const stale = [];
    const shown = [];
    const updated = text.replace(MARKED_BLOCK, (found, marker, path) => {
      shown.push(path);
      const wanted = marker + block(path);
      if (found !== wanted) stale.push(path);
      return wanted;
    });
    if (shown.length === 0) continue;
    if (write && updated !== text) writeFileSync(page, updated);
    pages.push({ page: `docs/${name}`, shown, stale });
  }
  return pages;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { page, stale } of exampleSnippets({ write: true })) {
    for (const path of stale) console.log(`${page}: updated the block of examples/${path}`);
  }
}
