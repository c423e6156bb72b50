import { z } from 'zod';
import { VigilError } from '../errors.js';
import { instantAt, localDate, localInstant } from '../shared/local-time.js';
import { recordId, timeOfDay } from '../shared/schema-parts.js';
import type { RecordView } from '../shared/record-views.js';
import type { RecordData, RecordType } from '../shared/schemas.js';
import { fairTrialIndicators } from '../shared/vocabularies.js';
import type { Archive } from '../store/archive.js';

/**
 * A note as the observer gives it, wherever typed (the hearing screen, `vigil hearing note`):
 * its text, the fair-trial indicators it bears on, and, for a note typed later from paper,
 * the time it happened. Everything else a courtroom note holds is decided here, once.
 */
export const hearingNoteEntry = z
  .object({
    text: z.string().trim().min(1, 'a note needs text').max(100_000, 'at most 100000 characters'),
    indicators: z.array(z.string()).max(20, 'at most 20 indicators').optional(),
    tags: z.array(z.string().trim().min(1).max(100)).max(50, 'at most 50 tags').optional(),
    /** Paper mode: the time written down on paper, on the hearing's day. */
    at: timeOfDay.optional(),
    reconstructed: z.boolean().optional(),
  })
  .refine((entry) => !entry.at || entry.reconstructed, { message: 'a time is given only for a note reconstructed from paper: a live note gets the clock time', path: ['at'] })
  .refine((entry) => !entry.reconstructed || entry.at, { message: 'a note reconstructed from paper needs the time written down', path: ['at'] });
export type HearingNoteEntry = z.output<typeof hearingNoteEntry>;

export const hearingNoteArgs = z.object({ hearing: recordId, notes: z.array(hearingNoteEntry).min(1).max(10_000) });

const knownIndicators = new Set(fairTrialIndicators.map((i) => i.key));

/** Refuses fair-trial indicators that no indicator set defines (a made-up or mistyped name). */
export function checkIndicatorsKnown(type: RecordType, data: unknown): void {
  if (type !== 'note' && type !== 'hearing') return;
  const given = (data as { indicators?: unknown } | null)?.indicators;
  if (!Array.isArray(given)) return;
  for (const item of given) {
    const key = type === 'note' ? item : (item as { indicator?: unknown } | null)?.indicator;
    if (typeof key === 'string' && !knownIndicators.has(key)) {
      throw new VigilError('invalid_argument', `"${key}" is not a fair-trial indicator; expected one of ${[...knownIndicators].join(', ')}`);
    }
  }
}

/**
 * Writes notes to a hearing in the order given, in one write: a live note is stamped with the
 * clock, a note from paper with the time written down on the hearing's day, and both with the
 * time they were typed. Every entry is checked before any is written.
 */
export function addHearingNotes(archive: Archive, hearingId: string, entries: readonly HearingNoteEntry[], now = new Date()): RecordView[] {
  const hearing = archive.records.get(hearingId);
  if (hearing.type !== 'hearing') throw new VigilError('invalid_argument', `${hearing.data.title ?? 'that record'} is not a hearing`);
  const day = (hearing.data as RecordData<'hearing'>).date?.start ?? localDate(now);
  const items = entries.map((entry, i) => {
    try {
      checkIndicatorsKnown('note', entry);
    } catch (err) {
      throw entries.length > 1 && err instanceof VigilError ? new VigilError(err.code, `note ${i + 1}: ${err.message}`) : err;
    }
    const data = {
      hearing: hearingId,
      text: entry.text,
      observedAt: entry.reconstructed ? instantAt(day, entry.at!, now) : localInstant(now),
      recordedAt: localInstant(now),
      sourceKind: 'seen-directly',
      ...(entry.indicators?.length ? { indicators: [...new Set(entry.indicators)] } : {}),
      ...(entry.tags?.length ? { tags: [...new Set(entry.tags)] } : {}),
      ...(entry.reconstructed ? { flags: { reconstructedFromPaper: true } } : {}),
    };
    return { type: 'note' as const, data };
  });
  const created = archive.records.createMany(items);
  return created.map((c) => archive.records.get(c.id));
}
