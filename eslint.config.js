import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import prettierOff from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', 'build/**', 'scratch/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The renderer runs in a browser page (or Electron's sandboxed renderer): browser globals only.
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    // A sandboxed Electron preload is CommonJS and can require only 'electron'.
    files: ['electron/preload.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The desktop shell is wiring: no UI code in the main process.
    files: ['electron/**/*.{ts,cts}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '**/renderer/src/**'], message: 'electron/ runs in the main process; the UI is in renderer/.' },
            { group: ['**/cli/**'], message: 'electron/ must not depend on the vigil command; what both use lives in electron/ or db/.' },
          ],
        },
      ],
    },
  },
  {
    // The page reaches the engine only through the contract: it may use what db/shared/ holds for both sides (schemas,
    // vocabularies, fuzzy dates, passages) and the contract's types, never the engine's own code.
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*', '**/electron/**', '**/cli/**'], message: 'the renderer talks to the shell through window.vigil only.' },
            { group: ['node:*'], message: 'the renderer runs in a browser page: no Node modules.' },
            {
              group: ['**/db/*', '!**/db/shared', '!**/db/service.js', '!**/db/contract.js'],
              message: 'the renderer may import from db/ only what db/shared/ holds; move what both sides need there.',
            },
            {
              group: ['**/db/service.js', '**/db/contract.js'],
              allowTypeImports: true,
              message: 'the renderer takes only types from the contract (import type); it calls the engine through contract-client.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine is Node-only: it must never reach into the UI or the desktop shell.
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'db/ is the Node-only engine; it must not import Electron.' },
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'db/ must not import React.' },
            { group: ['**/renderer/**', '**/electron/**', '**/cli/**'], message: 'db/ must not import the front ends.' },
          ],
        },
      ],
    },
  },
  {
    // What the page shares with the engine runs in both: nothing from the rest of db/, nothing of Node's.
    files: ['db/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*'], message: 'db/shared/ is loaded by the renderer too: it may import only from db/shared/.' },
            { group: ['node:*'], message: 'db/shared/ is loaded by the renderer too: no Node modules.' },
          ],
        },
      ],
    },
  },
  // Layout is Prettier's (npm run format); ESLint keeps to what code means.
  prettierOff,
);
