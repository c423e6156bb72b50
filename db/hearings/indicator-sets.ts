import { VigilError } from '../errors.js';
import { viewOfType } from '../shared/record-views.js';
import type { RecordType } from '../shared/schemas.js';
import { fairTrialIndicators, type FairTrialIndicator } from '../shared/vocabularies.js';
import type { Archive } from '../store/archive.js';

/** An indicator as screens and reports read it, and whether it came with Vigil or was added in this archive. */
export type KnownIndicator = FairTrialIndicator & { added: boolean };

const shipped: KnownIndicator[] = fairTrialIndicators.map((i) => ({ ...i, added: false }));

/**
 * The fair-trial indicators this archive knows: the default criminal-trial set shipped with
 * Vigil, then the ones the team added (indicator records), oldest first. Two added with the same
 * key on two laptops before a sync: the older one counts.
 */
export function indicatorSet(archive: Archive): KnownIndicator[] {
  const added = archive.records.list({ type: 'indicator' }).map((summary) => ({ id: summary.id, data: viewOfType(archive.records.get(summary.id), 'indicator').data }));
  const keys = new Set(shipped.map((i) => i.key));
  const extra: KnownIndicator[] = [];
  for (const { id, data } of added) {
    // An indicator added without a key is named by its record id, which never changes.
    const key = data.key ?? id;
    if (keys.has(key)) continue;
    keys.add(key);
    const label = data.title;
    const explanation = data.explanation ?? '';
    extra.push({ key, label, basis: data.basis ?? [], explanation, ru: { label: data.ru?.label ?? label, explanation: data.ru?.explanation ?? explanation }, added: true });
  }
  return [...shipped, ...extra];
}

/**
 * Refuses fair-trial indicators this archive does not know (a made-up or mistyped name) on a
 * note or a hearing's assessments, and an added indicator whose key is already taken.
 */
export function checkIndicatorsKnown(archive: Archive, type: RecordType, data: unknown, self?: string): void {
  if (type === 'indicator') return checkKeyFree(archive, data, self);
  if (type !== 'note' && type !== 'hearing') return;
  const given = (data as { indicators?: unknown } | null)?.indicators;
  if (!Array.isArray(given)) return;
  let known: Set<string> | undefined;
  for (const item of given) {
    const key = type === 'note' ? item : (item as { indicator?: unknown } | null)?.indicator;
    if (typeof key !== 'string') continue;
    known ??= new Set(indicatorSet(archive).map((i) => i.key));
    if (!known.has(key)) throw new VigilError('invalid_argument', `"${key}" is not a fair-trial indicator in this archive; expected one of ${[...known].join(', ')}`);
  }
}

function checkKeyFree(archive: Archive, data: unknown, self: string | undefined): void {
  const key = (data as { key?: unknown } | null)?.key;
  if (typeof key !== 'string') return;
  if (shipped.some((i) => i.key === key)) throw new VigilError('invalid_argument', `"${key}" is already a fair-trial indicator shipped with Vigil; choose another key`);
  for (const summary of archive.records.list({ type: 'indicator' })) {
    if (summary.id !== self && (viewOfType(archive.records.get(summary.id), 'indicator').data.key ?? summary.id) === key) {
      throw new VigilError('invalid_argument', `"${key}" is already the key of the indicator "${summary.title}"; choose another key`);
    }
  }
}
