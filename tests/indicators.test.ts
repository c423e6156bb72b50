import { describe, expect, it } from 'vitest';
import { fairTrialIndicators, indicatorText } from '../db/shared/vocabularies.js';

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
      expect(ru.basis).toBe(en.basis);
    }
  });
});
