import { useEffect, useState } from 'react';
import type { ResultOf } from '../../../db/service.js';
import { fairTrialIndicators, indicatorText } from '../../../db/shared/vocabularies.js';
import { call } from './contract-client.js';

export type KnownIndicator = ResultOf<'indicators.list'>[number];

const shipped: KnownIndicator[] = fairTrialIndicators.map((i) => ({ ...i, added: false }));

/** The list last read, and the read under way: a record page naming ten indicators asks once. */
let known: KnownIndicator[] = shipped;
let reading: { at: number; list: Promise<KnownIndicator[]> } | null = null;
const freshForMs = 2000;

function readIndicators(): Promise<KnownIndicator[]> {
  if (!reading || Date.now() - reading.at > freshForMs) {
    reading = {
      at: Date.now(),
      list: call('indicators.list', {}).then(
        (found) => (known = found),
        () => known,
      ),
    };
  }
  return reading.list;
}

/**
 * The fair-trial indicators this archive knows: the shipped set at once (so keys 1–9 work from
 * the first keystroke), then with the ones the team added once the archive answers.
 */
export function useIndicators(): KnownIndicator[] {
  const [indicators, setIndicators] = useState(known);
  useEffect(() => {
    let current = true;
    void readIndicators().then((found) => current && setIndicators(found));
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
