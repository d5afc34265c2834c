// eslint.config.js - the TypeScript linter run by `npm test`: typescript-eslint's strict type-checked rules over every
// .ts file tsconfig.json covers (src, test, bench, scripts), plus ESLint's recommended rules for the plain .mjs files.
// Every rule turned off or loosened below says why on its line.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', '.tools/', '.data/', 'tmp/'] },

  // TypeScript: type-checked, through the same tsconfig.json as `tsc --noEmit`.
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // STYLE TypeScript 9: no floating promises; `void p` marks a deliberate fire-and-forget.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': 'error',
      // STYLE TypeScript 9: explicit return types on exports (checked for src below, where the exports are the API).
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      // Numbers in messages (`exit ${code}`, `${ms} ms`) are the house style; objects and undefined stay flagged.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `obj['key']` on an index signature (`process.env['X']`, `Record<string, unknown>` bodies) is the house style: it
      // shows the key may be absent, as noPropertyAccessFromIndexSignature would ask.
      '@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
      // `() => resolve()`-style callbacks return void on purpose; a braced body adds noise, not safety.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // The code's habit: `string[]` for simple element types, `Array<[string, unknown]>` for tuples, records, functions.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // `_`-prefixed names are deliberately unused (Express's 4-argument error handler, ignored tuple slots).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  // src: the exported functions are the layers' API, so their return types are written out.
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/explicit-module-boundary-types': 'error',
    },
  },

  // Tests and the bench.
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Fakes implement the bridge's async interfaces with synchronous bodies: `async () => rows` keeps the Promise type.
      '@typescript-eslint/require-await': 'off',
      // They index arrays they have just filled or asserted the length of (`results[i]!`, `samples[0]!`).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // They print received values of any shape into failure messages and tallies on purpose.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },

  // The bench times the bridge by wrapping prototype methods and calling the originals with `.call(this, …)`.
  {
    files: ['bench/server-child.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },

  // Plain JavaScript (scripts/setup.mjs runs under any Node before dependencies exist; test fixtures): no type info.
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node, sourceType: 'module', ecmaVersion: 'latest' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
);
