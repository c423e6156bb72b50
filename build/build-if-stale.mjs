// Builds what is older than its sources, and nothing else: `npm start` and the test suites'
// setup run it, so starting the app after no change starts at once, and a suite run alone after
// an edit never tests yesterday's build. `npm run build` always builds everything.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function newestIn(dirs, pattern) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (pattern.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return newest;
}

function builtAt(path) {
  try {
    return statSync(join(root, path)).mtimeMs;
  } catch {
    return 0;
  }
}

function run(what, args) {
  process.stderr.write(`build: ${what} is older than its sources; building it\n`);
  // As `npm run build` builds it: a test runner's NODE_ENV=test would give a development build of the page.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|NODE_ENV$|MODE$|TEST$)/.test(name)));
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...env, NODE_ENV: 'production' } });
  if (result.status !== 0) {
    process.stderr.write(`build: building ${what} failed\n`);
    process.exit(1);
  }
}

if (newestIn(['db', 'cli', 'electron', 'bench'], /\.c?ts$/) > builtAt('dist/cli/main.js')) {
  run('dist/', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
}
if (newestIn(['renderer/src', 'db'], /\.(tsx?|css)$/) > builtAt('renderer/dist/index.html')) {
  run('renderer/dist/', [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
}
