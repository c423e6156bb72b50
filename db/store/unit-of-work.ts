import type { AuditLog } from '../audit/audit-log.js';
import type { AuditAction } from '../shared/audit-actions.js';
import { VigilError } from '../errors.js';
import type { SqliteDatabase } from './sqlite.js';

/** What writes alongside a unit of work and must be told how it ends (the search index's queued full-text entries). */
export interface WriteFollower {
  /** Writes what was queued: before the commit, or midway through a long write to keep memory bounded. */
  flush(): void;
  /** Forgets what was queued by a write that rolled back. */
  discard(): void;
}

export interface AuditNote {
  action: AuditAction;
  recordId?: string;
  revisionId?: string;
  detail?: Record<string, unknown>;
}

export interface WriteOptions<T> {
  /** The audit entry of the whole write, appended just before it commits (given its result). */
  audit?: AuditNote | ((result: T) => AuditNote | null);
  /** A write held across awaits stops at the commit, rolled back, once this is aborted (the archive being locked). */
  signal?: AbortSignal;
  /** False: the write found nothing to keep and is rolled back, so the archive's files stay untouched (a bundle read twice). */
  keep?: (result: T) => boolean;
}

/**
 * The one way to write the archive: a unit of work owns BEGIN IMMEDIATE, the commit or the
 * rollback, the followers' flush and discard, and the write's audit entry. A write started
 * inside another joins it rather than opening a savepoint (a savepoint per part made SQLite copy
 * every page the earlier parts had touched): if the inner one fails, the outer one cannot
 * commit, even if its caller caught the error. The engine runs one call at a time, so a write
 * held across awaits (a file streamed in, then the records naming it) has the connection to
 * itself; another program writing the archive waits until it commits.
 */
export class UnitOfWork {
  readonly #db: SqliteDatabase;
  /** Prepared once, as better-sqlite3's own transactions do, rather than parsed again by exec at every write. */
  readonly #control;
  readonly #followers: WriteFollower[] = [];
  #audit: AuditLog | undefined;
  #depth = 0;
  /** The first failure of a write that joined the open one: the open one rolls back. */
  #failed: unknown = undefined;

  constructor(db: SqliteDatabase, audit?: AuditLog) {
    this.#db = db;
    this.#audit = audit;
    this.#control = { begin: db.prepare('BEGIN IMMEDIATE'), commit: db.prepare('COMMIT'), rollback: db.prepare('ROLLBACK') };
  }

  follow(follower: WriteFollower): void {
    this.#followers.push(follower);
  }

  /** Whether a write is open (callers that feed one in pieces check they are inside it). */
  get open(): boolean {
    return this.#depth > 0;
  }

  write<T>(work: () => T, options: WriteOptions<T> = {}): T {
    if (this.#depth) {
      if (options.keep) throw new VigilError('internal', 'a write that may keep nothing cannot join another');
      return this.#joined(work, options);
    }
    this.#begin();
    try {
      return this.#commit(work(), options);
    } catch (err) {
      this.#rollBack();
      throw err;
    }
  }

  /** A write held across awaits. It is always the outermost: the engine's one call at a time holds it. */
  writeAsync<T>(work: () => Promise<T>, options: WriteOptions<T> = {}): Promise<T> {
    if (this.#depth) throw new VigilError('internal', 'a write held across awaits cannot join another write');
    this.#begin();
    return Promise.resolve()
      .then(work)
      .then((result) => this.#commit(result, options))
      .catch((err: unknown) => {
        this.#rollBack();
        throw err;
      });
  }

  /** A write of nothing but its audit entry (an export, which changes no record). */
  appendAudit(note: AuditNote): void {
    this.write(() => undefined, { audit: note });
  }

  /** Hands what the followers queued to the database midway through a long write (memory stays bounded). */
  flush(): void {
    if (!this.#depth) throw new VigilError('internal', 'flush is for a write in progress');
    for (const follower of this.#followers) follower.flush();
  }

  #joined<T>(work: () => T, options: WriteOptions<T>): T {
    this.#depth++;
    try {
      const result = work();
      this.#note(result, options);
      return result;
    } catch (err) {
      this.#failed ??= err;
      throw err;
    } finally {
      this.#depth--;
    }
  }

  #begin(): void {
    if (this.#db.inTransaction) throw new VigilError('internal', 'the database holds a transaction this unit of work did not open');
    this.#control.begin.run();
    this.#depth = 1;
    this.#failed = undefined;
  }

  #commit<T>(result: T, options: WriteOptions<T>): T {
    if (this.#failed !== undefined) throw this.#failed;
    options.signal?.throwIfAborted();
    if (options.keep && !options.keep(result)) {
      this.#rollBack();
      return result;
    }
    this.#note(result, options);
    for (const follower of this.#followers) follower.flush();
    this.#control.commit.run();
    this.#depth = 0;
    return result;
  }

  #note<T>(result: T, options: WriteOptions<T>): void {
    const note = typeof options.audit === 'function' ? options.audit(result) : options.audit;
    if (!note) return;
    if (!this.#audit) throw new VigilError('internal', 'this unit of work keeps no audit log');
    const { action, ...fields } = note;
    this.#audit.append(action, fields);
  }

  #rollBack(): void {
    this.#depth = 0;
    this.#failed = undefined;
    for (const follower of this.#followers) follower.discard();
    if (this.#db.inTransaction) this.#control.rollback.run();
  }
}
