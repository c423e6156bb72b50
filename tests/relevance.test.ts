import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../db/import/import-files.js';
import { heldOut } from '../bench/relevance-held-out.js';
import { corpusFiles, judge, judgements, type CorpusDocument } from '../bench/relevance-set.js';
import { newArchive } from './support/temp-archive.js';

/**
 * The judged queries of bench/relevance-set.ts (and the held-out ones) against the corpus documents, when the corpus is
 * beside the project (it is not copied into it): the share of queries whose right passage, and
 * right document, comes first may not fall below what this session measured, category by
 * category. `npm run bench:relevance` prints the figures, with plain FTS5 and minisearch beside.
 */
const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus');
const haveCorpus = Object.values(corpusFiles).every((f) => existsSync(join(corpus, f)));

/**
 * Floors: right passage first, by category and overall (measured 2026-12-07 with the second
 * ranking: 97 % overall on the working set; 87 % on the held-out set, which is not tuned on).
 */
const floors: Record<string, number> = {
  names: 1,
  scripts: 1,
  inflections: 1,
  kazakh: 1,
  typos: 1,
  concepts: 0.8,
  articles: 1,
  dates: 1,
  phrases: 1,
  acronyms: 0.87,
  boolean: 1,
  all: 0.96,
};
const heldOutFloor = 0.86;

describe.skipIf(!haveCorpus)('relevance on the judged queries', () => {
  it('puts the right passage first at least as often as measured, in every category held to a floor', { timeout: 300_000 }, async () => {
    const { archive } = await newArchive();
    const outcomes = await importFiles(
      archive,
      Object.values(corpusFiles).map((f) => join(corpus, f)),
    );
    const documentOf = new Map(outcomes.map((o, i) => [o.id!, Object.keys(corpusFiles)[i] as CorpusDocument]));
    const textOf = archive.db.prepare('SELECT text FROM passages WHERE id = ?').pluck();
    const tally: Record<string, { right: number; n: number }> = {};
    for (const [j, held] of [...judgements.map((j) => [j, false] as const), ...heldOut.map((j) => [j, true] as const)]) {
      const hit = archive.search.search({ query: j.query, limit: 1 }).hits[0];
      const verdict = judge(j, { document: hit ? documentOf.get(hit.id) : undefined, passage: hit ? ((textOf.get(hit.passage) as string | undefined) ?? '') : '' });
      for (const key of held ? ['held-out'] : [j.category, 'all']) {
        const t = (tally[key] ??= { right: 0, n: 0 });
        t.n++;
        if (verdict.passage) t.right++;
      }
    }
    archive.close();
    const shares = Object.fromEntries(Object.entries(tally).map(([k, t]) => [k, t.right / t.n]));
    for (const [category, floor] of Object.entries(floors)) expect(shares[category], category).toBeGreaterThanOrEqual(floor);
    expect(shares['held-out'], 'held-out').toBeGreaterThanOrEqual(heldOutFloor);
  });
});
