import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateTermsOf, withDateTerms } from '../db/search/date-terms.js';
import { newArchive } from './support/temp-archive.js';

const englishMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const russianMonths = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const kazakhMonths = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];
const ordinal = (d: number) => `${d}${d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'}`;

describe('dates as index terms', () => {
  it('reads every way a day is written as the same day, and its month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 2040 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        const day = `qd${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
        const monthTerm = `qm${y}${String(m).padStart(2, '0')}`;
        const forms = [
          `${d} ${englishMonths[m - 1]} ${y}`,
          `${englishMonths[m - 1]} ${d}, ${y}`,
          `the ${ordinal(d)} of ${englishMonths[m - 1]}, ${y}`,
          `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`,
          `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
          `${d} ${russianMonths[m - 1]} ${y} года`,
          `${d}-го ${russianMonths[m - 1]} ${y}`,
          `${y} жылғы ${d} ${kazakhMonths[m - 1]}`,
        ];
        for (const form of forms) expect(dateTermsOf(`The hearing of ${form} was closed.`), form).toEqual([day, monthTerm]);
      }),
    );
  });

  it('reads a month written alone as its month, and leaves years, approximate dates and numbers alone', () => {
    expect(dateTermsOf('protests in January 2022 and in январь 2022')).toEqual(['qm202201']);
    expect(dateTermsOf('In 2011 the court sat 12 times; article 174.2 applies.')).toEqual([]);
    expect(withDateTerms('Massimov January 8, 2022')).toBe('Massimov qd20220108');
    // Not inside a phrase, nor a filter's value.
    expect(withDateTerms('"16 December 2011" after:2022-01-05')).toBe('"16 December 2011" after:2022-01-05');
  });

  it('finds a day written one way by any other, and by its month', async () => {
    const { archive } = await newArchive();
    const report = archive.records.create('report', { title: 'Mission report', body: 'Police opened fire in Zhanaozen on 16 December 2011, during the strike.' });
    archive.records.create('report', { title: 'Another report', body: 'The verdict came on 16 June 2012 in Aktau.' });
    for (const query of [
      '16.12.2011',
      'December 16, 2011',
      'the 16th of December, 2011',
      '16 декабря 2011 года',
      '2011 жылғы 16 желтоқсан',
      'December 2011 Zhanaozen',
      '2011-12-16',
    ]) {
      expect(
        archive.search.search({ query }).hits.map((h) => h.id),
        query,
      ).toEqual([report.id]);
    }
    archive.close();
  });
});
