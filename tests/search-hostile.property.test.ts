import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../db/service.js';
import { searchResults } from '../db/search/search-results.js';
import type { Archive } from '../db/store/archive.js';
import { newArchive, passphrase } from './support/temp-archive.js';

/**
 * What a search box, a request to `vigil serve` or a script sends is outside input: any query
 * either answers with results of the published shape or is refused with one plain line
 * (invalid_argument), and no search writes to the archive. Concept terms, which people add
 * from Settings, are refused the same way when they are not terms, leaving the table as it was.
 */
let archive: Archive;
let dir: string;
let engine: Engine;

beforeAll(async () => {
  ({ archive, dir } = await newArchive());
  archive.records.create('report', {
    title: 'Opinion No. 57/2022 concerning Karim Massimov',
    body: 'On 8 January 2022 Mr. Massimov was held incommunicado, without access to his chosen lawyer.\n\nArticle 99 of the Criminal Execution Code; «top secret»; Жақсыбековтың ісі; 16 декабря 2011 года.',
  });
  archive.records.create('detainee', { title: 'Aigul Akhmetova', names: [{ name: 'Айгуль Ахметова' }] });
  archive.close();
  engine = createEngine({ checkResults: true });
  const opened = await engine.call('archive.open', { dir, passphrase });
  if (!opened.ok) throw new Error(opened.error.message);
});

afterAll(async () => {
  await engine.call('archive.close', {});
});

const pieces = fc.constantFrom(
  '"',
  '«',
  '»',
  '“',
  '-',
  '−',
  'OR',
  'or',
  ':',
  'type:',
  'after:',
  'before:2022',
  'tag:x',
  '*',
  '(',
  ')',
  'NEAR',
  'AND',
  'NOT',
  '^',
  '16.12.2011',
  'December 16, 2011',
  '99',
  'УК',
  'ст.',
  'the',
  'of',
  'Massimov',
  'Масимова',
  'Жақсыбековтың',
  'torture',
  'held without access to a lawyer',
  '__proto__',
  'constructor',
  '\u0000',
  '\u202e',
  ' ',
);
const query = fc.array(fc.oneof(pieces, fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 })), { minLength: 0, maxLength: 14 }).map((p) => p.join(' '));

describe('search with hostile input', () => {
  it('answers any query with results of the published shape, or refuses it in one line, and writes nothing', async () => {
    const before = [await engine.call('search.concepts.list', {}), await engine.call('records.list', {})];
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const reply = await engine.call('search.query', { query: q });
        if (reply.ok) {
          expect(() => searchResults.parse(reply.value)).not.toThrow();
          return;
        }
        expect(reply.error.code, `${q} → ${reply.error.message}`).toBe('invalid_argument');
        expect(reply.error.message).not.toMatch(/\n|fts5|SQLITE|at \w+ \(/);
      }),
      { numRuns: 400 },
    );
    expect([await engine.call('search.concepts.list', {}), await engine.call('records.list', {})]).toEqual(before);
  });

  it('refuses concept terms that are not terms, in one line, and changes nothing', async () => {
    const before = await engine.call('search.concepts.list', {});
    for (const [term, synonyms] of [
      ['', ['x']],
      ['a'.repeat(201), ['b']],
      ['glass box', []],
      ['...', ['!!!']],
      ['__proto__', Array.from({ length: 51 }, (_, i) => `t${i}`)],
    ] as [string, string[]][]) {
      const reply = await engine.call('search.concepts.add', { term, synonyms });
      expect(reply.ok, term).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('invalid_argument');
        expect(reply.error.message).not.toMatch(/\n/);
      }
    }
    expect(await engine.call('search.concepts.list', {})).toEqual(before);
    // A term named like a prototype key is only a word: stored and searched like any other.
    const added = await engine.call('search.concepts.add', { term: '__proto__', synonyms: ['constructor'] });
    expect(added.ok).toBe(true);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    const removed = await engine.call('search.concepts.remove', { term: '__proto__' });
    expect(removed).toMatchObject({ ok: true, value: { removed: true } });
  });
});
