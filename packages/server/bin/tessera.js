#!/usr/bin/env node
// The `tessera` command. A file of its own rather than dist/cli/main.js: npm links a package's bin only when the
// file exists at install time, and in the repository dist/ is built after `npm install`, so `npx tessera` would
// answer "could not determine executable to run" on a fresh clone.
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    console.error('tessera: the package is not built yet. Run `npm run build` in the repository first.');
    process.exit(1);
  }
  throw error;
}
