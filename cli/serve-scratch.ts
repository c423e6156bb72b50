import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';

/**
 * Where `vigil serve` keeps plaintext that passes through it: files dropped into the page until
 * the import that names them, and bundles or exports until the page downloads them. All of it
 * lives under one private folder per run (named with the server's process id), each item in a
 * folder of its own; items are deleted once used, after half an hour unused, and the whole
 * folder on shutdown. A folder left by a server that died (a crash, a power cut) is deleted by
 * the next one to start.
 */
const prefix = 'vigil-serve-';
const unusedAfterMs = 30 * 60 * 1000;

export class ServeScratch {
  readonly root: string;
  readonly #uploads = new Map<string, number>();
  readonly #downloads = new Map<string, { path: string; at: number }>();

  constructor(parent = tmpdir()) {
    sweepDeadServers(parent);
    this.root = mkdtempSync(join(parent, `${prefix}${process.pid}-`));
  }

  /** A new private folder for one dropped file; the path the file is written to. */
  newUpload(name: string): string {
    const dir = mkdtempSync(join(this.root, 'upload-'));
    this.#uploads.set(dir, Date.now());
    return join(dir, name);
  }

  /** Forgets and deletes a file that did not arrive whole. */
  dropUpload(path: string): void {
    this.#remove(dirname(path));
    this.#uploads.delete(dirname(path));
  }

  /** Deletes the uploads among these paths (an import or bundle import that named them is done). */
  takeUploads(paths: readonly unknown[]): void {
    for (const path of paths) {
      if (typeof path !== 'string') continue;
      const dir = [...this.#uploads.keys()].find((d) => path.startsWith(d + sep));
      if (dir) {
        this.#remove(dir);
        this.#uploads.delete(dir);
      }
    }
  }

  /** A private path for a file the engine will write for download under `name`. */
  newDownloadPath(name: string): string {
    return join(mkdtempSync(join(this.root, 'download-')), basename(name));
  }

  /** Offers a written file as the download `name`, replacing (and deleting) an earlier one of that name. */
  offer(name: string, path: string): void {
    const earlier = this.#downloads.get(name);
    if (earlier && earlier.path !== path) this.#remove(dirname(earlier.path));
    this.#downloads.set(name, { path, at: Date.now() });
  }

  /** The file offered as `name`, handed over once. */
  takeDownload(name: string): string | undefined {
    const entry = this.#downloads.get(name);
    this.#downloads.delete(name);
    return entry && existsSync(entry.path) ? entry.path : undefined;
  }

  /** Deletes a download's folder once sent (or a download path whose export failed). */
  dropDownload(path: string): void {
    this.#remove(dirname(path));
  }

  /** Deletes what has waited unused for too long. */
  sweep(now = Date.now()): void {
    for (const [dir, at] of this.#uploads) if (now - at > unusedAfterMs) this.takeUploads([join(dir, 'x')]);
    for (const [name, entry] of this.#downloads) {
      if (now - entry.at > unusedAfterMs) {
        this.#downloads.delete(name);
        this.#remove(dirname(entry.path));
      }
    }
  }

  /** Deletes everything (shutdown). */
  discard(): void {
    this.#uploads.clear();
    this.#downloads.clear();
    this.#remove(this.root);
  }

  #remove(dir: string): void {
    if (dir === this.root || dir.startsWith(this.root + sep)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Folders of earlier servers whose process is gone. */
function sweepDeadServers(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(new RegExp(`^${prefix}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
