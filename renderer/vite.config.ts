import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The renderer, built into renderer/dist: what `vigil serve` and the desktop shell load. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Nothing inline: the Content-Security-Policy allows scripts and styles from the app only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
