#!/usr/bin/env node
// The `vigil` command. Plain JavaScript so it can check the Node version before loading the
// compiled TypeScript (built into dist/ by `npm install`).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 14)) {
  process.stderr.write(`vigil: Node.js 22.14 or later is required (this is ${process.versions.node})\n`);
  process.exit(1);
}
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('vigil: not built yet: run `npm install` (or `npm run build`) in the Vigil folder\n');
    process.exit(1);
  }
  throw err;
}
// `vigil list | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`vigil: cannot write the output: ${err.message}\n`);
  process.exit(5);
});
process.exitCode = await cli.main(process.argv.slice(2));
