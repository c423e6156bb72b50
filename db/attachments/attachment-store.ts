import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { VigilError } from '../errors.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { recordSql } from '../records/record-sql.js';

/**
 * Attachments are content-addressed (SHA-256) and stored inside the encrypted database in
 * chunks, so a large file streams in and out without being held in memory or written to
 * disk in plaintext. While a stream arrives its chunks are staged under a random key in
 * small committed batches; the last transaction files them under their hash (or drops them
 * if the same content is already stored). Inside a caller's write (an import storing a file
 * with the records that name it) those batches join it and commit with the rest.
 */
export const chunkSize = 512 * 1024;
const batchChunks = 16;

/**
 * Staged chunks older than this belong to a stream that died (a crash, a killed process);
 * younger ones may be another program still storing a file, so they are left alone.
 */
const abandonedAfterMs = 24 * 60 * 60 * 1000;

/** `staging:<16-digit start time>:<random>`: fixed width, so keys sort by start time. */
function stagingKey(startedMs: number): string {
  return `staging:${String(startedMs).padStart(16, '0')}:${randomBytes(12).toString('hex')}`;
}

export interface BlobInfo {
  sha256: string;
  size: number;
  chunkCount: number;
}

export class AttachmentStore {
  readonly #db: SqliteDatabase;
  readonly #writes: UnitOfWork;
  readonly #sql;

  constructor(db: SqliteDatabase, writes: UnitOfWork) {
    this.#db = db;
    this.#writes = writes;
    this.#sql = {
      info: db.prepare('SELECT sha256, size, chunk_count FROM blobs WHERE sha256 = ?'),
      insertChunk: db.prepare('INSERT INTO blob_chunks (blob_key, idx, data) VALUES (?, ?, ?)'),
      chunk: db.prepare('SELECT data FROM blob_chunks WHERE blob_key = ? AND idx = ?').pluck(),
      dropChunks: db.prepare('DELETE FROM blob_chunks WHERE blob_key = ?'),
      countChunks: db.prepare('SELECT count(*) FROM blob_chunks WHERE blob_key = ?').pluck(),
      fileChunks: db.prepare('UPDATE blob_chunks SET blob_key = ? WHERE blob_key = ?'),
      insertBlob: db.prepare('INSERT INTO blobs (sha256, size, chunk_count, created_ms) VALUES (?, ?, ?, ?)'),
    };
  }

  info(sha256: string): BlobInfo | undefined {
    const row = this.#sql.info.get(sha256) as { sha256: string; size: number; chunk_count: number } | undefined;
    return row && { sha256: row.sha256, size: row.size, chunkCount: row.chunk_count };
  }

  /** Stores a file by streaming it in; returns its hash and whether it was already stored. */
  putFile(path: string, options: { maxBytes?: number } = {}): Promise<BlobInfo & { existed: boolean }> {
    return this.putStream(createReadStream(path, { highWaterMark: chunkSize }), options);
  }

  async putStream(source: AsyncIterable<Uint8Array>, options: { maxBytes?: number } = {}): Promise<BlobInfo & { existed: boolean }> {
    const staged = stagingKey(Date.now());
    const hash = createHash('sha256');
    let size = 0;
    let index = 0;
    let pending: Buffer[] = [];
    let carry = Buffer.alloc(0);
    const flush = () => {
      const batch = pending;
      pending = [];
      this.#writes.write(() => {
        for (const chunk of batch) this.#sql.insertChunk.run(staged, index++, chunk);
      });
    };
    try {
      for await (const piece of source) {
        const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        size += bytes.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          throw new VigilError('invalid_argument', `the file is larger than the limit of ${options.maxBytes} bytes`);
        }
        hash.update(bytes);
        carry = carry.length ? Buffer.concat([carry, bytes]) : Buffer.from(bytes);
        while (carry.length >= chunkSize) {
          pending.push(carry.subarray(0, chunkSize));
          carry = carry.subarray(chunkSize);
        }
        if (pending.length >= batchChunks) flush();
      }
      if (carry.length) pending.push(carry);
      if (pending.length) flush();
      const sha256 = hash.digest('hex');
      const existed = this.#writes.write(() => {
        if (this.#sql.countChunks.get(staged) !== index) {
          throw new VigilError('io_error', 'parts of the file were removed while it was being stored: add it again');
        }
        if (this.#sql.info.get(sha256)) {
          this.#sql.dropChunks.run(staged);
          return true;
        }
        this.#sql.fileChunks.run(sha256, staged);
        this.#sql.insertBlob.run(sha256, size, index, Date.now());
        return false;
      });
      return { sha256, size, chunkCount: index, existed };
    } catch (err) {
      this.#writes.write(() => this.#sql.dropChunks.run(staged));
      throw err;
    }
  }

  /**
   * One stored part of an attachment, for a viewer that assembles it in memory (and checks the
   * whole against its SHA-256 there): nothing is written to disk in the clear.
   */
  part(sha256: string, index: number): { data: Buffer; count: number; size: number } {
    const info = this.info(sha256);
    if (!info) throw new VigilError('not_found', `no attachment ${sha256}`);
    if (index >= info.chunkCount) throw new VigilError('invalid_argument', `attachment ${sha256.slice(0, 12)} has ${info.chunkCount} parts`);
    const data = this.#sql.chunk.get(info.sha256, index) as Buffer | undefined;
    if (!data) throw new VigilError('damaged', `attachment ${info.sha256.slice(0, 12)} is missing part ${index + 1}`);
    return { data, count: info.chunkCount, size: info.size };
  }

  /** Streams a stored attachment out chunk by chunk, checking its hash at the end. */
  async *read(sha256: string): AsyncGenerator<Buffer> {
    const info = this.info(sha256);
    if (!info) throw new VigilError('not_found', `no attachment ${sha256}`);
    yield* this.#chunks(info);
  }

  *#chunks(info: BlobInfo): Generator<Buffer> {
    const hash = createHash('sha256');
    let size = 0;
    for (let i = 0; i < info.chunkCount; i++) {
      const data = this.#sql.chunk.get(info.sha256, i) as Buffer | undefined;
      if (!data) throw new VigilError('damaged', `attachment ${info.sha256.slice(0, 12)} is missing part ${i + 1}`);
      hash.update(data);
      size += data.length;
      yield data;
    }
    if (size !== info.size || hash.digest('hex') !== info.sha256) {
      throw new VigilError('damaged', `attachment ${info.sha256.slice(0, 12)} does not match its hash`);
    }
  }

  /** Removes a stored attachment that no revision names (one whose record could not be updated). */
  dropIfUnreferenced(sha256: string): boolean {
    return this.#writes.write(() => {
      const named = recordSql(this.#db).namesAttachment.get(`"${sha256}"`);
      if (named || !this.info(sha256)) return false;
      this.#sql.dropChunks.run(sha256);
      this.#db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(sha256);
      return true;
    });
  }

  /** Drops chunks left staged by a stream that never finished (a crash mid-import) long ago. */
  dropAbandonedStaging(now = Date.now()): number {
    return this.#db.prepare(`DELETE FROM blob_chunks WHERE blob_key LIKE 'staging:%' AND blob_key < ?`).run(`staging:${String(now - abandonedAfterMs).padStart(16, '0')}`).changes;
  }

  /** Re-hashes every stored attachment; returns the first problem, or null. */
  verifyAll(): { blobs: number; problem: string | null } {
    const rows = this.#db.prepare('SELECT sha256, size, chunk_count FROM blobs ORDER BY sha256').all() as {
      sha256: string;
      size: number;
      chunk_count: number;
    }[];
    let blobs = 0;
    for (const row of rows) {
      blobs++;
      try {
        for (const _chunk of this.#chunks({ sha256: row.sha256, size: row.size, chunkCount: row.chunk_count }));
      } catch (err) {
        if (err instanceof VigilError) return { blobs, problem: err.message };
        throw err;
      }
    }
    return { blobs, problem: null };
  }
}
