import { createHash, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { once, type EventEmitter } from 'node:events';
import { basename, dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Encrypter } from 'age-encryption';
import tar from 'tar-stream';
import { VigilError, isVigilError } from '../errors.js';
import { sensitivity as sensitivitySchema } from '../shared/schema-parts.js';
import { archiveTemplates, type Templates } from '../templates/archive-templates.js';
import type { RecordType } from '../shared/schemas.js';
import type { Archive } from '../store/archive.js';
import { openOutput, type CallerFiles } from '../store/caller-files.js';
import { ageKeys } from './bundle-identity.js';
import type { BundleExportResult } from './bundle-results.js';
import { BundlePassphraseRecipient, checkBundlePassphrase } from './bundle-passphrase.js';
import { blobPrefix, bundleFormat, bundleVersion, manifestName, manifestSignatureMessage, revisionsName, signatureName, type BundleManifest } from './bundle-format.js';
import { recordSql, type RevisionLineRow } from '../records/record-sql.js';

export type Sensitivity = 'public' | 'restricted' | 'confidential';

export interface BundleExportOptions {
  out: string;
  /** Everything, whatever was sent before. */
  all?: boolean;
  /** Whom the bundle is for: it holds what this peer has not been sent under the same filters. */
  peer?: string;
  types?: RecordType[];
  tags?: string[];
  maxSensitivity?: Sensitivity;
  /** age recipients (age1…); without them, the team passphrase. */
  to?: string[];
  passphrase?: string;
  /** scrypt cost (log2 N) for passphrase bundles: 18 (age's default) unless lowered (tests). */
  scryptWorkFactor?: number;
}

/** The peer a bundle is for when none is named: the team, as one running sequence. */
export const teamPeer = 'team';

/**
 * Writes a bundle of this archive's revisions (its own and those it received, each with its
 * author's signature) and the attachments they name: tar → age → a temporary file renamed
 * into place, so a half-written bundle never carries the final name (or, for a file the caller
 * holds, `vigil serve`'s sealed copy).
 */
export async function exportBundle(archive: Archive, options: BundleExportOptions, held?: CallerFiles): Promise<BundleExportResult> {
  const recipients = options.to ?? [];
  for (const r of recipients) {
    if (!/^age1[0-9a-z]{58}$/.test(r)) throw new VigilError('invalid_argument', `"${r}" is not an age recipient (age1…)`);
  }
  if (!recipients.length && !options.passphrase) {
    throw new VigilError('invalid_argument', 'a bundle is encrypted to a team passphrase or to recipients\u2019 keys (age1…): give one');
  }
  if (!recipients.length) checkBundlePassphrase(options.passphrase!);
  if (options.maxSensitivity && !sensitivitySchema.safeParse(options.maxSensitivity).success) {
    throw new VigilError('invalid_argument', `unknown sensitivity "${options.maxSensitivity}"; expected public, restricted or confidential`);
  }
  if (!held?.writing(options.out)) {
    try {
      if (!statSync(dirname(options.out)).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new VigilError('not_found', `no such folder: ${dirname(options.out)}`);
    }
  }
  const peer = options.peer ?? teamPeer;
  const filters: BundleManifest['filters'] = {
    ...(options.types?.length ? { types: [...new Set(options.types)].sort() } : {}),
    ...(options.tags?.length ? { tags: [...new Set(options.tags)].sort() } : {}),
    ...(options.maxSensitivity ? { maxSensitivity: options.maxSensitivity } : {}),
  };
  const filterKey = JSON.stringify(filters);
  const db = archive.db;
  const sentBefore = db.prepare('SELECT last_seq FROM bundle_peers WHERE peer = ? AND filters = ?').pluck().get(peer, filterKey) as number | undefined;
  const afterSeq = options.all ? 0 : (sentBefore ?? 0);
  const lastSeq = recordSql(db).lastSeq.get()!;
  const passes = selectRevisions(options, filters, archiveTemplates(db));
  const lines = () => recordSql(db).revisionLines.iterate(afterSeq, lastSeq);

  // First pass: what the manifest declares (count, size and hash of revisions.jsonl, authors, attachments).
  const hash = createHash('sha256');
  let count = 0;
  let bytes = 0;
  const authors = new Set<string>();
  const blobs = new Map<string, number>();
  for (const row of lines()) {
    if (!passes(row)) continue;
    const line = revisionLine(row);
    hash.update(line);
    bytes += Buffer.byteLength(line);
    count++;
    authors.add(row.device_id);
    if (row.op === 'put') {
      for (const sha256 of attachmentsOf(row.body)) {
        if (blobs.has(sha256)) continue;
        const info = archive.attachments.info(sha256);
        if (info) blobs.set(sha256, info.size);
      }
    }
  }
  const { devicePublicKey, deviceName } = recordSql(db);
  const { recipient } = await ageKeys(archive);
  const manifest: BundleManifest = {
    format: bundleFormat,
    version: bundleVersion,
    bundleId: randomUUID(),
    createdAt: new Date().toISOString(),
    source: {
      deviceId: archive.deviceId,
      name: deviceName.get(archive.deviceId) ?? null,
      publicKey: archive.devicePublicKey().toString('base64'),
      recipient,
    },
    devices: [...authors].sort().map((deviceId) => ({ deviceId, publicKey: devicePublicKey.get(deviceId)!.toString('base64') })),
    filters: { ...filters, ...(afterSeq ? { afterSeq } : {}) },
    revisions: { count, bytes, sha256: hash.digest('hex') },
    blobs: [...blobs].map(([sha256, size]) => ({ sha256, size })),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const signature = archive.signAsDevice(manifestSignatureMessage(manifestBytes));

  // Second pass: the tar, streamed through age into a temporary file beside the destination.
  // If writing fails (a full or pulled-out stick), filling stops too and its database reads end.
  const pack = tar.pack();
  const stop = new AbortController();
  const fill = (async () => {
    await addEntry(pack, manifestName, manifestBytes);
    await addEntry(pack, signatureName, signature);
    await streamEntry(
      pack,
      revisionsName,
      bytes,
      (function* () {
        for (const row of lines()) if (passes(row)) yield Buffer.from(revisionLine(row), 'utf8');
      })(),
      stop.signal,
    );
    for (const [sha256, size] of blobs) await streamEntry(pack, `${blobPrefix}${sha256}`, size, archive.attachments.read(sha256), stop.signal);
    pack.finalize();
  })();
  fill.catch((err: unknown) => pack.destroy(err as Error));

  const encrypter = new Encrypter();
  if (recipients.length) {
    for (const r of recipients) encrypter.addRecipient(r);
  } else {
    encrypter.addRecipient(new BundlePassphraseRecipient(options.passphrase!, options.scryptWorkFactor));
  }
  // tar-stream's streams are streamx streams: async-iterable. Pulled, not pushed (Readable.toWeb),
  // so nothing is handed on after the writing stopped; in pieces of age's chunk size, since a
  // pull per revision line cost a fifth of the export's time.
  const encrypted = await encrypter.encrypt(WebReadableStream.from(inPiecesOf(pack as AsyncIterable<Uint8Array>, 64 * 1024)) as unknown as ReadableStream<Uint8Array>);
  const fileHash = createHash('sha256');
  let size = 0;
  // Flushed to the disk before it takes its name: a bundle is often carried away on a stick.
  let output: ReturnType<typeof openOutput> | undefined;
  try {
    output = openOutput(options.out, held, { durable: true });
    await pipeline(
      Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>),
      async function* (chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          fileHash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      output.stream,
    );
    await fill;
    await output.finish();
  } catch (err) {
    stop.abort();
    pack.destroy();
    // What failed first says why; filling only stopped because of it.
    const cause = await fill.then(
      () => err,
      (fillErr: unknown) => (isVigilError(fillErr) ? fillErr : err),
    );
    output?.abandon();
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new VigilError('not_found', `no such folder: ${dirname(options.out)}`);
    if ((cause as NodeJS.ErrnoException).code === 'ENOSPC') throw new VigilError('io_error', 'the disk is full: the bundle was not written');
    throw cause;
  }
  archive.writes.write(
    () =>
      db
        .prepare(
          `INSERT INTO bundle_peers (peer, filters, last_seq, sent_ms) VALUES (?, ?, ?, ?)
           ON CONFLICT (peer, filters) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq), sent_ms = excluded.sent_ms`,
        )
        .run(peer, filterKey, lastSeq, Date.now()),
    {
      audit: {
        action: 'bundle.export',
        detail: {
          bundleId: manifest.bundleId,
          file: basename(options.out),
          peer,
          revisions: count,
          blobs: blobs.size,
          bytes: size,
          afterSeq,
          lastSeq,
          filters,
          to: recipients.length ? recipients : 'passphrase',
        },
      },
    },
  );
  return { file: options.out, bundleId: manifest.bundleId, peer, revisions: count, blobs: blobs.size, bytes: size, sha256: fileHash.digest('hex'), afterSeq, lastSeq };
}

/** The revision as it travels; `body` is the stored canonical JSON, so both passes write the same bytes. */
function revisionLine(row: RevisionLineRow): string {
  return `{"id":"${row.id}","body":${row.body},"signature":"${row.signature.toString('base64')}"}\n`;
}

const sensitivityRank: Record<string, number> = { public: 0, restricted: 1, confidential: 2 };

/** Records that are the archive's shape (definitions, search words): they travel whatever types or tags a bundle is narrowed to. */
const shapeTypes: ReadonlySet<string> = new Set(['vocabulary', 'record-type', 'field', 'search-words']);

/**
 * Which revisions the filters let through, each judged on what it carries: a put by its type,
 * tags and sensitivity (unset counts as restricted, as the search index does); a tombstone,
 * which carries nothing, by its type alone. A revision holding a value of a defined field more
 * sensitive than the bundle allows stays behind whole: revisions are signed, so a value cannot
 * be cut out of one. Definitions travel with any types and tags (unset sensitivity: public), so
 * a record never arrives without the fields it uses.
 */
function selectRevisions(options: BundleExportOptions, filters: BundleManifest['filters'], templates: Templates): (row: RevisionLineRow) => boolean {
  const types = filters.types ? new Set<string>(filters.types) : undefined;
  const tags = filters.tags ? new Set(filters.tags) : undefined;
  const ceiling = options.maxSensitivity ? sensitivityRank[options.maxSensitivity]! : undefined;
  if (!types && !tags && ceiling === undefined) return () => true;
  const rank = (level: unknown) => (Object.hasOwn(sensitivityRank, String(level)) ? sensitivityRank[String(level)]! : 2);
  return (row) => {
    const shape = shapeTypes.has(row.record_type);
    if (types && !shape && !types.has(row.record_type)) return false;
    if (row.op === 'delete' || (!tags && ceiling === undefined)) return true;
    const data = (JSON.parse(row.body) as { data?: { tags?: unknown; sensitivity?: unknown; defined?: unknown } }).data ?? {};
    if (tags && !shape && !(Array.isArray(data.tags) && data.tags.some((t) => tags.has(String(t))))) return false;
    if (ceiling === undefined) return true;
    if (rank(data.sensitivity ?? (shape ? 'public' : 'restricted')) > ceiling) return false;
    if (data.defined && typeof data.defined === 'object') {
      for (const key of Object.keys(data.defined)) {
        const level = templates.field(row.record_type, key)?.valueSensitivity;
        if (level && rank(level) > ceiling) return false;
      }
    }
    return true;
  };
}

function attachmentsOf(body: string): string[] {
  if (!body.includes('"attachments"')) return [];
  const data = (JSON.parse(body) as { data?: { attachments?: { sha256?: unknown }[] } }).data;
  return (data?.attachments ?? []).map((a) => a.sha256).filter((s): s is string => typeof s === 'string' && /^[0-9a-f]{64}$/.test(s));
}

/** The same bytes in pieces of at least `size` (the last one shorter). */
async function* inPiecesOf(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield Buffer.concat(parts, length);
      parts = [];
      length = 0;
    }
  }
  if (length) yield Buffer.concat(parts, length);
}

function addEntry(pack: tar.Pack, name: string, content: Buffer): Promise<void> {
  return new Promise((resolve, reject) => pack.entry({ name, size: content.length, mode: 0o600, mtime: new Date(0) }, content, (err) => (err ? reject(err) : resolve())));
}

async function streamEntry(pack: tar.Pack, name: string, size: number, content: Iterable<Buffer> | AsyncIterable<Buffer>, signal: AbortSignal): Promise<void> {
  let settled!: (err?: Error | null) => void;
  const written = new Promise<void>((resolve, reject) => (settled = (err) => (err ? reject(err) : resolve())));
  // Awaited only when the entry is complete; a failure before that is thrown from the loop.
  written.catch(() => undefined);
  const entry = pack.entry({ name, size, mode: 0o600, mtime: new Date(0) }, (err) => settled(err));
  // Failures are reported through the callback above, not as stray 'error' events.
  entry.on('error', () => undefined);
  const iterator = Symbol.asyncIterator in content ? content[Symbol.asyncIterator]() : content[Symbol.iterator]();
  try {
    for (;;) {
      signal.throwIfAborted();
      const next = await iterator.next();
      if (next.done) break;
      if (!entry.write(next.value)) await once(entry as unknown as EventEmitter, 'drain', { signal });
    }
  } catch (err) {
    // Ends the source: a database iterator left open would keep the connection busy.
    await iterator.return?.();
    entry.destroy(err as Error);
    throw err;
  }
  entry.end(() => undefined);
  await written;
}
