import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/temp-archive.js';

/**
 * The packaged app, built offline: electron-builder `--dir` with a stand-in for Electron's
 * distribution (a file carrying Electron's fuse wire, so the fuses really get flipped). A
 * missing file, a native module left inside the asar or a fuse left on fails here.
 */
const root = join(import.meta.dirname, '..');
const builder = join(root, 'node_modules', '.bin', 'electron-builder');
const built = existsSync(join(root, 'dist', 'electron', 'main.js')) && existsSync(join(root, 'renderer', 'dist', 'index.html'));

/** Electron's fuse wire as its binary carries it: sentinel, version 1, length, one byte per fuse (all on). */
function standInElectron(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('11111111')]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), wire]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
  writeFileSync(join(dir, 'version'), '45.4.1');
}

/** How the wire stores a fuse: the characters '1' and '0'. */
const FuseState = { ENABLE: '1'.charCodeAt(0), DISABLE: '0'.charCodeAt(0) };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe.skipIf(!built)('the packaged desktop app (electron-builder --dir, offline)', () => {
  it('holds the shell, engine and page in the asar, the native module outside it, and the fuses set', async () => {
    const work = tempDir('vigil-package-');
    const electronDist = join(work, 'electron-dist');
    standInElectron(electronDist);
    const output = join(work, 'out');
    const run = spawnSync(builder, ['--dir', '--linux', '--x64', '--config', 'build/electron-builder.yml', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', ELECTRON_BUILDER_OFFLINE: 'true' },
      timeout: 300_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

    const app = join(output, 'linux-unpacked');
    const asar = join(app, 'resources', 'app.asar');
    const inside = listPackage(asar, { isPack: false }).map((p) => p.replace(/^[/\\]/, '').replaceAll('\\', '/'));
    for (const needed of [
      'package.json',
      'dist/electron/main.js',
      'dist/electron/preload.cjs',
      'dist/electron/engine-process.js',
      'dist/db/service.js',
      'dist/electron/renderer-files.js',
      'renderer/dist/index.html',
      'node_modules/better-sqlite3-multiple-ciphers/package.json',
      'node_modules/zod/package.json',
    ]) {
      expect(inside, needed).toContain(needed);
    }
    expect(inside.some((p) => p.startsWith('renderer/dist/assets/') && p.endsWith('.js'))).toBe(true);
    // Nothing of the sources, tests, benchmarks or development tools.
    for (const absent of [
      /^tests\//,
      /^bench\//,
      /^dist\/bench\//,
      /^dist\/tests\//,
      /^renderer\/src\//,
      /\.map$/,
      /^node_modules\/(electron|electron-builder|vitest|playwright-core|typescript|vite|react|react-dom|i18next)\//,
    ]) {
      expect(
        inside.filter((p) => absent.test(p)),
        String(absent),
      ).toEqual([]);
    }
    const native = filesUnder(join(app, 'resources', 'app.asar.unpacked')).filter((p) => p.endsWith('.node'));
    expect(native.some((p) => p.includes('better-sqlite3-multiple-ciphers'))).toBe(true);
    // pdf.js draws scanned pages on @napi-rs/canvas, outside the asar as every native module.
    expect(native.some((p) => p.includes('@napi-rs'))).toBe(true);
    // The OCR language data is in the app's resources, where the engine looks (never downloaded).
    for (const language of ['rus', 'kaz', 'eng', 'osd']) expect(existsSync(join(app, 'resources', 'tessdata', `${language}.traineddata`)), language).toBe(true);
    expect(inside.filter((p) => p.endsWith('.node') && !native.includes(p))).toEqual([]);

    const fuses = await getCurrentFuseWire(join(app, 'vigil'));
    expect(fuses[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
  });
});
