import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInOrder } from '../db/search/first-in-order.js';

/** Search's order: lower score first, ties by record number. */
const byScore = (score: number[]) => (a: number, b: number) => score[a]! < score[b]! || (score[a] === score[b] && a < b);

describe('first items in order (a page of search results)', () => {
  it('is the same as sorting everything and taking the first ones, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 300 }), fc.nat({ max: 320 }), (scores, count) => {
        const items = scores.map((_, i) => i).reverse();
        const before = byScore(scores);
        const sorted = [...items].sort((a, b) => (before(a, b) ? -1 : 1));
        expect(firstInOrder(items, count, before)).toEqual(sorted.slice(0, count));
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves its input as it was', () => {
    const items = [5, 3, 9, 1, 7, 2, 8, 6, 4, 0, 11, 10];
    const copy = [...items];
    expect(firstInOrder(items, 2, (a, b) => a < b)).toEqual([0, 1]);
    expect(firstInOrder(items, 10, (a, b) => a < b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(items).toEqual(copy);
  });

  it('refuses a count that is not a whole number at least 0', () => {
    expect(() => firstInOrder([1, 2], -1, (a, b) => a < b)).toThrow(/whole number/);
    expect(() => firstInOrder([1, 2], 1.5, (a, b) => a < b)).toThrow(/whole number/);
    expect(firstInOrder([1, 2], 0, (a, b) => a < b)).toEqual([]);
  });
});
