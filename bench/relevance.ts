import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3-multiple-ciphers';
import MiniSearch from 'minisearch';
import { importFiles } from '../db/import/import-files.js';
import { maxPassagesPerRecord } from '../db/search/prepare-record.js';
import { createArchive } from '../db/store/archive.js';
import { heldOut } from './relevance-held-out.js';
import { corpusFiles, excludedWords, judge, judgements, normal, type Answer, type CorpusDocument, type Judgement, type RelevanceCategory } from './relevance-set.js';

/**
 * `npm run bench:relevance`: the judged queries of relevance-set.ts against the five documents
 * of ../shared/corpus, imported as a monitor imports them. For each query: is the first hit's
 * document the right one, and is its passage the one that answers? By category and overall,
 * for Vigil and, on the very same passages in the same run, plain FTS5 (unicode61, bm25) and
 * minisearch (prefix and fuzzy 0.2, as its documentation suggests). A query with -word also
 * fails when the passage shown holds the excluded word.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { corpus: { type: 'string', default: join(root, '..', 'shared', 'corpus') }, verbose: { type: 'boolean', default: false } } });
const corpus = resolve(values.corpus!);
if (!Object.values(corpusFiles).every((f) => existsSync(join(corpus, f)))) {
  console.error(`bench:relevance needs the corpus documents in ${corpus} (--corpus DIR)`);
  process.exit(1);
}

type Engine = (query: string) => Answer;

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-relevance-'));
try {
  const { archive } = await createArchive(join(dir, 'archive'), 'bench passphrase for relevance');
  const outcomes = await importFiles(
    archive,
    Object.values(corpusFiles).map((f) => join(corpus, f)),
  );
  const documentOf = new Map<string, CorpusDocument>();
  outcomes.forEach((o, i) => {
    if (o.status !== 'imported' || !o.id) throw new Error(`${o.file} was not imported: ${o.error ?? o.status}`);
    documentOf.set(o.id, Object.keys(corpusFiles)[i] as CorpusDocument);
  });
  const recordOfRk = new Map((archive.db.prepare('SELECT rk, record_id FROM search_records').raw().all() as [number, string][]).map(([rk, id]) => [rk, id]));
  const passages = archive.db.prepare('SELECT id, text FROM passages ORDER BY id').all() as { id: number; text: string }[];
  const textOf = new Map(passages.map((p) => [p.id, p.text]));
  const documentOfPassage = (id: number) => documentOf.get(recordOfRk.get(Math.floor(id / maxPassagesPerRecord)) ?? '');

  const vigil: Engine = (query) => {
    const hit = archive.search.search({ query, limit: 1 }).hits[0];
    return { document: hit ? documentOf.get(hit.id) : undefined, passage: hit ? (textOf.get(hit.passage) ?? '') : '' };
  };

  // Plain FTS5 over the same passages: each word required, phrases kept, OR and -word as written.
  const plain = new Database(':memory:');
  plain.exec(`CREATE VIRTUAL TABLE p USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')`);
  const insert = plain.prepare('INSERT INTO p (rowid, text) VALUES (?, ?)');
  plain.transaction(() => passages.forEach((p) => insert.run(p.id, p.text)))();
  const ftsSearch = plain.prepare('SELECT rowid FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 1').pluck();
  const fts5: Engine = (query) => {
    const expression = ftsExpression(query);
    let id: number | undefined;
    try {
      id = expression ? (ftsSearch.get(expression) as number | undefined) : undefined;
    } catch {
      id = undefined;
    }
    return { document: id === undefined ? undefined : documentOfPassage(id), passage: id === undefined ? '' : (textOf.get(id) ?? '') };
  };

  const mini = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  mini.addAll(passages);
  const minisearch: Engine = (query) => {
    const excluded = excludedWords(query);
    const words = query
      .replace(/(?:^|\s)-\p{L}[\p{L}\p{N}]*/gu, ' ')
      .replace(/["]/g, ' ')
      .replace(/\bOR\b/g, ' ');
    const found = mini.search(words, { prefix: true, fuzzy: 0.2 }).find((r) => excluded.every((w) => !normal(textOf.get(r.id as number) ?? '').includes(w)));
    return { document: found ? documentOfPassage(found.id as number) : undefined, passage: found ? (textOf.get(found.id as number) ?? '') : '' };
  };

  const engines: [string, Engine][] = [
    ['vigil', vigil],
    ['fts5', fts5],
    ['minisearch', minisearch],
  ];
  const report = (title: string, set: Judgement[]) => {
    const categories = [...new Set(set.map((j) => j.category))] as RelevanceCategory[];
    const tally: Record<string, Record<string, { passage: number; document: number; n: number }>> = {};
    const misses: string[] = [];
    for (const [name, engine] of engines) {
      tally[name] = {};
      for (const j of set) {
        const verdict = judge(j, engine(j.query));
        for (const key of [j.category, 'all']) {
          const t = (tally[name]![key] ??= { passage: 0, document: 0, n: 0 });
          t.n++;
          if (verdict.passage) t.passage++;
          if (verdict.document) t.document++;
        }
        if (name === 'vigil' && !verdict.passage) misses.push(`  ${j.category.padEnd(11)} ${j.query}${verdict.document ? ' (right document, other passage)' : ''}`);
      }
    }
    const pct = (a: number, n: number) => `${((a / n) * 100).toFixed(0)}%`.padStart(5);
    console.log(`\nbench:relevance — ${title}: ${set.length} judged queries on ${Object.keys(corpusFiles).length} documents (${passages.length} passages)\n`);
    console.log('category      queries   right passage first: vigil  fts5  minisearch    right document first: vigil  fts5  minisearch');
    for (const key of [...categories, 'all'] as const) {
      const v = tally.vigil![key]!;
      const f = tally.fts5![key]!;
      const m = tally.minisearch![key]!;
      console.log(
        `${key.padEnd(12)} ${String(v.n).padStart(7)}                        ${pct(v.passage, v.n)} ${pct(f.passage, f.n)}       ${pct(m.passage, m.n)}                         ${pct(v.document, v.n)} ${pct(f.document, f.n)}       ${pct(m.document, m.n)}`,
      );
    }
    if (values.verbose) console.log(`\nVigil's misses (the right passage not first):\n${misses.join('\n')}`);
    const figures = (name: string) =>
      Object.fromEntries(
        Object.entries(tally[name]!).map(([k, t]) => [k, { passage: Math.round((t.passage / t.n) * 1000) / 10, document: Math.round((t.document / t.n) * 1000) / 10 }]),
      );
    return { queries: set.length, vigil: figures('vigil'), fts5: figures('fts5'), minisearch: figures('minisearch') };
  };
  const working = report('the working set', judgements);
  const held = report('held out (not tuned on)', heldOut);
  archive.close();
  console.log(JSON.stringify({ passages: passages.length, working, heldOut: held }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** A query as plain FTS5 takes it: words quoted and required, "phrases" kept, OR between words, -word as NOT. */
function ftsExpression(query: string): string {
  const parts = [...query.matchAll(/-?"[^"]*"|\S+/g)].map((m) => m[0]);
  const positive: string[] = [];
  const negative: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === 'OR') continue;
    const negated = part.startsWith('-');
    const words = (negated ? part.slice(1) : part).replace(/"/g, ' ').match(/[\p{L}\p{N}]+/gu) ?? [];
    if (!words.length) continue;
    const term = words.length > 1 || part.includes('"') ? `"${words.join(' ')}"` : `"${words[0]}"`;
    if (negated) negative.push(term);
    else if (parts[i - 1] === 'OR' && positive.length) positive.push(`(${positive.pop()} OR ${term})`);
    else positive.push(term);
  }
  if (!positive.length) return '';
  return positive.join(' AND ') + negative.map((n) => ` NOT ${n}`).join('');
}
