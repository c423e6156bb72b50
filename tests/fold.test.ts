import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, foldWord } from '../db/search/fold-word.js';
import { foldedForms } from '../db/search/fts-query.js';
import { unifyWordScript } from '../db/shared/scripts.js';

const folded = (w: string) => foldWord(w, { stem: false });

describe('folding', () => {
  const meet: [string, string[]][] = [
    ['Latin, Cyrillic and Kazakh spellings of one name', ['Zhaksybekov', 'Jaksybekov', 'Жақсыбеков', 'Жаксыбеков']],
    ['z and s, ya and ia, j for й', ['Ablyazov', 'Ablyasov', 'Аблязов', 'Abljazov']],
    ['doubled letters', ['Massimov', 'Masimov', 'Масимов']],
    ['kh and h, surname endings in every case', ['Akhmetov', 'Ahmetov', 'Ахметов', 'Ахметова', 'Ахметову', 'Ахметовым']],
    ['ё as е, yo as e', ['Фёдоров', 'Федоров', 'Fyodorov', 'Fedorov']],
    ['й, y, i, j at the end', ['Sergei', 'Sergey', 'Sergej', 'Сергей']],
    ['Kazakh letters', ['Жаңаөзен', 'Жанаозен', 'Zhanaozen', 'Janaozen']],
    ['a look-alike letter from the other script', ['sanctions', 'sanctiоns']],
    ['ye and e at the start', ['Yerlan', 'Erlan', 'Ерлан']],
  ];
  for (const [why, spellings] of meet) {
    it(`${why}: ${spellings.join(', ')}`, () => {
      expect(new Set(spellings.map(folded)).size).toBe(1);
    });
  }

  it('keeps different words apart', () => {
    expect(folded('cat')).not.toBe(folded('chat'));
    expect(folded('zip')).not.toBe(folded('sip'));
    expect(folded('Астана')).not.toBe(folded('Алматы'));
  });

  it('leaves Russian words to the Russian stemmer: no Kazakh ending is taken off them', async () => {
    const { nameWithoutKazakhCase } = await import('../db/search/fts-query.js');
    expect(nameWithoutKazakhCase('Астана')).toBeNull();
    expect(nameWithoutKazakhCase('Ахметова')).toBeNull();
    expect(nameWithoutKazakhCase('Алматыда')).toBeNull();
    expect(nameWithoutKazakhCase('задержали')).toBeNull();
    expect(nameWithoutKazakhCase('Жақсыбековтың')).toBe('Жақсыбеков');
  });

  it('never folds digits as doubled letters: article 99 is not article 9, 2001 is not 2011', () => {
    const apart: [string, string][] = [
      ['99', '9'],
      ['2001', '2011'],
      ['2011', '201'],
      ['1100', '10'],
      ['qd20111216', 'qd20111226'],
    ];
    for (const [a, b] of apart) expect(folded(a), `${a} / ${b}`).not.toBe(folded(b));
  });

  it('query stems are prefixes of the folded words they should find', () => {
    const finds: [string, string[]][] = [
      ['задержанию', ['задержан', 'задержания', 'задержание']],
      ['Жақсыбеков', ['Жақсыбековтың', 'Жақсыбековке']],
      ['Astana', ['Астане', 'Астану', 'Астаной']],
      ['torture', ['tortured', 'torturing']],
      // Kazakh case endings on names: genitive, locative, instrumental.
      ['Жақсыбековтың', ['Zhaksybekov', 'Жаксыбеков', 'Жақсыбековке']],
      ['Ақтауда', ['Aktau', 'Актау']],
      ['Тоқаевпен', ['Tokayev', 'Токаев']],
    ];
    for (const [query, words] of finds) {
      const { exact, prefix } = foldedForms(query);
      for (const word of words) expect(folded(word) === exact || folded(word).startsWith(prefix!), `${query} → ${word}`).toBe(true);
    }
  });

  it('unifies a word into the script most of its letters are in, and leaves real mixtures alone', () => {
    expect(unifyWordScript('Kазахстан')).toBe('Казахстан');
    expect(unifyWordScript('sanctiоns')).toBe('sanctions');
    expect(unifyWordScript('Qazaqстан')).toBe('Qazaqстан');
  });
});

// Words as monitors meet them: Latin, Russian and Kazakh letters, with and without capitals.
const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіABCZЖҚ'.split(''));
const word = fc.array(letter, { minLength: 1, maxLength: 14 }).map((l) => l.join(''));
const filler = fc.array(fc.oneof(word, fc.constantFrom(' ', ', ', '. ', ' — ', '\n', ' (', ') ', ' "')), { maxLength: 8 }).map((p) => p.join(''));

describe('folding properties', () => {
  it('is idempotent: folding a folded word changes nothing', () => {
    fc.assert(
      fc.property(word, (w) => folded(folded(w)) === folded(w)),
      { numRuns: 2000 },
    );
  });

  it('a word folds the same inside any sentence', () => {
    fc.assert(
      fc.property(word, filler, filler, (w, before, after) => {
        const f = folded(w);
        if (!f) return true;
        const tokens = foldText(`${before} ${w} ${after}`).split(' ');
        return tokens.includes(f);
      }),
      { numRuns: 2000 },
    );
  });

  it('folded words are plain lower-case Latin letters and digits, but for Cyrillic words of one or two letters, which keep their script', () => {
    fc.assert(
      fc.property(word, (w) => /^[a-z0-9]*$/.test(folded(w)) || (/^[а-яәғқңөұүһі]{1,2}$/u.test(folded(w)) && [...w].length <= 2)),
      { numRuns: 2000 },
    );
    expect(folded('УК')).toBe('ук');
    expect(folded('UK')).toBe('uk');
  });
});
