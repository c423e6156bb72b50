import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3-multiple-ciphers';
import MiniSearch from 'minisearch';
import { createArchive, openArchive } from '../db/store/archive.js';
import { validateRecordData } from '../db/records/validate-record.js';
import type { RecordToIndex } from '../db/search/record-preparer.js';
import { applyConnectionSettings } from '../db/store/sqlite.js';
import { corpus, queryMix } from './search-corpus.js';

/**
 * One system, one phase, in its own process (so memory and open time are its own):
 *   --system vigil|fts5|minisearch --phase ingest|query --passages N --dir DIR
 * Prints one JSON line of figures.
 */
const { values } = parseArgs({
  options: {
    system: { type: 'string' },
    phase: { type: 'string' },
    passages: { type: 'string' },
    dir: { type: 'string' },
    rounds: { type: 'string', default: '5' },
  },
});
const passages = Number(values.passages);
const dir = values.dir!;
const rounds = Number(values.rounds);
const passphrase = 'benchmark passphrase';
let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs the mix `rounds` times after one unmeasured pass; returns all latencies and the typo ones. */
function runMix(run: (q: (typeof queryMix)[number]) => number): { all: number[]; typo: number[]; hits: Record<string, number> } {
  const hits: Record<string, number> = {};
  for (const q of queryMix) hits[q.query] = run(q);
  const all: number[] = [];
  const typo: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of queryMix) {
      const t = performance.now();
      run(q);
      const ms = performance.now() - t;
      all.push(ms);
      if (q.kind === 'typo') typo.push(ms);
    }
    sampleRss();
  }
  return { all, typo, hits };
}

function textBytes(): number {
  let bytes = 0;
  for (const doc of corpus(passages)) for (const p of doc.paragraphs) bytes += Buffer.byteLength(p);
  return bytes;
}

function ftsQuery(q: (typeof queryMix)[number]): string {
  const quoted = q.words.map((w) => `"${w.replace(/"/g, '""')}"`);
  return q.phrase ? `"${q.words.join(' ')}"` : quoted.join(' ');
}

async function vigilIngest() {
  mkdirSync(dir, { recursive: true });
  const { archive } = await createArchive(join(dir, 'archive'), passphrase);
  let bytes = 0;
  let i = 0;
  function* batches(): Generator<RecordToIndex[]> {
    let batch: RecordToIndex[] = [];
    for (const doc of corpus(passages)) {
      for (const p of doc.paragraphs) bytes += Buffer.byteLength(p);
      // Validated as the engine would, so dates are read and filters have something to filter on.
      const data = validateRecordData('report', { title: doc.title, country: doc.country, published: doc.published, body: doc.paragraphs.join('\n\n') });
      batch.push({ id: `00000000-0000-7000-8000-${String(i++).padStart(12, '0')}`, type: 'report', data });
      if (batch.length >= 400) {
        yield batch;
        batch = [];
        sampleRss();
      }
    }
    if (batch.length) yield batch;
  }
  const start = performance.now();
  await archive.search.indexMany(batches());
  const indexed = performance.now() - start;
  // As after an import: the typo vocabulary is built once and saved with the archive.
  const vocabularyStart = performance.now();
  archive.search.search({ query: 'custdy' });
  const vocabularyMs = performance.now() - vocabularyStart;
  const count = archive.db.prepare('SELECT count(*) FROM passages').pluck().get() as number;
  archive.close();
  return {
    ingest_mb_s: bytes / 1e6 / (indexed / 1000),
    passages: count,
    mb: bytes / 1e6,
    vocabulary_ms: vocabularyMs,
    db_mb: statSync(join(dir, 'archive', 'archive.db')).size / 1e6,
    rss_mb: peakRss / 1e6,
  };
}

async function vigilQuery() {
  const start = performance.now();
  const archive = await openArchive(join(dir, 'archive'), { passphrase });
  archive.search.search({ query: queryMix[0]!.query, limit: 20 });
  const openMs = performance.now() - start;
  sampleRss();
  const mix = runMix((q) => archive.search.search({ query: q.query, limit: 20 }).total);
  archive.close();
  return { open_ms: openMs, p50_ms: percentile(mix.all, 50), p95_ms: percentile(mix.all, 95), typo_p95_ms: percentile(mix.typo, 95), rss_mb: peakRss / 1e6, hits: mix.hits };
}

function openPlain(create: boolean) {
  const db = new Database(join(dir, 'plain.db'), { fileMustExist: !create });
  applyConnectionSettings(db);
  return db;
}

function plainIngest() {
  mkdirSync(dir, { recursive: true });
  const db = openPlain(true);
  db.exec('CREATE VIRTUAL TABLE t USING fts5(body)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  let bytes = 0;
  let batch: string[] = [];
  const start = performance.now();
  const flush = () => {
    db.transaction(() => {
      for (const text of batch) insert.run(text);
    }).immediate();
    batch = [];
  };
  for (const doc of corpus(passages)) {
    for (const p of doc.paragraphs) {
      bytes += Buffer.byteLength(p);
      batch.push(p);
    }
    if (batch.length >= 1000) flush();
  }
  if (batch.length) flush();
  const ms = performance.now() - start;
  db.close();
  return { ingest_mb_s: bytes / 1e6 / (ms / 1000), db_mb: statSync(join(dir, 'plain.db')).size / 1e6 };
}

function plainQuery() {
  const start = performance.now();
  const db = openPlain(false);
  const stmt = db.prepare('SELECT rowid, bm25(t) FROM t WHERE t MATCH ? ORDER BY rank LIMIT 20');
  stmt.all(ftsQuery(queryMix[0]!));
  const openMs = performance.now() - start;
  const mix = runMix((q) => stmt.all(ftsQuery(q)).length);
  db.close();
  return { open_ms: openMs, p50_ms: percentile(mix.all, 50), p95_ms: percentile(mix.all, 95), typo_p95_ms: percentile(mix.typo, 95), hits: mix.hits };
}

/** minisearch holds everything in memory: build it in this process, then query it. */
function minisearchRun() {
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  let bytes = 0;
  let id = 0;
  const start = performance.now();
  for (const doc of corpus(passages)) {
    index.addAll(
      doc.paragraphs.map((text) => {
        bytes += Buffer.byteLength(text);
        return { id: id++, text };
      }),
    );
  }
  const buildMs = performance.now() - start;
  const mix = runMix((q) => index.search(q.words.join(' '), { combineWith: 'AND', fuzzy: q.kind === 'typo' ? 0.2 : false }).slice(0, 20).length);
  global.gc?.();
  return {
    ingest_mb_s: bytes / 1e6 / (buildMs / 1000),
    load_ms: buildMs,
    p50_ms: percentile(mix.all, 50),
    p95_ms: percentile(mix.all, 95),
    typo_p95_ms: percentile(mix.typo, 95),
    heap_mb: process.memoryUsage().heapUsed / 1e6,
    hits: mix.hits,
  };
}

const phases: Record<string, () => unknown> = {
  'vigil:ingest': vigilIngest,
  'vigil:query': vigilQuery,
  'fts5:ingest': plainIngest,
  'fts5:query': plainQuery,
  'minisearch:run': minisearchRun,
  'corpus:bytes': () => ({ bytes: textBytes() }),
};
const run = phases[`${values.system}:${values.phase}`];
if (!run) throw new Error(`unknown system/phase ${values.system}:${values.phase}`);
process.stdout.write(`${JSON.stringify(await run())}\n`);
