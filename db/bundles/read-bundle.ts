import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Decrypter } from 'age-encryption';
import tar from 'tar-stream';
import { VigilError, isVigilError } from '../errors.js';
import { deviceIdOf, publicKeyFromRaw, verifyMessage } from '../records/device-identity.js';
import { parseOutsideJson } from '../records/prototype-keys.js';
import type { RevisionMerge } from '../records/record-store.js';
import type { SignedRevision } from '../records/revision.js';
import type { WireRevision } from '../records/rows.js';
import type { Archive } from '../store/archive.js';
import { headOfHeld, openHeld, type CallerFiles } from '../store/caller-files.js';
import type { AuditNote } from '../store/unit-of-work.js';
import { deviceFingerprint, storedAgeKeys } from './bundle-identity.js';
import { BundlePassphraseIdentity } from './bundle-passphrase.js';
import type { BundleImportSummary } from './bundle-results.js';
import { RevisionChecker } from './revision-checker.js';
import {
  blobPrefix,
  bundleFormat,
  checkJsonContainers,
  bundleKeyKind,
  bundleLimits,
  bundleVersion,
  manifestName,
  manifestSchema,
  manifestSignatureMessage,
  revisionsName,
  signatureName,
  type BundleManifest,
} from './bundle-format.js';
import { recordSql } from '../records/record-sql.js';

export interface BundleImportOptions {
  /** The team passphrase, for a bundle encrypted to one. */
  passphrase?: string;
  /**
   * Refuse a bundle made by a device this archive has not seen before, or carrying revisions
   * written by one (a known teammate relaying a stranger's work is refused too).
   */
  requireKnownDevice?: boolean;
  /** Files the caller keeps sealed (`vigil serve`'s uploads): a bundle among them is read from its sealed copy. */
  files?: CallerFiles;
  /** Aborted (the archive being locked): the bundle's changes are rolled back. */
  signal?: AbortSignal;
}

const revisionsPerBatch = 500;
/** Characters of revision text per batch: many small revisions, or a few large ones. */
const batchTextLength = 8 * 1024 * 1024;
const inlineBatchLength = 16 * 1024 * 1024;

/** SQLite's page cache while a bundle is applied, as cache_size counts it (negative: KiB). */
const importCacheKib = -16384;

/** A tar entry as tar-stream yields it: its header and its bytes. */
type BundleEntry = AsyncIterable<Buffer> & { header: tar.Header };

/**
 * Opens a bundle and applies it. It is read as it is decrypted, never written to disk in
 * plaintext; every check — age's authentication of each chunk, the manifest's signature, the
 * hash and author signature of every revision, every blob's hash, the declared sizes and
 * counts, the tar's entry names — passes before the one write holding its changes is
 * committed. Anything wrong rolls that write back: the archive is as it was.
 */
export async function importBundle(archive: Archive, path: string, options: BundleImportOptions = {}): Promise<BundleImportSummary> {
  const held = options.files?.reading(path);
  const head = held ? await headOfHeld(held, 512) : await readHead(path);
  if (head.length === 0) throw new VigilError('damaged', 'the bundle is empty');
  const kind = bundleKeyKind(head);
  if (kind === 'unknown') throw new VigilError('damaged', 'this is not a Vigil bundle: it is not an age-encrypted file');
  const decrypter = new Decrypter();
  if (kind === 'passphrase') {
    if (!options.passphrase) throw new VigilError('invalid_argument', 'this bundle is locked with a team passphrase: give the team passphrase to open it');
    decrypter.addIdentity(new BundlePassphraseIdentity(options.passphrase));
  } else {
    // An archive that never made its age keys cannot be a bundle's recipient; reading makes none.
    const keys = storedAgeKeys(archive);
    if (!keys) throw new VigilError('invalid_argument', 'this bundle is addressed to other recipients, not to this archive');
    decrypter.addIdentity(keys.identity);
  }
  let plaintext: ReadableStream<Uint8Array>;
  try {
    // Pulled chunk by chunk: Readable.toWeb pushes, and a chunk pushed after a damaged file made
    // age stop reading was an uncaught error that ended the process.
    plaintext = await decrypter.decrypt(
      WebReadableStream.from((held ? openHeld(held) : createReadStream(path)) as AsyncIterable<Uint8Array>) as unknown as ReadableStream<Uint8Array>,
    );
  } catch (err) {
    throw headerRefusal(err, kind);
  }
  const reader = new BundleReader(archive, options);
  // The pages a merge writes are not what the next search reads: a small page cache while
  // reading keeps memory bounded whatever the bundle's size.
  const cacheSize = archive.db.pragma('cache_size', { simple: true }) as number;
  archive.db.pragma(`cache_size = ${Math.max(cacheSize, importCacheKib)}`);
  try {
    return await archive.writes.writeAsync(() => reader.read(Readable.fromWeb(plaintext as unknown as WebReadableStream<Uint8Array>)), {
      keep: () => reader.auditNote !== null,
      audit: () => reader.auditNote,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    throw bodyRefusal(err);
  } finally {
    archive.db.pragma(`cache_size = ${Math.trunc(cacheSize)}`);
    archive.db.pragma('shrink_memory');
  }
}

class BundleReader {
  readonly #archive: Archive;
  readonly #options: BundleImportOptions;
  #manifest: BundleManifest | undefined;
  #manifestBytes: Buffer | undefined;
  #merge: RevisionMerge | undefined;
  readonly #manifestKeys = new Map<string, string>();
  /** Devices the manifest names that this archive had not seen before this bundle. */
  readonly #unknownDevices = new Set<string>();
  #declaredBlobs: Map<string, number> | undefined;
  readonly #namedBlobs = new Set<string>();
  #newDevice = false;
  #signed = false;
  #revisionsSeen = false;
  readonly #blobsSeen = new Set<string>();
  #blobsAdded = 0;
  /** The import's audit entry, once the bundle was read whole and brought something. */
  auditNote: AuditNote | null = null;

  constructor(archive: Archive, options: BundleImportOptions) {
    this.#archive = archive;
    this.#options = options;
  }

  async read(plaintext: Readable): Promise<BundleImportSummary> {
    const extract = tar.extract();
    const entries = extract[Symbol.asyncIterator]();
    const feeding = (async () => {
      for await (const chunk of plaintext) {
        if (!extract.write(chunk as Buffer)) await new Promise<void>((drained) => extract.once('drain', () => drained()));
      }
      extract.end(() => undefined);
    })();
    // A failure in decryption surfaces here as well as in the entry loop; the loop reports it.
    feeding.catch((err: unknown) => extract.destroy(err as Error));
    try {
      for (;;) {
        const next = await entries.next();
        if (next.done) break;
        await this.#entry(next.value as unknown as BundleEntry);
      }
      await feeding;
    } catch (err) {
      extract.destroy();
      plaintext.destroy();
      throw err;
    }
    return this.#finish();
  }

  async #entry(entry: BundleEntry): Promise<void> {
    const { name, size = 0, type } = entry.header;
    if (name.startsWith('/') || name.split('/').includes('..') || name.includes('\\')) {
      throw new VigilError('damaged', `the bundle holds an entry with an unsafe path ("${name.slice(0, 100)}"): refused`);
    }
    if (type !== 'file') throw new VigilError('damaged', `the bundle holds "${name.slice(0, 100)}", which is not a plain file`);
    if (name === manifestName) return this.#readManifest(entry, size);
    if (!this.#manifest) throw new VigilError('damaged', `the bundle does not begin with ${manifestName}`);
    if (name === signatureName) return this.#readSignature(entry, size);
    if (!this.#signed) throw new VigilError('damaged', `the bundle's ${signatureName} does not follow its manifest`);
    if (name === revisionsName) return this.#readRevisions(entry, size);
    if (name.startsWith(blobPrefix)) return this.#readBlob(entry, name.slice(blobPrefix.length), size);
    throw new VigilError('damaged', `the bundle holds an unexpected entry "${name.slice(0, 100)}"`);
  }

  async #readManifest(entry: BundleEntry, size: number): Promise<void> {
    if (this.#manifest) throw new VigilError('damaged', `the bundle holds ${manifestName} twice`);
    if (size > bundleLimits.manifestBytes) throw new VigilError('damaged', `the bundle's manifest declares ${size} bytes, past the limit`);
    const bytes = await readAll(entry, size);
    const text = bytes.toString('utf8');
    checkJsonContainers(text, bundleLimits.jsonContainers, 'the bundle\u2019s manifest');
    const json = parseOutsideJson(text, 'the bundle\u2019s manifest');
    const head = json as { format?: unknown; version?: unknown } | null;
    if (head?.format !== bundleFormat) throw new VigilError('damaged', 'this is not a Vigil bundle (its manifest names another format)');
    if (head.version !== bundleVersion) {
      throw new VigilError('damaged', `this bundle has format version ${String(head.version)}; this Vigil reads version ${bundleVersion}: update Vigil`);
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new VigilError('damaged', `the bundle's manifest is malformed at ${issue.path.join('.') || 'its top'}: ${issue.message}`);
    }
    this.#manifest = parsed.data;
    this.#manifestBytes = bytes;
  }

  async #readSignature(entry: BundleEntry, size: number): Promise<void> {
    if (this.#signed) throw new VigilError('damaged', `the bundle holds ${signatureName} twice`);
    if (size !== 64) throw new VigilError('damaged', 'the bundle\u2019s signature is not an Ed25519 signature');
    const signature = await readAll(entry, size);
    const source = this.#manifest!.source;
    const key = Buffer.from(source.publicKey, 'base64');
    if (deviceIdOf(key) !== source.deviceId) throw new VigilError('damaged', 'the bundle\u2019s source key does not belong to its device');
    if (!verifyMessage(publicKeyFromRaw(key), manifestSignatureMessage(this.#manifestBytes!), signature)) {
      throw new VigilError('damaged', 'the bundle\u2019s signature does not match its manifest: it was altered or forged');
    }
    this.#signed = true;
    const db = this.#archive.db;
    const isKnown = recordSql(db).devicePublicKey;
    const devices = [...this.#manifest!.devices];
    if (!devices.some((d) => d.deviceId === source.deviceId)) devices.push({ deviceId: source.deviceId, publicKey: source.publicKey });
    // Known or not is decided before the merge records the bundle's devices.
    for (const d of devices) if (isKnown.get(d.deviceId) === undefined) this.#unknownDevices.add(d.deviceId);
    this.#newDevice = this.#unknownDevices.has(source.deviceId);
    if (this.#newDevice && this.#options.requireKnownDevice) {
      throw new VigilError('damaged', `the bundle comes from a device this archive does not know (${deviceFingerprint(key)}): refused`);
    }
    this.#merge = this.#archive.records.openMerge(devices);
    for (const d of devices) this.#manifestKeys.set(d.deviceId, d.publicKey);
  }

  async #readRevisions(entry: BundleEntry, size: number): Promise<void> {
    if (this.#revisionsSeen) throw new VigilError('damaged', `the bundle holds ${revisionsName} twice`);
    this.#revisionsSeen = true;
    const declared = this.#manifest!.revisions;
    if (size !== declared.bytes) throw new VigilError('damaged', `the bundle's revisions are ${size} bytes where its manifest says ${declared.bytes}`);
    const hash = createHash('sha256');
    let carry = '';
    let count = 0;
    let batch: WireRevision[] = [];
    const decoder = new TextDecoder('utf-8', { fatal: true });
    // Batches are checked on the worker (hashes, signatures, data) while this thread writes
    // the ones before; they are applied in order.
    const checker = new RevisionChecker();
    const inFlight: Promise<SignedRevision[]>[] = [];
    const applyOldest = async () => this.#merge!.addChecked(await inFlight.shift()!);
    let batchLength = 0;
    const send = async () => {
      const sent = batch;
      // A batch of a few huge revisions is checked here: copying it to the worker would double it.
      const inline = batchLength > inlineBatchLength;
      batch = [];
      batchLength = 0;
      const checking = checker.check(sent, this.#keysFor(sent), { inline });
      // Settled later, in order; a failure here must not go unhandled meanwhile.
      checking.catch(() => undefined);
      inFlight.push(checking);
      if (inFlight.length > 2) await applyOldest();
    };
    const take = async (line: string) => {
      if (!line) return;
      count++;
      if (count > declared.count) throw new VigilError('damaged', `the bundle holds more revisions than its manifest declares (${declared.count})`);
      checkJsonContainers(line, bundleLimits.jsonContainers, `revision ${count} of the bundle`);
      const wire = parseOutsideJson(line, `revision ${count} of the bundle`) as WireRevision;
      if (typeof wire !== 'object' || wire === null) throw new VigilError('damaged', `revision ${count} of the bundle is not a revision`);
      if (this.#options.requireKnownDevice) this.#refuseUnknownAuthor(wire, count);
      this.#noteAttachments(wire);
      batch.push(wire);
      batchLength += line.length;
      if (batch.length >= revisionsPerBatch || batchLength >= batchTextLength) await send();
    };
    try {
      try {
        for await (const chunk of entry) {
          const bytes = chunk as Buffer;
          hash.update(bytes);
          // Only the new text is searched for line ends: a long line is not rescanned chunk after chunk.
          const text = decoder.decode(bytes, { stream: true });
          let start = 0;
          for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
            const line = carry + text.slice(start, end);
            carry = '';
            start = end + 1;
            await take(line);
          }
          carry += text.slice(start);
          if (carry.length > bundleLimits.revisionLineBytes) throw new VigilError('damaged', 'a revision in the bundle is longer than allowed');
        }
        carry += decoder.decode();
      } catch (err) {
        if (err instanceof TypeError) throw new VigilError('damaged', 'the bundle\u2019s revisions are not valid UTF-8');
        throw err;
      }
      await take(carry);
      if (batch.length) await send();
      while (inFlight.length) await applyOldest();
    } finally {
      await checker.close();
    }
    if (hash.digest('hex') !== declared.sha256) throw new VigilError('damaged', 'the bundle\u2019s revisions do not match the hash its manifest declares');
    if (count !== declared.count) throw new VigilError('damaged', `the bundle holds ${count} revisions where its manifest declares ${declared.count}`);
  }

  /** With requireKnownDevice: a revision written by a device this archive did not know, whoever relays it. */
  #refuseUnknownAuthor(wire: WireRevision, count: number): void {
    const author = (wire.body as { device?: unknown } | undefined)?.device;
    if (typeof author !== 'string' || !this.#unknownDevices.has(author)) return;
    const key = this.#manifestKeys.get(author);
    const who = key ? deviceFingerprint(Buffer.from(key, 'base64')) : author;
    throw new VigilError('damaged', `revision ${count} of the bundle was written by a device this archive does not know (${who}): refused`);
  }

  /** Remembers the attachments a revision names, which are the only ones the bundle may bring. */
  #noteAttachments(wire: WireRevision): void {
    const attachments = (wire.body as { data?: { attachments?: unknown } } | undefined)?.data?.attachments;
    if (!Array.isArray(attachments)) return;
    for (const a of attachments) {
      const sha256 = (a as { sha256?: unknown } | null)?.sha256;
      if (typeof sha256 === 'string') this.#namedBlobs.add(sha256);
    }
  }

  /** The public keys a batch's authors need: from the bundle's manifest, or known to this archive. */
  #keysFor(batch: WireRevision[]): Record<string, string> {
    // Keyed by device ids from the bundle: no prototype to find a key on.
    const keys: Record<string, string> = Object.create(null) as Record<string, string>;
    const known = recordSql(this.#archive.db).devicePublicKey;
    for (const wire of batch) {
      const author = (wire.body as { device?: unknown } | undefined)?.device;
      if (typeof author !== 'string' || author in keys) continue;
      const stored = known.get(author);
      const key = stored?.toString('base64') ?? this.#manifestKeys.get(author);
      if (key) keys[author] = key;
    }
    return keys;
  }

  async #readBlob(entry: BundleEntry, sha256: string, size: number): Promise<void> {
    if (!this.#revisionsSeen) throw new VigilError('damaged', `the bundle's attachments come before its ${revisionsName}`);
    this.#declaredBlobs ??= new Map(this.#manifest!.blobs.map((b) => [b.sha256, b.size]));
    const declaredSize = this.#declaredBlobs.get(sha256);
    if (declaredSize === undefined) throw new VigilError('damaged', `the bundle holds an attachment its manifest does not list (${sha256.slice(0, 12)})`);
    // Every attachment a bundle brings is named by one of its revisions: nothing else is stored.
    if (!this.#namedBlobs.has(sha256)) throw new VigilError('damaged', `the bundle holds attachment ${sha256.slice(0, 12)}, which none of its revisions names`);
    const declared = { size: declaredSize };
    if (this.#blobsSeen.has(sha256)) throw new VigilError('damaged', `the bundle holds attachment ${sha256.slice(0, 12)} twice`);
    this.#blobsSeen.add(sha256);
    if (size !== declared.size) throw new VigilError('damaged', `attachment ${sha256.slice(0, 12)} is ${size} bytes where the manifest says ${declared.size}`);
    const stored = await this.#archive.attachments.putStream(entry as AsyncIterable<Uint8Array>, { maxBytes: declared.size });
    if (stored.sha256 !== sha256) throw new VigilError('damaged', `attachment ${sha256.slice(0, 12)} does not match its hash`);
    if (!stored.existed) this.#blobsAdded++;
  }

  #finish(): BundleImportSummary {
    const manifest = this.#manifest;
    if (!manifest) throw new VigilError('damaged', 'the bundle is empty or truncated: it holds no manifest');
    if (!this.#signed) throw new VigilError('damaged', 'the bundle is not signed');
    if (!this.#revisionsSeen) throw new VigilError('damaged', `the bundle holds no ${revisionsName}`);
    const missing = manifest.blobs.length - this.#blobsSeen.size;
    if (missing) throw new VigilError('damaged', `the bundle lacks ${missing} of the attachments its manifest lists`);
    const merged = this.#merge!.finish();
    const db = this.#archive.db;
    const source = manifest.source;
    const newDevices = [...new Set([...(this.#newDevice ? [source.deviceId] : []), ...merged.authors.filter((a) => this.#unknownDevices.has(a)).sort()])].map((deviceId) => ({
      deviceId,
      fingerprint: deviceFingerprint(Buffer.from(this.#manifestKeys.get(deviceId)!, 'base64')),
    }));
    const summary: BundleImportSummary = {
      bundleId: manifest.bundleId,
      new: merged.records.new,
      updated: merged.records.updated,
      conflicts: merged.records.conflicts,
      unchanged: merged.records.unchanged,
      device: source.deviceId,
      fingerprint: deviceFingerprint(Buffer.from(source.publicKey, 'base64')),
      newDevice: this.#newDevice,
      newDevices,
      revisions: { received: merged.revisions.received, added: merged.revisions.added },
      blobs: { received: this.#blobsSeen.size, added: this.#blobsAdded },
    };
    const seenBefore = db.prepare('SELECT 1 FROM bundles_received WHERE bundle_id = ?').pluck().get(manifest.bundleId) !== undefined;
    // The same bundle again: nothing to write, not even a note of it.
    if (!merged.revisions.added && !this.#blobsAdded && !merged.devices.new.length && seenBefore) return summary;
    db.prepare('INSERT OR IGNORE INTO bundles_received (bundle_id, device_id, created_ms, received_ms, summary) VALUES (?, ?, ?, ?, ?)').run(
      manifest.bundleId,
      source.deviceId,
      Date.parse(manifest.createdAt),
      Date.now(),
      JSON.stringify(summary),
    );
    this.auditNote = {
      action: 'bundle.import',
      detail: {
        bundleId: manifest.bundleId,
        device: source.deviceId,
        fingerprint: summary.fingerprint,
        newDevices,
        revisions: summary.revisions,
        blobs: summary.blobs,
        records: merged.records,
      },
    };
    return summary;
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new VigilError(code === 'ENOENT' ? 'not_found' : 'io_error', `cannot read the bundle (${code ?? 'error'})`);
  }
  try {
    const head = new Uint8Array(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead === 0) throw new VigilError('damaged', 'the bundle is empty');
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readAll(entry: BundleEntry, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of entry) {
    length += (chunk as Buffer).length;
    if (length > size) throw new VigilError('damaged', 'an entry of the bundle is longer than its header says');
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

function headerRefusal(err: unknown, kind: 'passphrase' | 'recipient'): VigilError {
  if (isVigilError(err)) return err;
  const message = (err as Error).message ?? String(err);
  if (kind === 'passphrase' && /passphrase|identity|match/i.test(message)) return new VigilError('auth_failed', 'wrong bundle passphrase');
  if (kind === 'recipient' && /identity|match|recipient/i.test(message)) {
    return new VigilError('invalid_argument', 'this bundle is addressed to other recipients, not to this archive');
  }
  // age's own words (an HMAC, a stanza, a base64 letter) say nothing to a monitor.
  return new VigilError('damaged', 'the bundle cannot be opened: its header is damaged or cut short');
}

/** A failure while the bundle was read, in words for the person holding the file. */
function bodyRefusal(err: unknown): unknown {
  if (isVigilError(err)) return err;
  const message = (err as Error).message ?? String(err);
  if (/invalid tag|ciphertext|tagLength|decrypt|chunk/i.test(message)) {
    return new VigilError('damaged', 'the bundle is damaged: part of it was altered or cut short (its encryption does not check out)');
  }
  if (/unexpected end of data/i.test(message)) return new VigilError('damaged', 'the bundle is damaged: its contents end early');
  if (/tar header/i.test(message)) return new VigilError('damaged', 'the bundle is damaged: its contents are not a readable archive');
  return new VigilError('damaged', `the bundle is damaged or truncated (${message.split('\n')[0]!.slice(0, 120)})`);
}
