import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import type { Writable } from 'node:stream';
import type { CallerFiles, HeldFile } from '../db/store/caller-files.js';
import { createSealedWriter, newSealingKey, sealedPlaintextSize, type SealedFile } from '../db/store/sealed-file.js';

/**
 * What passes through `vigil serve` between requests: files dropped into the page until the
 * import that names them, and bundles or exports until the page downloads them. None of it is
 * plaintext on disk: each is sealed (db/store/sealed-file.ts) as it arrives or as the engine
 * writes it, under a key made for this run and held only in this process's memory, and read
 * back as a stream (the engine reads an upload, the page receives a download, both decrypted
 * on the way). On disk each is a file of random name in one private folder per run (named with
 * the server's process id); the page names it by a path that is never a file, ending in its
 * own name.
 *
 * Items are deleted once used, after half an hour unused, all at once on a wipe through the
 * page (with a new key), and the whole folder on shutdown. After a crash or a power cut the
 * key is gone with the process, so what is left cannot be read; the next server to start
 * deletes it.
 */
const prefix = 'vigil-serve-';
const unusedAfterMs = 30 * 60 * 1000;

export class ServeScratch implements CallerFiles {
  readonly root: string;
  #key = newSealingKey();
  /** Uploads still arriving, and those that arrived whole, by the path the page names them with. */
  readonly #arriving = new Map<string, string>();
  readonly #uploads = new Map<string, { file: string; size: number; at: number }>();
  /** Files the engine is asked to make for download, by path, until they are offered. */
  readonly #making = new Map<string, string>();
  readonly #downloads = new Map<string, { path: string; file: string; at: number }>();
  /** Downloads handed over and being sent, by path. */
  readonly #sending = new Map<string, string>();

  constructor(parent = tmpdir()) {
    sweepDeadServers(parent);
    this.root = mkdtempSync(join(parent, `${prefix}${process.pid}-`));
  }

  /** A new upload under `name`: the path the page will name it by, and the stream that seals its bytes as they arrive. */
  newUpload(name: string): { path: string; stream: Writable } {
    const id = randomBytes(12).toString('hex');
    const path = join(this.root, `upload-${id}`, name);
    const file = join(this.root, id);
    this.#arriving.set(path, file);
    return { path, stream: createSealedWriter({ file, key: this.#key }) };
  }

  /** The upload arrived whole and may be named now; false if it was wiped meanwhile. */
  keepUpload(path: string): boolean {
    const file = this.#arriving.get(path);
    this.#arriving.delete(path);
    if (!file || !existsSync(file)) return false;
    this.#uploads.set(path, { file, size: sealedPlaintextSize(statSync(file).size), at: Date.now() });
    return true;
  }

  /** Forgets and deletes an upload that did not arrive whole. */
  dropUpload(path: string): void {
    const file = this.#arriving.get(path) ?? this.#uploads.get(path)?.file;
    this.#arriving.delete(path);
    this.#uploads.delete(path);
    if (file) this.#remove(file);
  }

  /** Deletes the uploads among these paths (an import or bundle import that named them is done). */
  takeUploads(paths: readonly unknown[]): void {
    for (const path of paths) if (typeof path === 'string' && this.#uploads.has(path)) this.dropUpload(path);
  }

  /** A path for a file the engine will make for download under `name` (sealed as it is written). */
  newDownloadPath(name: string): string {
    const id = randomBytes(12).toString('hex');
    const path = join(this.root, `download-${id}`, basename(name));
    this.#making.set(path, join(this.root, id));
    return path;
  }

  /** Offers a file made for download as `name`, replacing (and deleting) an earlier one of that name. */
  offer(name: string, path: string): void {
    const file = this.#making.get(path);
    this.#making.delete(path);
    if (!file) return;
    const earlier = this.#downloads.get(name);
    if (earlier) this.#remove(earlier.file);
    this.#downloads.set(name, { path, file, at: Date.now() });
  }

  /** The file offered as `name` (sealed, with its size and the path it was made under), handed over once. */
  takeDownload(name: string): (HeldFile & { path: string }) | undefined {
    const entry = this.#downloads.get(name);
    this.#downloads.delete(name);
    if (!entry || !existsSync(entry.file)) return undefined;
    this.#sending.set(entry.path, entry.file);
    return { path: entry.path, file: entry.file, key: this.#key, size: sealedPlaintextSize(statSync(entry.file).size) };
  }

  /** Deletes a file made for download once sent, or one whose making failed. */
  dropDownload(path: string): void {
    const making = this.#making.get(path);
    this.#making.delete(path);
    if (making) this.#remove(making);
    const sending = this.#sending.get(path);
    this.#sending.delete(path);
    if (sending) this.#remove(sending);
    for (const [name, entry] of this.#downloads) {
      if (entry.path !== path) continue;
      this.#downloads.delete(name);
      this.#remove(entry.file);
    }
  }

  /** The engine reads an upload through its sealed copy. */
  reading(path: string): HeldFile | undefined {
    const upload = this.#uploads.get(path);
    return upload && { file: upload.file, key: this.#key, size: upload.size };
  }

  /** The engine writes a file made for download into its sealed copy. */
  writing(path: string): SealedFile | undefined {
    const file = this.#making.get(path);
    return file ? { file, key: this.#key } : undefined;
  }

  /** Deletes what has waited unused for too long; returns the paths the page can no longer name. */
  sweep(now = Date.now()): string[] {
    const gone: string[] = [];
    for (const [path, upload] of this.#uploads) {
      if (now - upload.at <= unusedAfterMs) continue;
      this.dropUpload(path);
      gone.push(path);
    }
    for (const [name, entry] of this.#downloads) {
      if (now - entry.at <= unusedAfterMs) continue;
      this.#downloads.delete(name);
      this.#remove(entry.file);
      gone.push(entry.path);
    }
    return gone;
  }

  /** Deletes every item at once and takes a new key (a wipe through the page); the folder stays for what comes next. */
  wipe(): void {
    this.#arriving.clear();
    this.#uploads.clear();
    this.#making.clear();
    this.#downloads.clear();
    this.#sending.clear();
    this.#key = newSealingKey();
    if (existsSync(this.root)) for (const name of readdirSync(this.root)) this.#remove(join(this.root, name));
  }

  /** Deletes everything (shutdown). */
  discard(): void {
    this.wipe();
    rmSync(this.root, { recursive: true, force: true });
  }

  #remove(path: string): void {
    if (path.startsWith(this.root + sep)) rmSync(path, { recursive: true, force: true });
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
