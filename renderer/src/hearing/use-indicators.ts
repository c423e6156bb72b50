import { useEffect, useState } from 'react';
import type { ResultOf } from '../../../db/service.js';
import { fairTrialIndicators, indicatorText } from '../../../db/shared/vocabularies.js';
import { call } from '../shared/contract-client.js';

export type KnownIndicator = ResultOf<'indicators.list'>[number];

const shipped: KnownIndicator[] = fairTrialIndicators.map((i) => ({ ...i, added: false }));

/**
 * The fair-trial indicators this archive knows: the shipped set at once (so keys 1–9 work from
 * the first keystroke), then with the ones the team added once the archive answers.
 */
export function useIndicators(): KnownIndicator[] {
  const [indicators, setIndicators] = useState(shipped);
  useEffect(() => {
    let current = true;
    call('indicators.list', {})
      .then((found) => current && setIndicators(found))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);
  return indicators;
}

/** An indicator's label in the interface's language; an unknown key as it is. */
export function indicatorLabel(indicators: readonly KnownIndicator[], key: string, language: string): string {
  const found = indicators.find((i) => i.key === key);
  return found ? indicatorText(found, language).label : key;
}
