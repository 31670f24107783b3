// The code blocks of a docs page marked `<!-- snippet: name -->`, so tests run what the docs show, not a copy.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOCS = fileURLToPath(new URL('../../../../docs/', import.meta.url));

/** The fenced block right after `<!-- snippet: <name> -->` in docs/<page>. */
export function docSnippet(page: string, name: string): string {
  const text = readFileSync(DOCS + page, 'utf8');
  const match = new RegExp(`<!-- snippet: ${name} -->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(text);
  if (!match?.[1]) throw new Error(`no snippet "${name}" in docs/${page}`);
  return match[1];
}
