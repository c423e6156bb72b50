import { describe, expect, it } from 'vitest';
import { checkIndicatorsKnown, indicatorSet } from '../db/hearings/indicator-sets.js';
import { createEngine, type Engine } from '../db/service.js';
import { fairTrialIndicators, indicatorText } from '../db/shared/vocabularies.js';
import { openArchive } from '../db/store/archive.js';
import { syncAll } from './support/replicas.js';
import { newArchive, passphrase } from './support/temp-archive.js';

describe('the shipped fair-trial indicator set', () => {
  it('gives every right its legal basis and a one-line explanation in English and Russian', () => {
    expect(fairTrialIndicators).toHaveLength(14);
    for (const indicator of fairTrialIndicators) {
      expect(indicator.basis.length, indicator.key).toBeGreaterThan(0);
      for (const basis of indicator.basis) expect(basis, indicator.key).toMatch(/^(ICCPR|CAT) \d+(\(\d+\))?(\([a-g]\))?$/);
      const en = indicatorText(indicator, 'en');
      const ru = indicatorText(indicator, 'ru');
      expect(en.explanation, indicator.key).toMatch(/^[A-Z][^\n]{20,200}\.$/);
      // Russian words only: no English left in the Russian text.
      for (const text of [ru.label, ru.explanation]) expect(text, indicator.key).not.toMatch(/[A-Za-z]/);
      expect(ru.explanation, indicator.key).toMatch(/^[А-Я][^\n]{20,220}\.$/);
      // The same basis, cited as Russian texts cite the instruments.
      expect(ru.basis).toBe(indicator.basis.map((b) => b.replace(/^ICCPR /, 'МПГПП, ст. ').replace(/^CAT /, 'КПП, ст. ')).join('; '));
    }
  });
});

describe('indicators an archive adds', () => {
  async function engineOn(dir: string): Promise<Engine> {
    const engine = createEngine({ checkResults: true });
    const opened = await engine.call('archive.open', { dir, passphrase });
    if (!opened.ok) throw new Error(opened.error.message);
    return engine;
  }

  it('are known after the shipped set, accepted on notes and assessments, travel to the team, and keep their keys unique', async () => {
    const { dir, archive } = await newArchive();
    const hearing = archive.records.create('hearing', { title: 'Day 1' });
    archive.close();
    const engine = await engineOn(dir);
    const added = await engine.call('records.create', {
      type: 'indicator',
      data: {
        title: 'Right to remain silent',
        key: 'right-to-silence',
        basis: ['ICCPR 14(3)(g)'],
        explanation: 'Silence is not held against the accused.',
        ru: { label: 'Право хранить молчание' },
      },
    });
    expect(added.ok).toBe(true);
    // One added without a key is named by its record id.
    const unnamed = await engine.call('records.create', { type: 'indicator', data: { title: 'Access to the case file' } });
    if (!unnamed.ok) throw new Error(unnamed.error.message);

    const listed = await engine.call('indicators.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.slice(0, 14).map((i) => i.key)).toEqual(fairTrialIndicators.map((i) => i.key));
    expect(listed.value.slice(14)).toEqual([
      {
        key: 'right-to-silence',
        label: 'Right to remain silent',
        basis: ['ICCPR 14(3)(g)'],
        explanation: 'Silence is not held against the accused.',
        ru: { label: 'Право хранить молчание', explanation: 'Silence is not held against the accused.' },
        added: true,
      },
      { key: unnamed.value.id, label: 'Access to the case file', basis: [], explanation: '', ru: { label: 'Access to the case file', explanation: '' }, added: true },
    ]);

    const note = await engine.call('hearing.notes', {
      hearing: hearing.id,
      notes: [{ text: 'The judge comments on the silence', indicators: ['right-to-silence', unnamed.value.id] }],
    });
    expect(note.ok).toBe(true);
    const assessed = await engine.call('records.update', { id: hearing.id, patch: { indicators: [{ indicator: 'right-to-silence', value: 'concern' }] } });
    expect(assessed.ok).toBe(true);

    for (const [data, message] of [
      [{ title: 'Silence again', key: 'right-to-silence' }, /"right-to-silence" is already the key of the indicator "Right to remain silent"/],
      [{ title: 'Public', key: 'public-hearing' }, /"public-hearing" is already a fair-trial indicator shipped with Vigil/],
    ] as const) {
      const refused = await engine.call('records.create', { type: 'indicator', data });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringMatching(message) } });
    }
    const renamed = await engine.call('records.update', { id: unnamed.value.id, patch: { key: 'right-to-silence' } });
    expect(renamed).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    engine.shutdown();

    // A teammate's archive learns the indicator with the records that use it.
    const mine = await openArchive(dir, { passphrase });
    const { archive: theirs } = await newArchive();
    syncAll(mine, theirs);
    expect(indicatorSet(theirs).map((i) => i.key)).toContain('right-to-silence');
    expect(() => checkIndicatorsKnown(theirs, 'note', { indicators: ['right-to-silence'] })).not.toThrow();
    expect(() => checkIndicatorsKnown(theirs, 'note', { indicators: ['right-to-silense'] })).toThrow(/not a fair-trial indicator in this archive/);
    mine.close();
    theirs.close();
  });
});
