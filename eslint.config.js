import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '**/renderer/src/**'], message: 'electron/ runs in the main process; the UI is in renderer/.' },
          { group: ['**/cli/**'], message: 'electron/ must not depend on the vigil command; what both use lives in electron/ or db/.' },
        ],
      }],
    },
  },
  {
    // The page reaches the engine only through the contract: types from db/, never its code with Node inside.
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', '**/electron/**', '**/cli/**'], message: 'the renderer talks to the shell through window.vigil only.' },
          { group: ['node:*'], message: 'the renderer runs in a browser page: no Node modules.' },
        ],
      }],
    },
  },
  {
    // The engine is Node-only: it must never reach into the UI or the desktop shell.
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'db/ is the Node-only engine; it must not import Electron.' },
          { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'db/ must not import React.' },
          { group: ['**/renderer/**', '**/electron/**', '**/cli/**'], message: 'db/ must not import the front ends.' },
        ],
      }],
    },
  },
);
