import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { createArchive, openArchive } from '../db/store/archive.js';
import { seededRandom, syntheticRecord } from './synthetic-records.js';

/**
 * `npm run bench:find`: quick-find (type-ahead) at 100k records: the latency of a keystroke's
 * lookup (prefixes in Latin and Cyrillic, with typos), the time to load it after unlock, and,
 * as a baseline, minisearch with its default settings over the same titles (no folding).
 */
const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' } } });
const count = Number(values.records);
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-find-'));
const passphrase = 'benchmark passphrase';
const prefixes = [
  'Zhak',
  'Жақс',
  'Жаксыб',
  'Ablya',
  'Аблязо',
  'Akhmet',
  'Ахмет',
  'Massim',
  'Масим',
  'Dzhum',
  'Джумаб',
  'Hearing 12',
  'Zhaksybkov',
  'Nurpeisva',
  'Tokayeva',
  'Тоқаев',
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

try {
  const { archive } = await createArchive(join(dir, 'archive'), passphrase);
  const random = seededRandom(3);
  for (let made = 0; made < count; made += 1000) {
    archive.records.createMany(Array.from({ length: Math.min(1000, count - made) }, (_, j) => syntheticRecord(made + j, random)));
  }
  const titles = archive.db.prepare('SELECT id, title FROM records').all() as { id: string; title: string }[];
  let start = performance.now();
  archive.search.find('warm');
  const buildMs = performance.now() - start;
  archive.close();

  start = performance.now();
  const reopened = await openArchive(join(dir, 'archive'), { passphrase });
  const unlockMs = performance.now() - start;
  start = performance.now();
  reopened.search.find('Zh');
  const loadMs = performance.now() - start;
  const times: number[] = [];
  const slowest = new Map<string, number>();
  const found: Record<string, number> = {};
  for (let round = 0; round < 20; round++) {
    for (const prefix of prefixes) {
      // Every keystroke of the prefix, as a person types it.
      for (let n = 2; n <= prefix.length; n++) {
        const t = performance.now();
        const hits = reopened.search.find(prefix.slice(0, n));
        const ms = performance.now() - t;
        times.push(ms);
        const typed = prefix.slice(0, n);
        slowest.set(typed, Math.max(slowest.get(typed) ?? 0, ms));
        if (n === prefix.length) found[prefix] = hits.length;
      }
    }
  }
  reopened.close();

  const baseline = new MiniSearch<{ id: string; title: string }>({ fields: ['title'] });
  baseline.addAll(titles);
  const baseTimes: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const prefix of prefixes) {
      for (let n = 2; n <= prefix.length; n++) {
        const t = performance.now();
        baseline.search(prefix.slice(0, n), { prefix: true, fuzzy: 0.2 });
        baseTimes.push(performance.now() - t);
      }
    }
  }
  console.log(
    `${count} records; quick-find built in ${Math.round(buildMs)} ms, loaded from the archive after unlock in ${Math.round(loadMs)} ms (unlock ${Math.round(unlockMs)} ms)`,
  );
  console.log(`keystroke lookups: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms (target p95 < 10 ms)`);
  const worst = [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`slowest keystrokes: ${worst.map(([typed, ms]) => `"${typed}" ${ms.toFixed(1)} ms`).join(', ')}`);
  console.log(`minisearch over raw titles, same keystrokes: p50 ${percentile(baseTimes, 50).toFixed(2)} ms, p95 ${percentile(baseTimes, 95).toFixed(2)} ms`);
  console.log(
    `results for the full prefixes: ${Object.entries(found)
      .map(([p, n]) => `${p}: ${n}`)
      .join(', ')}`,
  );
  console.log(
    JSON.stringify({
      records: count,
      build_ms: Math.round(buildMs),
      load_ms: Math.round(loadMs),
      p50_ms: +percentile(times, 50).toFixed(2),
      p95_ms: +percentile(times, 95).toFixed(2),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
