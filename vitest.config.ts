import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each test makes real encrypted archives; scrypt at N=2^17 takes a few hundred ms per unlock.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Suites that run the built CLI, workers or page never run against a stale build.
    globalSetup: ['tests/support/fresh-build.ts'],
    // `vitest --project unit` runs without a browser; `--project chromium` drives the interface in Chromium.
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts', 'tests/components/**/*.test.tsx'], exclude: ['tests/**/*.e2e.test.ts'] } },
      { extends: true, test: { name: 'chromium', include: ['tests/**/*.e2e.test.ts'] } },
    ],
  },
});
