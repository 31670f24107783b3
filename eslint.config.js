// ESLint with typescript-eslint's type-aware rules over the libraries, the demo API, the demo web app and examples/.
// `npm run lint:eslint` runs it (part of `npm run lint`). Types come from each file's own tsconfig: the project
// service finds the nearest tsconfig.json; test files, which the packages' tsconfig.json leave out, are checked
// against the tsconfig.test.json beside it.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/** Test files and test helpers: outside the packages' tsconfig.json, inside their tsconfig.test.json. */
const testFiles = ['**/*.test.ts', '**/*.test.tsx', 'packages/*/src/test/**'];

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'apps/web/.next/**',
      'apps/web/.next-e2e/**',
      'apps/web/next-env.d.ts',
      'examples/*/.next/**',
      'examples/*/next-env.d.ts',
      // Plain JavaScript (the benchmark, small scripts, this file) and the simplejwt interop test: not type-checked.
      '**/*.js',
      '**/*.mjs',
      'test/**',
    ],
  },
  {
    files: ['packages/*/src/**/*.{ts,tsx}', 'apps/api/src/**/*.ts', 'apps/web/**/*.{ts,tsx}', 'e2e/**/*.ts', 'scripts/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Promises: every one is awaited, returned, or explicitly voided; none where a callback's return is ignored.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // An async function without await is how a promise-returning interface method is written; the promise rules
      // above catch the real mistakes.
      '@typescript-eslint/require-await': 'off',
      // Types: no `any`, no silently unsafe casts from it.
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // (Type-only imports: tsc's verbatimModuleSyntax already requires `import type` where it matters.)
      '@typescript-eslint/prefer-optional-chain': 'error',
      '@typescript-eslint/no-non-null-asserted-optional-chain': 'error',
      // tsc's noUnusedLocals and noUnusedParameters already report these.
      '@typescript-eslint/no-unused-vars': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
      'prefer-const': 'error',
      'no-var': 'error',
      'object-shorthand': 'error',
    },
  },
  {
    // What users copy: the recommended rules without type information (the examples' tsc and `next build` check
    // types), so they stay idiomatic Next.js (`navigate={router.replace}`, next-auth's untyped handler).
    files: ['examples/*/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: testFiles,
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: [
          'packages/server/tsconfig.test.json',
          'packages/client/tsconfig.test.json',
          'packages/next/tsconfig.test.json',
          'apps/api/tsconfig.test.json',
        ],
        tsconfigRootDir: root,
      },
    },
  },
  {
    // apps/web's tests are in its tsconfig.json: back to the project service for them.
    files: ['apps/web/**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, project: null, tsconfigRootDir: root } },
  },
  {
    // The e2e tests and the demo scripts share e2e/tsconfig.json, the only one that includes scripts/demo.
    files: ['e2e/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['e2e/tsconfig.json'], tsconfigRootDir: root } },
  },
  {
    files: [...testFiles, 'e2e/**/*.ts'],
    rules: {
      // Tests read JSON bodies (`await res.json()` is `any`) and poke at values on purpose; they still may not write
      // `any` themselves (no-explicit-any stays on), and every promise rule still holds.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      // vi.fn() mocks and expect(object.method) pass methods around unbound on purpose.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: [
      'packages/client/src/**/*.tsx',
      'packages/client/src/react/**',
      'packages/client/src/next-auth/**',
      'apps/web/**/*.{ts,tsx}',
      'examples/*/**/*.{ts,tsx}',
    ],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}', 'examples/*/**/*.{ts,tsx}'],
    plugins: { '@next/next': nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
    },
    settings: { next: { rootDir: ['apps/web', 'examples/*'] } },
  },
  {
    files: ['packages/server/src/**', 'apps/api/src/**', 'apps/web/next.config.ts', 'e2e/**', 'scripts/**'],
    languageOptions: { globals: { ...globals.node } },
  },
);
