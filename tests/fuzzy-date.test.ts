import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFuzzyDate } from '../db/shared/fuzzy-date.js';

describe('parseFuzzyDate', () => {
  const cases: [string, string | undefined, string | undefined, boolean][] = [
    ['1965', '1965-01-01', '1965-12-31', false],
    ['5 January 2022', '2022-01-05', '2022-01-05', false],
    ['on or around 5 January 2022', '2022-01-05', '2022-01-05', true],
    ['6 January 2022, at 2.36 p.m.', '2022-01-06', '2022-01-06', false],
    ['January 5, 2022', '2022-01-05', '2022-01-05', false],
    ['January 2022', '2022-01-01', '2022-01-31', false],
    ['early January 2022', '2022-01-01', '2022-01-10', false],
    ['mid-January 2022', '2022-01-11', '2022-01-20', false],
    ['late February 2024', '2024-02-21', '2024-02-29', false],
    ['early 2022', '2022-01-01', '2022-04-30', false],
    ['2022-01-11', '2022-01-11', '2022-01-11', false],
    ['11.01.2022', '2022-01-11', '2022-01-11', false],
    ['11/01/2022', '2022-01-11', '2022-01-11', false],
    ['5 января 2022 года', '2022-01-05', '2022-01-05', false],
    ['в начале января 2022 года', '2022-01-01', '2022-01-10', false],
    ['около 8 мая 2021 г.', '2021-05-08', '2021-05-08', true],
    ['2022 жылғы 5 қаңтар', '2022-01-05', '2022-01-05', false],
    ['мамыр 2021', '2021-05-01', '2021-05-31', false],
    ['15-28 January 2022', '2022-01-15', '2022-01-28', false],
    ['between 15 and 28 January 2022', '2022-01-15', '2022-01-28', false],
    ['10 January 2007 to 24 September 2012', '2007-01-10', '2012-09-24', false],
    ['2012–2016', '2012-01-01', '2016-12-31', false],
    ['the 1990s', '1990-01-01', '1999-12-31', false],
    ['before 5 January 2022', undefined, '2022-01-04', false],
    ['since 8 January 2022', '2022-01-08', undefined, false],
  ];
  for (const [text, start, end, approximate] of cases) {
    it(`reads "${text}"`, () => {
      const read = parseFuzzyDate(text);
      expect(read).not.toBeNull();
      expect(read!.start).toBe(start);
      expect(read!.end).toBe(end);
      expect(read!.approximate).toBe(approximate);
    });
  }

  for (const text of ['early January', '31 February 2022', 'sometime after the protests', '', 'Case 12 of 2022 and more words']) {
    it(`keeps no range for "${text}" rather than guess`, () => {
      expect(parseFuzzyDate(text)).toBeNull();
    });
  }

  it('reads plain numeric dates (its quick path) as the full reading does, impossible days included', () => {
    // A leading space takes the full reading, which trims it.
    const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
    const padded = (n: fc.Arbitrary<string>, width: number) => n.map((d) => d.padStart(width, '0'));
    const numeric = fc.oneof(
      fc.tuple(digits(0, 3999), padded(digits(0, 13), 2), padded(digits(0, 32), 2)).map(([y, m, d]) => `${y.padStart(4, '0')}-${m}-${d}`),
      fc.tuple(digits(0, 32), fc.constantFrom('.', '/'), padded(digits(0, 13), 1), fc.constantFrom('.', '/'), digits(900, 3100)).map((p) => p.join('')),
      digits(900, 3100),
    );
    fc.assert(
      fc.property(numeric, (text) => {
        expect(parseFuzzyDate(text)).toEqual(parseFuzzyDate(` ${text}`));
      }),
      { numRuns: 2000 },
    );
    expect(parseFuzzyDate('29.02.2023')).toBeNull();
    expect(parseFuzzyDate('0999')).toBeNull();
  });

  it('never produces a range that ends before it starts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom('', 'early ', 'mid ', 'late ', 'around '),
        (y, m, d, q) => {
          const month = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
          for (const text of [`${q}${month} ${y}`, `${q}${y}`, `${d} ${month} ${y}`]) {
            const read = parseFuzzyDate(text);
            if (read?.start && read.end) expect(read.start <= read.end).toBe(true);
          }
        },
      ),
    );
  });
});
