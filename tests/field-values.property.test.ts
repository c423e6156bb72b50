import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTemplate } from '../db/templates/apply-template.js';
import { newArchive } from './support/temp-archive.js';

type Step =
  | { op: 'create'; condition: string; facility: string }
  | { op: 'update'; at: number; condition: string | null }
  | { op: 'delete'; at: number }
  | { op: 'rolled-back'; condition: string }
  | { op: 'batch'; conditions: string[] };

const condition = fc.constantFrom('overcrowding', 'no-bed', 'no-daylight');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), condition, facility: fc.constantFrom('SIZO Aktau', 'LA-155/14', 'Zhanaozen') }),
  fc.record({ op: fc.constant('update' as const), at: fc.nat(20), condition: fc.option(condition) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(20) }),
  fc.record({ op: fc.constant('rolled-back' as const), condition }),
  fc.record({ op: fc.constant('batch' as const), conditions: fc.array(condition, { minLength: 1, maxLength: 4 }) }),
);

/**
 * Filters by a defined field answer from values held in memory, kept current as writes commit.
 * Whatever the writes (one record or many at once, edits, deletions, a write that rolls back
 * after its changes were queued), a filter's records are those whose stored values meet it.
 */
describe('field filters held in memory', () => {
  it('answer as the stored records do after every write, committed or rolled back', async () => {
    const { archive } = await newArchive();
    applyTemplate(archive, {
      vocabularies: [
        {
          key: 'conditions',
          labels: { en: 'Conditions' },
          terms: [
            { key: 'overcrowding', labels: { en: 'Overcrowding' }, children: [{ key: 'no-bed', labels: { en: 'No bed' } }] },
            { key: 'no-daylight', labels: { en: 'No daylight' } },
          ],
        },
      ],
      types: [
        {
          key: 'visit',
          labels: { en: 'Visit' },
          fields: [
            { key: 'condition', kind: 'choice', vocabulary: 'conditions', labels: { en: 'Condition' } },
            { key: 'facility', kind: 'text', labels: { en: 'Facility' } },
          ],
        },
      ],
    });
    const live: string[] = [];
    let n = 0;
    const expected = (query: string) => {
      const [field, value] = query.split(':') as [string, string];
      return live
        .filter((id) => {
          const held = (archive.records.get(id).data.defined ?? {}) as Record<string, string>;
          if (field === 'facility') return held.facility?.toLowerCase().startsWith(value);
          return value === 'overcrowding' ? ['overcrowding', 'no-bed'].includes(held.condition!) : held.condition === value;
        })
        .sort();
    };
    const found = (query: string) =>
      archive.search
        .search({ query, limit: 1000 })
        .hits.map((h) => h.id)
        .sort();
    await fc.assert(
      // Filters asked after some steps only: the values held must stay right across writes nobody asked about.
      fc.property(fc.array(fc.tuple(step, fc.boolean()), { minLength: 1, maxLength: 25 }), (steps) => {
        for (const [index, [s, ask]] of steps.entries()) {
          if (s.op === 'create') live.push(archive.records.create('visit' as never, { title: `Visit ${++n}`, defined: { condition: s.condition, facility: s.facility } }).id);
          else if (s.op === 'update' && live.length) {
            const id = live[s.at % live.length]!;
            archive.records.update(id, { defined: { condition: s.condition } });
          } else if (s.op === 'delete' && live.length) archive.records.delete(live.splice(s.at % live.length, 1)[0]!);
          else if (s.op === 'rolled-back') {
            // Changes queued and handed on midway, then the write fails.
            expect(() =>
              archive.writes.write(() => {
                archive.records.create('visit' as never, { title: 'never kept', defined: { condition: s.condition } });
                archive.writes.flush();
                archive.records.create('visit' as never, { title: 'never kept either', defined: { condition: s.condition } });
                archive.writes.flush();
                throw new Error('stopped');
              }),
            ).toThrow('stopped');
          } else if (s.op === 'batch') {
            const made = archive.records.createMany(s.conditions.map((c) => ({ type: 'visit' as never, data: { title: `Visit ${++n}`, defined: { condition: c } } })));
            live.push(...made.map((m) => m.id));
          }
          if (!ask && index < steps.length - 1) continue;
          for (const query of ['condition:overcrowding', 'condition:no-daylight', 'condition:no-bed', 'facility:sizo', 'facility:zh']) {
            expect(found(query), query).toEqual(expected(query));
          }
        }
      }),
      { numRuns: 25 },
    );
    archive.close();
  });
});
