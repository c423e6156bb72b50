import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3-multiple-ciphers';
import { Archive, createArchive, initializeDatabase, startSession } from '../db/store/archive.js';
import { readKeyFile, unwrapMasterKey, type KeyFile } from '../db/store/key-slots.js';
import { migrate } from '../db/store/migrations.js';
import { applyConnectionSettings, openEncryptedDatabase } from '../db/store/sqlite.js';
import type { RecordType } from '../db/shared/schemas.js';
import { applyTemplate } from '../db/templates/apply-template.js';
import { seededRandom, syntheticRecord } from './synthetic-records.js';

/**
 * `npm run bench:store`: the record store on the encrypted archive against the same code on
 * an unencrypted SQLite file, at 10k and 100k records. Prints creates/s (single and batch),
 * get and list latency (p50, p95), open time, and the encrypted/plain ratios.
 */
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    singles: { type: 'string', default: '500' },
    samples: { type: 'string', default: '20000' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const singles = Number(values.singles);
const samples = Number(values.samples);
const passphrase = 'benchmark passphrase';

interface Figures {
  coldGetP50: number;
  coldGetP95: number;
  batchPerSec: number;
  singlePerSec: number;
  getP50: number;
  getP95: number;
  listP50: number;
  listP95: number;
  openMs: number;
  openBeyondScryptMs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function timeEach(n: number, fn: (i: number) => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

interface Variant {
  name: 'encrypted' | 'plain' | 'defined';
  archive: Archive;
  /** What this variant adds to each synthetic record (the defined variant: its defined values). */
  decorate?: (record: { type: RecordType; data: Record<string, unknown> }, i: number) => { type: RecordType; data: Record<string, unknown> };
  /** ms: the whole unlock; beyondScryptMs: all of it but the key derivation. */
  reopen(): Promise<{ archive: Archive; ms: number; beyondScryptMs: number }>;
}

/**
 * Five defined fields (issue 18's measure): two on detainees, three on notes, with a shipped
 * vocabulary and one of the archive's own. Values are drawn from the record number, not the
 * random stream, so both variants' records are otherwise the same.
 */
const fiveFields = {
  vocabularies: [
    {
      key: 'atmosphere',
      labels: { en: 'Atmosphere' },
      terms: [
        { key: 'calm', labels: { en: 'Calm' } },
        { key: 'tense', labels: { en: 'Tense' }, children: [{ key: 'hostile', labels: { en: 'Hostile' } }] },
      ],
    },
  ],
  fields: [
    { type: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Ethnicity' } },
    { type: 'detainee', key: 'violations', kind: 'choice', vocabulary: 'violations', multiple: true, labels: { en: 'Violations' } },
    { type: 'note', key: 'row', kind: 'number', labels: { en: 'Row' } },
    { type: 'note', key: 'interpreter-present', kind: 'yes-no', labels: { en: 'Interpreter present' } },
    { type: 'note', key: 'atmosphere', kind: 'choice', vocabulary: 'atmosphere', labels: { en: 'Atmosphere' } },
  ],
};

function withDefinedValues(record: { type: RecordType; data: Record<string, unknown> }, i: number) {
  if (record.type === 'detainee')
    return {
      ...record,
      data: { ...record.data, defined: { ethnicity: ['Kazakh', 'Russian', 'Uzbek'][i % 3], violations: [['torture'], ['arbitrary-detention', 'unfair-trial']][i % 2] } },
    };
  if (record.type === 'note')
    return { ...record, data: { ...record.data, defined: { row: i % 12, 'interpreter-present': i % 2 === 0, atmosphere: ['calm', 'tense', 'hostile'][i % 3] } } };
  return record;
}

/** The encrypted archive, opened as users open it; `defined`: with five defined fields, and values in every note and detainee. */
async function encryptedVariant(dir: string, defined = false): Promise<Variant> {
  const { archive } = await createArchive(dir, passphrase);
  if (defined) applyTemplate(archive, fiveFields);
  return {
    name: defined ? 'defined' : 'encrypted',
    archive,
    ...(defined ? { decorate: withDefinedValues } : {}),
    // The steps of openArchive, timed in two phases: reading keys.json and scrypt, then the rest.
    async reopen() {
      const t0 = performance.now();
      const keyFile = readKeyFile(dir);
      const masterKey = await unwrapMasterKey(keyFile, 'passphrase', passphrase);
      const t1 = performance.now();
      const db = openEncryptedDatabase(join(dir, 'archive.db'), masterKey, { create: false });
      const opened = startSession(dir, db, masterKey, keyFile, { unlockedWith: 'passphrase' });
      const t2 = performance.now();
      return { archive: opened, ms: t2 - t0, beyondScryptMs: t2 - t1 };
    },
  };
}

/** The same schema, settings and code on an unencrypted SQLite file: the baseline. */
function plainVariant(dir: string): Variant {
  const path = join(dir, 'archive.db');
  const archiveId = randomUUID();
  const keyFile = { archiveId, slots: [] as KeyFile['slots'] } as KeyFile;
  const open = (create: boolean) => {
    const db = new Database(path, { fileMustExist: !create });
    if (create) db.pragma('auto_vacuum = FULL');
    applyConnectionSettings(db);
    return db;
  };
  const db = open(true);
  migrate(db);
  initializeDatabase(db, archiveId);
  return {
    name: 'plain',
    archive: startSession(dir, db, Buffer.alloc(32), keyFile, { unlockedWith: 'benchmark' }),
    async reopen() {
      const t = performance.now();
      const opened = startSession(dir, open(false), Buffer.alloc(32), keyFile, { unlockedWith: 'benchmark' });
      const ms = performance.now() - t;
      return { archive: opened, ms, beyondScryptMs: ms };
    },
  };
}

interface Run {
  variant: Variant;
  archive: Archive;
  ids: string[];
  made: number;
  random: () => number;
  figures: Map<number, Figures>;
}

const rounds = 8;

function decorated(run: Run, i: number) {
  const record = syntheticRecord(i, run.random);
  return run.variant.decorate ? run.variant.decorate(record, i) : record;
}

/** Whoever goes first in a round pays for warm-up and the other's garbage; take turns. */
function inTurn<T>(items: T[], round: number): T[] {
  return round % 2 ? [...items].reverse() : items;
}

/**
 * Both variants grow side by side and are measured in alternating rounds, taking turns to go
 * first, so JIT warm-up, garbage collection and disk noise fall on both alike.
 */
async function measureAll(variants: Variant[], sizesToReach: number[]): Promise<Run[]> {
  const runs: Run[] = variants.map((variant) => ({ variant, archive: variant.archive, ids: [], made: 0, random: seededRandom(42), figures: new Map() }));
  let previous = 0;
  for (const size of sizesToReach) {
    const batchMs = new Map<Run, number>();
    const single = new Map<Run, number>();
    const opens = new Map<Run, number[]>(runs.map((r) => [r, []]));
    const beyond = new Map<Run, number[]>(runs.map((r) => [r, []]));
    const fillTo = size - singles;
    // Batches alternate between the variants, so disk and CPU conditions fall on both alike.
    let step = 0;
    while (runs.some((run) => run.made < fillTo)) {
      for (const run of inTurn(runs, step++)) {
        if (run.made >= fillTo) continue;
        const items = Array.from({ length: Math.min(1000, fillTo - run.made) }, (_, j) => decorated(run, run.made + j));
        const start = performance.now();
        for (const created of run.archive.records.createMany(items)) run.ids.push(created.id);
        batchMs.set(run, (batchMs.get(run) ?? 0) + (performance.now() - start));
        run.made += items.length;
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const run of inTurn(runs, round)) {
        const start = performance.now();
        for (let i = 0; i < singles / rounds; i++) {
          const { type, data } = decorated(run, run.made++);
          run.ids.push(run.archive.records.create(type, data).id);
        }
        single.set(run, (single.get(run) ?? 0) + (performance.now() - start));
      }
    }
    for (let round = 0; round < 4; round++) {
      for (const run of inTurn(runs, round)) {
        run.archive.close();
        const reopened = await run.variant.reopen();
        opens.get(run)!.push(reopened.ms);
        beyond.get(run)!.push(reopened.beyondScryptMs);
        run.archive = reopened.archive;
      }
    }
    // Reads just after unlock find a cold page cache; after one pass over every record, a warm one.
    const cold = measureReads(runs, size, 1);
    for (const run of runs) for (const id of run.ids) run.archive.records.get(id);
    const warm = measureReads(runs, size, 2);
    for (const run of runs) {
      const g = warm.get(run)!.gets;
      const l = warm.get(run)!.lists;
      const c = cold.get(run)!.gets;
      run.figures.set(size, {
        coldGetP50: percentile(c, 50) * 1000,
        coldGetP95: percentile(c, 95) * 1000,
        batchPerSec: (fillTo - previous) / (batchMs.get(run)! / 1000),
        singlePerSec: singles / (single.get(run)! / 1000),
        getP50: percentile(g, 50) * 1000,
        getP95: percentile(g, 95) * 1000,
        listP50: percentile(l, 50),
        listP95: percentile(l, 95),
        openMs: median(opens.get(run)!),
        openBeyondScryptMs: median(beyond.get(run)!),
      });
      const f = run.figures.get(size)!;
      process.stderr.write(`${run.variant.name} ${size}: batch ${f.batchPerSec.toFixed(0)}/s, single ${f.singlePerSec.toFixed(0)}/s, get p50 ${f.getP50.toFixed(1)} µs\n`);
    }
    previous = size;
  }
  for (const run of runs) run.archive.close();
  return runs;
}

/** `get` of random records and `list` of 50 at random offsets, in rounds that take turns. */
function measureReads(runs: Run[], size: number, seed: number): Map<Run, { gets: number[]; lists: number[] }> {
  const out = new Map(runs.map((r) => [r, { gets: [] as number[], lists: [] as number[] }]));
  for (let round = 0; round < rounds; round++) {
    for (const run of inTurn(runs, round)) {
      const lookup = seededRandom(size * 100 + seed * 10 + round);
      out.get(run)!.gets.push(...timeEach(samples / rounds, () => run.archive.records.get(run.ids[Math.floor(lookup() * run.ids.length)]!)));
      out
        .get(run)!
        .lists.push(...timeEach(Math.min(samples, 1000) / rounds, () => run.archive.records.list({ type: 'note', limit: 50, offset: Math.floor(lookup() * (size * 0.6 - 50)) })));
    }
  }
  for (const { gets, lists } of out.values()) {
    gets.sort((a, b) => a - b);
    lists.sort((a, b) => a - b);
  }
  return out;
}

const root = mkdtempSync(join(tmpdir(), 'vigil-bench-store-'));
try {
  const encrypted = await encryptedVariant(join(root, 'encrypted'));
  const withDefined = await encryptedVariant(join(root, 'defined'), true);
  const plainDir = mkdtempSync(join(root, 'plain-'));
  const plain = plainVariant(plainDir);
  const [encRun, plainRun, definedRun] = await measureAll([encrypted, plain, withDefined], sizes);
  const enc = encRun!.figures;
  const base = plainRun!.figures;
  const def = definedRun!.figures;

  // openArchive includes the scrypt derivation users wait for; "beyond scrypt" is the rest.
  const rows: string[][] = [['records', 'figure', 'encrypted', 'plain', 'ratio']];
  const summary: Record<string, unknown> = {};
  for (const size of sizes) {
    const e = enc.get(size)!;
    const p = base.get(size)!;
    const beyond = e.openBeyondScryptMs;
    const line = (name: string, ev: number, pv: number, unit: string, higherIsBetter: boolean) => {
      const ratio = higherIsBetter ? pv / ev : ev / pv;
      rows.push([
        String(size),
        name,
        `${ev.toFixed(unit === 'µs' ? 1 : unit === 'ms' ? 2 : 0)} ${unit}`,
        `${pv.toFixed(unit === 'µs' ? 1 : unit === 'ms' ? 2 : 0)} ${unit}`,
        `${ratio.toFixed(2)}×`,
      ]);
      return ratio;
    };
    summary[size] = {
      batch_create_per_s: Math.round(e.batchPerSec),
      batch_cost_ratio: +line('create, batch of 1000', e.batchPerSec, p.batchPerSec, '/s', true).toFixed(2),
      single_create_per_s: Math.round(e.singlePerSec),
      single_cost_ratio: +line('create, one per transaction', e.singlePerSec, p.singlePerSec, '/s', true).toFixed(2),
      cold_get_p95_ratio: +(line('get p50 after unlock', e.coldGetP50, p.coldGetP50, 'µs', false), line('get p95 after unlock', e.coldGetP95, p.coldGetP95, 'µs', false)).toFixed(
        2,
      ),
      get_p50_us: +e.getP50.toFixed(1),
      get_p95_us: +e.getP95.toFixed(1),
      get_p95_ratio: +(line('get p50, warm', e.getP50, p.getP50, 'µs', false), line('get p95, warm', e.getP95, p.getP95, 'µs', false)).toFixed(2),
      list_p50_ms: +e.listP50.toFixed(2),
      list_p95_ms: +e.listP95.toFixed(2),
      list_p95_ratio: +(line('list 50 p50, warm', e.listP50, p.listP50, 'ms', false), line('list 50 p95, warm', e.listP95, p.listP95, 'ms', false)).toFixed(2),
      open_ms: Math.round(e.openMs),
      open_beyond_scrypt_ms: Math.round(beyond),
    };
    rows.push([String(size), 'open (with scrypt)', `${e.openMs.toFixed(0)} ms`, `${p.openMs.toFixed(0)} ms`, '']);
    rows.push([String(size), 'open beyond scrypt', `${beyond.toFixed(0)} ms`, `${p.openMs.toFixed(0)} ms`, '']);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
  console.log('targets: encryption costs ≤ 1.5× on writes, ≤ 1.2× on reads; open ≤ 400 ms beyond scrypt');

  // Defined fields: the same encrypted archive with five of them, values in 90% of the records.
  const definedRows: string[][] = [['records', 'figure', 'five defined fields', 'none', 'loss']];
  const definedSummary: Record<string, unknown> = {};
  for (const size of sizes) {
    const d = def.get(size)!;
    const e = enc.get(size)!;
    const loss = (name: string, dv: number, ev: number, unit: string, higherIsBetter: boolean) => {
      const cost = higherIsBetter ? 1 - dv / ev : dv / ev - 1;
      definedRows.push([String(size), name, `${dv.toFixed(unit === 'ms' ? 2 : 0)} ${unit}`, `${ev.toFixed(unit === 'ms' ? 2 : 0)} ${unit}`, `${(cost * 100).toFixed(1)}%`]);
      return +(cost * 100).toFixed(1);
    };
    definedSummary[size] = {
      batch_create_loss_pct: loss('create, batch of 1000', d.batchPerSec, e.batchPerSec, '/s', true),
      single_create_loss_pct: loss('create, one per transaction', d.singlePerSec, e.singlePerSec, '/s', true),
      list_p50_loss_pct: loss('list 50 p50, warm', d.listP50, e.listP50, 'ms', false),
      list_p95_loss_pct: loss('list 50 p95, warm', d.listP95, e.listP95, 'ms', false),
    };
  }
  const definedWidths = definedRows[0]!.map((_, c) => Math.max(...definedRows.map((r) => r[c]!.length)));
  console.log('');
  for (const row of definedRows) console.log(row.map((cell, c) => cell.padEnd(definedWidths[c]!)).join('  '));
  console.log('target: five defined fields cost ≤ 10% on create and list');
  summary.defined = definedSummary;
  console.log(JSON.stringify(summary));
} finally {
  rmSync(root, { recursive: true, force: true });
}
