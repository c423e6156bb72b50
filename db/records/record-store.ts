import type { KeyObject } from 'node:crypto';
import { countQuery, listQuery, type ListOptions } from './list-query.js';
import { v7 as uuidv7 } from 'uuid';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditAction } from '../shared/audit-actions.js';
import { VigilError } from '../errors.js';
import type { PreparedRecord } from '../search/prepare-record.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { canonicalJson } from './canonical-json.js';
import { chooseCurrent, type LeafInfo } from './choose-current.js';
import { deviceIdOf } from './device-identity.js';
import { compareHlc, maxClockDrift, maxHlc, tickHlc, zeroHlc, type Hlc } from './hlc.js';
import { orderHistory } from './history-order.js';
import { applyMergePatch } from './merge-patch.js';
import { sealRevision, sealRevisionsAsync, short, type RevisionBody, type SignedRevision } from './revision.js';
import { rowToRecordSummary, rowToRecordView, rowToRevisionView, rowToWireRevision, type WireRevision } from './rows.js';
import type { RecordSummary, RecordView, RevisionView } from '../shared/record-views.js';
import { followDerivedTitle, recordTypes, type RecordType } from '../shared/schemas.js';
import { archiveTemplates } from '../templates/archive-templates.js';
import { checkDefinedValues } from '../templates/check-defined-values.js';
import { validateRecordData } from './validate-record.js';
import { checkWireRevision } from './check-wire-revision.js';
import { referencesOf } from './record-references.js';
import { recordSql, type RecordSql } from './record-sql.js';
import type { ConflictView, MergeSummary, WireDevice } from './exchange-values.js';
import type { RecordRow } from '../store/table-rows.js';
import { readMetaValue, setMetaValue } from '../store/meta-values.js';

/** What follows records' current values (the search index): told inside the write whenever one changes (null: deleted). */
export interface CurrentValueFollower {
  /** `isNew`: the record's first revision, so it has nothing indexed yet. */
  indexRecord(recordId: string, type: RecordType, data: Record<string, unknown> | null, prepared?: PreparedRecord, isNew?: boolean): void;
}

export interface DeviceSigner {
  deviceId: string;
  privateKey: KeyObject;
}

export interface RevisionMerge {
  /** Revisions that checkWireRevision passed (on another thread): only what needs the archive is checked here. */
  addChecked(revisions: readonly SignedRevision[]): void;
  finish(): MergeSummary & { authors: string[] };
}

/** A batch's running clock: ticked in memory, stored once when the batch is written. */
interface LocalClock {
  last: Hlc;
}

/**
 * Records and their revision DAGs. Every change is a new signed revision written in one
 * transaction with the record's current value and its audit entry; nothing is overwritten.
 */
export class RecordStore {
  readonly #db: SqliteDatabase;
  readonly #signer: DeviceSigner;
  /** The last stamp given to revisions sealed ahead of writing (sealCreates); later writes follow it. */
  #reserved: Hlc = zeroHlc;
  readonly #audit: AuditLog;
  readonly #follower: CurrentValueFollower | undefined;
  readonly #writes: UnitOfWork;
  readonly #sql: RecordSql;

  constructor(db: SqliteDatabase, writes: UnitOfWork, signer: DeviceSigner, audit: AuditLog, follower?: CurrentValueFollower) {
    this.#db = db;
    this.#writes = writes;
    this.#signer = signer;
    this.#audit = audit;
    this.#follower = follower;
    this.#sql = recordSql(db);
  }

  // ---- reading ----

  get(id: string): RecordView {
    const row = this.#sql.record.get(id);
    if (!row || row.deleted) throw new VigilError('not_found', `no record ${id}`);
    return rowToRecordView(row);
  }

  /** A live record's type and title, or undefined: what a reference to it is checked against. */
  describe(id: string): { type: RecordType; title: string } | undefined {
    const row = this.#sql.titleOf.get(id);
    return row && !row.deleted ? { type: row.type as RecordType, title: row.title } : undefined;
  }

  /** A live record's type, without parsing its value. */
  typeOf(id: string): RecordType {
    const found = this.describe(id);
    if (!found) throw new VigilError('not_found', `no record ${id}`);
    return found.type;
  }

  /** Records, oldest first unless sorted otherwise (ids are UUIDv7, so id order is creation order). */
  list(options: ListOptions = {}): RecordSummary[] {
    if (
      !options.status &&
      !options.country &&
      !options.sensitivity &&
      !options.tag &&
      !options.after &&
      !options.before &&
      !options.definedIds &&
      !options.sortBy &&
      (options.sort ?? 'oldest') === 'oldest'
    ) {
      const limit = options.limit ?? -1;
      const offset = options.offset ?? 0;
      const rows = options.type ? this.#sql.listByType.all(options.type, limit, offset) : this.#sql.listAll.all(limit, offset);
      return rows.map(rowToRecordSummary);
    }
    const query = listQuery(options);
    return this.#db
      .prepare<unknown[], RecordRow>(query.sql)
      .all(...query.params)
      .map(rowToRecordSummary);
  }

  count(options: RecordType | ListOptions = {}): number {
    const query = countQuery(typeof options === 'string' ? { type: options } : options);
    return this.#db
      .prepare(query.sql)
      .pluck()
      .get(...query.params) as number;
  }

  /** A trial's hearings or a hearing's notes, oldest first, through migration 7's indexes. */
  children(parent: string, type: 'hearing' | 'note', limit = 10_000): RecordView[] {
    return (type === 'hearing' ? this.#sql.hearingsOf : this.#sql.notesOf).all(parent, limit).map(rowToRecordView);
  }

  /** Every revision of a record, oldest first. */
  history(id: string): RevisionView[] {
    const rows = this.#sql.historyOf.all(id);
    if (!rows.length) throw new VigilError('not_found', `no record ${id}`);
    return orderHistory(rows.map(rowToRevisionView));
  }

  conflicts(): ConflictView[] {
    const rows = this.#sql.conflicted.all();
    return rows.map((row) => ({
      id: row.id,
      type: row.type as RecordType,
      title: row.title,
      current: row.revision_id,
      leaves: this.#leafRows(row.id)
        .filter((l) => l.op === 'put')
        .map((l) => rowToRevisionView(this.#sql.revision.get(l.id)!))
        .sort((a, b) => a.hlc.time - b.hlc.time || a.hlc.count - b.hlc.count || (a.id < b.id ? -1 : 1)),
    }));
  }

  // ---- local changes ----

  create(type: RecordType, input: unknown): RecordView {
    const [created] = this.createMany([{ type, data: input }]);
    return this.get(created!.id);
  }

  /**
   * Creates many records in one transaction: all are validated first, and one bad item writes
   * none. An import whose worker already ran validateRecordData (and prepareRecord) on every
   * item says so, and that work is not repeated here. An import also writes one audit entry
   * for the whole file (`auditEach: false`), as a bundle merge does, not one per row. Inside
   * a caller's write (a spreadsheet written part by part) the records join it.
   */
  createMany(
    items: readonly { type: RecordType; data: unknown }[],
    options: { validated?: boolean; prepared?: readonly PreparedRecord[]; sealed?: readonly SignedRevision[]; auditEach?: boolean; ids?: readonly string[] } = {},
  ): { id: string; revision: string }[] {
    if (options.prepared && options.prepared.length !== items.length) throw new VigilError('invalid_argument', 'one prepared search entry is needed per item');
    if (options.sealed && options.sealed.length !== items.length) throw new VigilError('invalid_argument', 'one sealed revision is needed per item');
    // Ids given by the caller (an Uwazi entity's, kept across re-imports) must be new here.
    if (options.ids) {
      if (options.ids.length !== items.length) throw new VigilError('invalid_argument', 'one id is needed per item');
      for (const id of options.ids) if (this.#sql.record.get(id)) throw new VigilError('invalid_argument', `a record with the id ${id} exists already`);
    }
    const templates = archiveTemplates(this.#db);
    const describe = (id: string) => this.describe(id);
    const valid = items.map((item, i) => {
      // Validated by an import's worker, which cannot know the archive's definitions: defined values are checked here.
      if (options.validated && recordTypes.includes(item.type))
        return { type: item.type, data: checkDefinedValues(templates, item.type, item.data as Record<string, unknown>, { describe }) };
      if (!templates.isType(item.type)) {
        throw new VigilError('invalid_argument', `unknown record type "${item.type}"; expected one of ${[...recordTypes, ...templates.types.keys()].join(', ')}`);
      }
      try {
        const data = validateRecordData(item.type, item.data) as Record<string, unknown>;
        return { type: item.type, data: checkDefinedValues(templates, item.type, data, { describe }) };
      } catch (err) {
        if (items.length > 1 && err instanceof VigilError) throw new VigilError(err.code, `item ${i + 1}: ${err.message}`);
        throw err;
      }
    });
    return this.#writes.write(() => {
      const action = options.auditEach === false ? null : 'record.create';
      const sealed = options.sealed;
      if (sealed && this.#sealedFor(valid, sealed)) {
        sealed.forEach((rev, i) => this.#store(rev, action, { type: rev.body.type }, true, options.prepared?.[i]));
        setMetaValue(this.#db, 'hlc', JSON.stringify(sealed.at(-1)!.body.hlc));
        return sealed.map((rev) => ({ id: rev.body.record, revision: rev.id }));
      }
      const clock = this.#clockAfter([]);
      const created = valid.map(({ type, data }, i) => {
        const id = options.ids?.[i] ?? uuidv7();
        const rev = this.#writeRevision({ record: id, type, op: 'put', parents: [], data }, action, { type }, clock, options.prepared?.[i]);
        return { id, revision: rev.id };
      });
      setMetaValue(this.#db, 'hlc', JSON.stringify(clock.last));
      return created;
    });
  }

  /**
   * Seals the first revisions of new records ahead of writing them (createMany's `sealed`),
   * signing on libuv's thread pool: an import signs one part of a spreadsheet while this
   * thread writes the part before. Their stamps are reserved, so any write in between
   * follows them; revisions sealed ahead that can no longer be written in order are sealed
   * again by createMany.
   */
  async sealCreates(items: readonly { type: RecordType; data: Record<string, unknown> }[]): Promise<SignedRevision[]> {
    const clock = this.#clockAfter([]);
    const fields = items.map(({ type, data }) => {
      clock.last = tickHlc(clock.last, Date.now());
      return { record: uuidv7(), type, op: 'put' as const, parents: [], hlc: clock.last, device: this.#signer.deviceId, data };
    });
    this.#reserved = clock.last;
    return sealRevisionsAsync(fields, this.#signer.privateKey);
  }

  /** Whether revisions sealed ahead are this device's first revisions of exactly these values, stamped after every stored one. */
  #sealedFor(valid: readonly { type: RecordType; data: Record<string, unknown> }[], sealed: readonly SignedRevision[]): boolean {
    const stored = this.#storedClock();
    return sealed.every((rev, i) => {
      const b = rev.body;
      const previous = i === 0 ? stored : sealed[i - 1]!.body.hlc;
      return b.op === 'put' && !b.parents.length && b.device === this.#signer.deviceId && b.type === valid[i]!.type && b.data === valid[i]!.data && compareHlc(b.hlc, previous) > 0;
    });
  }

  /** Applies a JSON merge patch to the current value. A patch that changes nothing writes nothing. */
  update(id: string, patch: unknown, options: { baseRevision?: string } = {}): RecordView {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new VigilError('invalid_argument', 'a patch is a JSON object of the fields to change (null removes a field)');
    }
    return this.#writes.write(() => {
      const current = this.get(id);
      if (options.baseRevision && options.baseRevision !== current.revision) {
        throw new VigilError('stale', 'this record was changed since it was opened: reload it and apply the change again');
      }
      const patched = followDerivedTitle(current.type, current.data, applyMergePatch(current.data, patch) as Record<string, unknown>, patch as Record<string, unknown>);
      const data = checkDefinedValues(
        archiveTemplates(this.#db),
        current.type,
        validateRecordData(current.type, patched, { keepUnknownFrom: current.data }) as Record<string, unknown>,
        {
          previous: current.data,
          describe: (target) => this.describe(target),
        },
      );
      if (canonicalJson(data) === canonicalJson(current.data)) return current;
      this.#writeRevision({ record: id, type: current.type, op: 'put', parents: this.#continuing(current), data }, 'record.update', {
        fields: Object.keys(patch),
      });
      return this.get(id);
    });
  }

  delete(id: string): { id: string; revision: string } {
    return this.#writes.write(() => {
      const current = this.get(id);
      const parents = this.#leafRows(id).map((l) => l.id);
      const rev = this.#writeRevision({ record: id, type: current.type, op: 'delete', parents }, 'record.delete', { type: current.type });
      return { id, revision: rev.id };
    });
  }

  /**
   * Brings a deleted record back with the value it had before it was deleted: a new revision
   * after the tombstone, so the deletion stays in its history (a withdrawn note put back, a
   * record deleted by mistake).
   */
  restore(id: string): RecordView {
    return this.#writes.write(() => {
      const row = this.#sql.record.get(id);
      if (!row) throw new VigilError('not_found', `no record ${id}`);
      if (!row.deleted) throw new VigilError('invalid_argument', `${row.title} is not deleted`);
      const last = this.#sql.historyOf
        .all(id)
        .filter((r) => r.op === 'put')
        .at(-1);
      if (!last) throw new VigilError('not_found', `no earlier value of ${id} to restore`);
      const data = (JSON.parse(this.#sql.bodyOf.get(last.id)!) as RevisionBody).data!;
      const parents = this.#leafRows(id).map((l) => l.id);
      this.#writeRevision({ record: id, type: row.type, op: 'put', parents, data }, 'record.restore', { type: row.type });
      return this.get(id);
    });
  }

  /**
   * Closes a conflict with a revision whose parents are all the leaves: either one of the
   * conflicting versions (`pick`) or a merged value (`data`).
   */
  resolve(id: string, choice: { pick: string } | { data: unknown }): RecordView {
    return this.#writes.write(() => {
      const current = this.get(id);
      const leaves = this.#leafRows(id);
      const live = leaves.filter((l) => l.op === 'put');
      if (live.length < 2) throw new VigilError('invalid_argument', `record ${id} has no conflict to resolve`);
      let data: Record<string, unknown>;
      if ('pick' in choice) {
        const picked = live.find((l) => l.id === choice.pick || (choice.pick.length >= 8 && l.id.startsWith(choice.pick)));
        if (!picked) throw new VigilError('not_found', `revision ${choice.pick} is not one of the conflicting versions of ${id}`);
        data = (JSON.parse(this.#sql.bodyOf.get(picked.id)!) as RevisionBody).data!;
      } else {
        data = validateRecordData(current.type, choice.data, { keepUnknownFrom: current.data }) as Record<string, unknown>;
      }
      const parents = leaves.map((l) => l.id);
      this.#writeRevision({ record: id, type: current.type, op: 'put', parents, data }, 'record.resolve', 'pick' in choice ? { picked: choice.pick } : { merged: true });
      return this.get(id);
    });
  }

  /** Adds an attachment reference to a record (the blob is already stored). */
  attach(id: string, ref: { sha256: string; name: string; size: number; mime?: string; role?: string }): RecordView {
    return this.#writes.write(() => {
      const current = this.get(id);
      const existing = (current.data.attachments as { sha256: string }[] | undefined) ?? [];
      if (existing.some((a) => a.sha256 === ref.sha256)) return current;
      const data = validateRecordData(current.type, { ...current.data, attachments: [...existing, ref] }, { keepUnknownFrom: current.data }) as Record<string, unknown>;
      this.#writeRevision({ record: id, type: current.type, op: 'put', parents: this.#continuing(current), data }, 'record.attach', {
        sha256: ref.sha256,
        size: ref.size,
      });
      return this.get(id);
    });
  }

  // ---- exchange between archives ----

  /** Revisions in arrival order after `afterSeq`, with the public keys of their authors. */
  exportRevisions(options: { afterSeq?: number; limit?: number } = {}): { revisions: WireRevision[]; devices: WireDevice[]; lastSeq: number } {
    const rows = this.#sql.revisionsAfter.all(options.afterSeq ?? 0, options.limit ?? -1);
    const deviceIds = [...new Set(rows.map((r) => r.device_id))];
    const devices = deviceIds.map((deviceId) => ({
      deviceId,
      publicKey: this.#sql.devicePublicKey.get(deviceId)!.toString('base64'),
    }));
    return { revisions: rows.map(rowToWireRevision), devices, lastSeq: rows.at(-1)?.seq ?? options.afterSeq ?? 0 };
  }

  /**
   * Merges revisions written elsewhere: a set union, so merging is idempotent, commutative and
   * associative. Everything is checked first (structure, hash, author key, signature, record
   * type, data); one bad revision rejects the whole batch and nothing is written.
   */
  mergeRevisions(input: { revisions: readonly WireRevision[]; devices: readonly WireDevice[] }): MergeSummary {
    const keys = this.#checkDevices(input.devices);
    const typeOf = new Map<string, string>();
    const checked = input.revisions.map((wire) => this.#checkWire(wire, keys, typeOf));
    return this.#writes.write(() => {
      const newDevices = this.#insertDevices(keys);
      const touched = new Map<string, string | null>();
      let added = 0;
      for (const rev of checked) if (this.#insertChecked(rev, touched)) added++;
      const records = this.#settle(touched);
      if (added) {
        this.#audit.append('revisions.merge', {
          detail: { added, received: checked.length, records, devices: [...new Set(checked.map((r) => r.body.device))] },
        });
      }
      return { revisions: { received: checked.length, added, alreadyPresent: checked.length - added }, records, devices: { new: newDevices } };
    });
  }

  /**
   * A merge fed in batches inside a write the caller holds and commits (a bundle read as it
   * streams in), of revisions checkWireRevision has passed; `finish` recomputes the touched
   * records once.
   */
  openMerge(devices: readonly WireDevice[]): RevisionMerge {
    if (!this.#writes.open) throw new VigilError('internal', 'openMerge needs a write held by its caller');
    const keys = this.#checkDevices(devices);
    const newDevices = this.#insertDevices(keys);
    const typeOf = new Map<string, string>();
    const touched = new Map<string, string | null>();
    const authors = new Set<string>();
    let received = 0;
    let added = 0;
    return {
      addChecked: (revisions) => {
        for (const rev of revisions) {
          // Our own devices' keys and the bundle's: a revision checked against another key is refused.
          const key = this.#sql.devicePublicKey.get(rev.body.device) ?? keys.get(rev.body.device);
          if (!key || deviceIdOf(key) !== rev.body.device) throw new VigilError('damaged', `revision ${short(rev.id)} is by unknown device ${rev.body.device}`);
          this.#checkTypeKept(rev, typeOf);
          received++;
          authors.add(rev.body.device);
          if (this.#insertChecked(rev, touched)) added++;
        }
      },
      finish: () => {
        const records = this.#settle(touched);
        // Records the merge named but did not change (their revisions were all here already).
        records.unchanged += typeOf.size - touched.size;
        return { revisions: { received, added, alreadyPresent: received - added }, records, devices: { new: newDevices }, authors: [...authors] };
      },
    };
  }

  #checkDevices(devices: readonly WireDevice[]): Map<string, Buffer> {
    const keys = new Map<string, Buffer>();
    for (const device of devices) {
      const key = Buffer.from(typeof device.publicKey === 'string' ? device.publicKey : '', 'base64');
      if (key.length !== 32 || deviceIdOf(key) !== device.deviceId) {
        throw new VigilError('damaged', `the public key given for device ${String(device.deviceId)} does not belong to it`);
      }
      keys.set(device.deviceId, key);
    }
    return keys;
  }

  /** Structure, hash, author key, signature, record type and data of one revision from elsewhere. */
  #checkWire(wire: WireRevision, keys: Map<string, Buffer>, typeOf: Map<string, string>): SignedRevision {
    const author = (wire.body as { device?: unknown } | null)?.device;
    const deviceId = typeof author === 'string' ? author : '';
    const known = this.#sql.devicePublicKey.get(deviceId) ?? keys.get(deviceId);
    const checked = checkWireRevision(wire, known);
    if ('problem' in checked) throw new VigilError('damaged', checked.problem);
    this.#checkTypeKept(checked.revision, typeOf);
    return checked.revision;
  }

  /** A record keeps the type it was created with, across the archive and the batch. */
  #checkTypeKept(rev: SignedRevision, typeOf: Map<string, string>): void {
    const { record, type } = rev.body;
    const existingType = typeOf.get(record) ?? this.#sql.recordTypeOf.get(record);
    if (existingType && existingType !== type) throw new VigilError('damaged', `revision ${short(rev.id)} changes record ${record} from ${existingType} to ${type}`);
    typeOf.set(record, type);
  }

  #insertDevices(keys: Map<string, Buffer>): string[] {
    const now = Date.now();
    const added: string[] = [];
    for (const [deviceId, key] of keys) if (this.#sql.insertDevice.run(deviceId, key, now).changes) added.push(deviceId);
    return added;
  }

  /** Inserts a checked revision unless it is already here; remembers its record's value before the merge. */
  #insertChecked(rev: SignedRevision, touched: Map<string, string | null>): boolean {
    if (this.#sql.revisionExists.get(rev.id)) return false;
    if (!touched.has(rev.body.record)) {
      const before = this.#sql.record.get(rev.body.record);
      touched.set(rev.body.record, before ? before.revision_id : null);
    }
    this.#apply(rev);
    return true;
  }

  #settle(touched: Map<string, string | null>): MergeSummary['records'] {
    const records = { new: 0, updated: 0, unchanged: 0, conflicts: 0 };
    let settled = 0;
    for (const [recordId, before] of touched) {
      // A large merge hands its search entries over in batches, not all at the end: memory stays bounded.
      if (++settled % 1000 === 0) this.#writes.flush();
      const after = this.#refresh(recordId);
      if (before === null) records.new++;
      else if (before !== after.revision_id) records.updated++;
      else records.unchanged++;
      if (after.conflict) records.conflicts++;
    }
    return records;
  }

  // ---- internals ----

  #leafRows(recordId: string): LeafInfo[] {
    return this.#sql.leavesOf.all(recordId).map((l) => ({ id: l.id, op: l.op, hlc: { time: l.hlc_time, count: l.hlc_count } }));
  }

  /** Signs, stores and audits one local revision; the caller holds the transaction. */
  #writeRevision(
    fields: { record: string; type: string; op: 'put' | 'delete'; parents: string[]; data?: Record<string, unknown> },
    action: AuditAction | null,
    detail: Record<string, unknown>,
    clock?: LocalClock,
    prepared?: PreparedRecord,
  ): SignedRevision {
    const rev = this.#seal(fields, clock);
    // A new record's first revision is its only leaf, and no revision can name it yet.
    this.#store(rev, action, detail, !fields.parents.length && clock !== undefined, prepared);
    return rev;
  }

  /** Stores and audits one sealed local revision; the caller holds the transaction. */
  #store(rev: SignedRevision, action: AuditAction | null, detail: Record<string, unknown>, first: boolean, prepared?: PreparedRecord): void {
    this.#apply(rev, first);
    this.#refresh(rev.body.record, rev, first, prepared);
    if (action) this.#audit.append(action, { recordId: rev.body.record, revisionId: rev.id, detail });
  }

  /** Parents of an edit: the current version and any tombstones; other live versions stay in conflict until resolved. */
  #continuing(current: RecordView): string[] {
    return this.#leafRows(current.id)
      .filter((l) => l.op === 'delete' || l.id === current.revision)
      .map((l) => l.id);
  }

  /**
   * Signs a new local revision, later than the device's last one and than its parents, except
   * parents stamped implausibly far in the future (a laptop with a wrong clock), which are
   * not followed: history is ordered by parent links first, so nothing depends on it.
   */
  #seal(fields: { record: string; type: string; op: 'put' | 'delete'; parents: string[]; data?: Record<string, unknown> }, clock?: LocalClock): SignedRevision {
    let hlc: Hlc;
    if (clock) {
      hlc = clock.last = tickHlc(clock.last, Date.now());
    } else {
      hlc = tickHlc(this.#clockAfter(fields.parents).last, Date.now());
      setMetaValue(this.#db, 'hlc', JSON.stringify(hlc));
    }
    return sealRevision({ ...fields, hlc, device: this.#signer.deviceId }, this.#signer.privateKey);
  }

  /** The device's last stamp written to the archive. */
  #storedClock(): Hlc {
    const stored = readMetaValue(this.#db, 'hlc');
    return stored ? (JSON.parse(stored) as Hlc) : zeroHlc;
  }

  /** The clock a new revision must follow: the device's last stamp (written or reserved) and its parents' stamps. */
  #clockAfter(parents: string[]): LocalClock {
    const now = Date.now();
    let after = maxHlc(this.#storedClock(), this.#reserved);
    for (const parent of parents) {
      const row = this.#sql.revision.get(parent);
      if (row && row.hlc_time <= now + maxClockDrift) after = maxHlc(after, { time: row.hlc_time, count: row.hlc_count });
    }
    return { last: after };
  }

  /** Inserts one revision and updates the leaf set; the record's current value is refreshed by the caller. */
  #apply(rev: SignedRevision, first = false): void {
    const b = rev.body;
    this.#sql.insertRevision.run(rev.id, b.record, b.type, b.op, b.hlc.time, b.hlc.count, b.device, rev.canonical, rev.signature);
    for (const parent of b.parents) {
      this.#sql.insertParent.run(parent, rev.id);
      this.#sql.deleteLeaf.run(b.record, parent);
    }
    // A revision that arrives after its child is history, not a leaf.
    if (first || !this.#sql.hasChild.get(rev.id, b.record)) this.#sql.insertLeaf.run(b.record, rev.id);
  }

  /** Recomputes a record's current value from its leaves; `justWritten` saves re-reading a revision we hold. */
  #refresh(recordId: string, justWritten?: SignedRevision, first = false, prepared?: PreparedRecord): { revision_id: string; conflict: boolean } {
    const choice = chooseCurrent(first && justWritten ? [{ id: justWritten.id, op: justWritten.body.op, hlc: justWritten.body.hlc }] : this.#leafRows(recordId));
    const body = justWritten?.id === choice.winner.id ? justWritten.body : (JSON.parse(this.#sql.bodyOf.get(choice.winner.id)!) as RevisionBody);
    const title = recordTitle(body, () => this.#sql.latestPutBody.get(recordId));
    this.#sql.upsertRecord.run({
      id: recordId,
      type: body.type,
      revision_id: choice.winner.id,
      deleted: choice.deleted ? 1 : 0,
      conflict: choice.conflict ? 1 : 0,
      title,
      data: body.data ? JSON.stringify(body.data) : null,
      created_ms: justWritten && !justWritten.body.parents.length && choice.winner.id === justWritten.id ? justWritten.body.hlc.time : this.#sql.createdOf.get(recordId)!,
      updated_ms: choice.winner.hlc.time,
    });
    this.#follower?.indexRecord(recordId, body.type as RecordType, body.data ?? null, body.data && choice.winner.id === justWritten?.id ? prepared : undefined, first);
    this.#keepReferences(recordId, body.type as RecordType, choice.deleted ? null : (body.data ?? null), first);
    return { revision_id: choice.winner.id, conflict: choice.conflict };
  }

  /** Keeps record_refs to the current value: a deleted record names nobody. */
  #keepReferences(recordId: string, type: RecordType, data: Record<string, unknown> | null, first: boolean): void {
    if (!first) this.#sql.deleteRefsOf.run(recordId);
    for (const ref of referencesOf(type, data)) this.#sql.insertRef.run(recordId, ref.target, ref.field);
  }

  /** Fills record_refs from every live record (an archive from before migration 13), once. */
  rebuildReferences(): void {
    if (readMetaValue(this.#db, 'record_refs_version') === '1') return;
    this.#writes.write(() => {
      this.#sql.deleteAllRefs.run();
      for (const row of this.#sql.liveValues.all()) {
        if (recordTypes.includes(row.type as RecordType)) this.#keepReferences(row.id, row.type as RecordType, JSON.parse(row.data) as Record<string, unknown>, true);
      }
      setMetaValue(this.#db, 'record_refs_version', '1');
    });
  }

  /** The live records that name this one, with the field or link relation they name it in. */
  linkedFrom(id: string, limit = 1000): { id: string; type: RecordType; title: string; field: string }[] {
    return this.#sql.refsTo.all(id, limit).map((r) => ({ ...r, type: r.type as RecordType }));
  }
}

/**
 * A record's title: the current value's, or for a deleted record the title of its latest
 * live revision (so a trash view can name it). Derived from the revisions alone, so every
 * replica computes the same.
 */
export function recordTitle(current: RevisionBody, latestPutBody: () => string | undefined): string {
  if (current.data) return typeof current.data.title === 'string' ? current.data.title : '';
  const body = latestPutBody();
  const data = body ? (JSON.parse(body) as RevisionBody).data : undefined;
  return typeof data?.title === 'string' ? data.title : '';
}
