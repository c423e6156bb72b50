import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * vitest's global setup. The CLI, `vigil serve`, worker and browser suites run what `npm run
 * build` makes (dist/, renderer/dist/), not the TypeScript sources: run alone after an edit,
 * they would test yesterday's build and pass or fail for the wrong reason. So each build whose
 * sources are newer than its output is made first (build/build-if-stale.mjs, which `npm start`
 * runs too). Under `npm test` the build has just run and this only compares dates.
 */
export default function freshBuild(): void {
  const result = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'build', 'build-if-stale.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building failed: the suites that run the build would test a stale one');
}
