import { z } from 'zod';
import { VigilError } from '../errors.js';
import { dateInZone, instantAt, instantInZone } from '../shared/local-time.js';
import { recordId, timeOfDay } from '../shared/schema-parts.js';
import type { RecordView } from '../shared/record-views.js';
import type { RecordData } from '../shared/schemas.js';
import { checkIndicatorsKnown } from './indicator-sets.js';
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

/**
 * Writes notes to a hearing in the order given, in one write: a live note is stamped with the
 * clock, a note from paper with the time written down on the hearing's day, and both with the
 * time they were typed, all in the hearing's time zone. Every entry is checked before any is written.
 */
export function addHearingNotes(archive: Archive, hearingId: string, entries: readonly HearingNoteEntry[], now = new Date()): RecordView[] {
  const hearing = archive.records.get(hearingId);
  if (hearing.type !== 'hearing') throw new VigilError('invalid_argument', `${hearing.data.title ?? 'that record'} is not a hearing`);
  const { date, timeZone } = hearing.data as RecordData<'hearing'>;
  // Times are the courtroom's: stored with the hearing's UTC offset, and a time from paper read on its clocks.
  const day = date?.start ?? dateInZone(now, timeZone);
  const items = entries.map((entry, i) => {
    try {
      checkIndicatorsKnown(archive, 'note', entry);
    } catch (err) {
      throw entries.length > 1 && err instanceof VigilError ? new VigilError(err.code, `note ${i + 1}: ${err.message}`) : err;
    }
    const data = {
      hearing: hearingId,
      text: entry.text,
      observedAt: entry.reconstructed ? instantAt(day, entry.at!, now, timeZone) : instantInZone(now, timeZone),
      recordedAt: instantInZone(now, timeZone),
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
