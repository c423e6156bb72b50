import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Under CI (VIGIL_CI=1, set by .ci/run) a suite whose tool is missing must fail, not skip: a
 * CI run that lost Chromium or `age` would otherwise pass while testing nothing of them.
 */
function skipDecision(env: Record<string, string | undefined>): { status: number | null; out: string } {
  const helper = JSON.stringify(join(import.meta.dirname, 'support', 'required-tools.ts'));
  const script = `const { skipWithout } = await import(${helper}); process.stdout.write(String(skipWithout('a tool that is not installed', false)));`;
  const run = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('tools the suites need', () => {
  it('a missing tool skips its suite on a developer\u2019s machine and fails it under CI', () => {
    expect(skipDecision({ VIGIL_CI: undefined })).toMatchObject({ status: 0, out: 'true' });
    const underCi = skipDecision({ VIGIL_CI: '1' });
    expect(underCi.status).not.toBe(0);
    expect(underCi.out).toMatch(/a tool that is not installed is missing, and CI must run the suites that need it/);
  });
});
