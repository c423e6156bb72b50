import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * vitest's global setup. The CLI, `vigil serve`, worker and browser suites run what `npm run
 * build` makes (dist/, renderer/dist/), not the TypeScript sources: run alone after an edit,
 * they would test yesterday's build and pass or fail for the wrong reason. So each build whose
 * sources are newer than its output is made first. Under `npm test` the build has just run
 * and this only compares dates.
 */
const root = join(import.meta.dirname, '..', '..');

function newestIn(dirs: string[], pattern: RegExp): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (pattern.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return newest;
}

function builtAt(path: string): number {
  try {
    return statSync(join(root, path)).mtimeMs;
  } catch {
    return 0;
  }
}

function run(what: string, args: string[]): void {
  process.stderr.write(`fresh-build: ${what} is older than its sources; building it first\n`);
  // Built as `npm run build` builds it: vitest's NODE_ENV=test would give a development build of the page.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|NODE_ENV$|MODE$|TEST$)/.test(name)));
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`building ${what} failed: the suites that run it would test a stale build`);
}

export default function freshBuild(): void {
  if (newestIn(['db', 'cli', 'electron', 'bench'], /\.c?ts$/) > builtAt('dist/cli/main.js')) {
    run('dist/', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
  }
  if (newestIn(['renderer/src', 'db'], /\.(tsx?|css)$/) > builtAt('renderer/dist/index.html')) {
    run('renderer/dist/', [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
  }
}
