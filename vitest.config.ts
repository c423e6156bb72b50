import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/components/**/*.test.tsx'],
    // Each test makes real encrypted archives; scrypt at N=2^17 takes a few hundred ms per unlock.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
