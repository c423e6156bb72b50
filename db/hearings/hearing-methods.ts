import { defineMethod } from '../contract.js';
import { recordId } from '../shared/schema-parts.js';
import { recordView } from '../shared/record-views.js';
import { gatherTrial } from '../reports/trial-dossier.js';
import { z } from 'zod';
import { addHearingNotes, hearingNoteArgs } from './hearing-notes.js';
import { indicatorSet } from './indicator-sets.js';

const knownIndicator = z.object({
  key: z.string(),
  label: z.string(),
  basis: z.array(z.string()),
  explanation: z.string(),
  ru: z.object({ label: z.string(), explanation: z.string() }),
  added: z.boolean(),
});

export const hearingMethods = {
  'hearing.notes': defineMethod({
    summary:
      'Add notes to a hearing in order, as the hearing screen does: a live note gets the clock time, a note reconstructed from paper the time written down on the hearing\u2019s day; unknown fair-trial indicators are refused, and one bad note writes none.',
    args: hearingNoteArgs,
    result: z.array(recordView),
    run: (session, args) => addHearingNotes(session.requireArchive(), args.hearing, args.notes),
  }),
  'indicators.list': defineMethod({
    summary:
      'The fair-trial indicators this archive knows: the criminal-trial set shipped with Vigil, then those the team added (indicator records), each with its legal basis and a one-line explanation in English and Russian.',
    args: z.object({}),
    result: z.array(knownIndicator),
    run: (session) => indicatorSet(session.requireArchive()),
  }),
  'trial.overview': defineMethod({
    summary:
      'What a trial page shows: the trial, its hearings in date order with how many notes each holds and how many are tagged with each indicator, its defendants with their detainee records (for disputed facts), and the indicators this archive knows.',
    args: z.object({ trial: recordId }),
    result: z.object({
      trial: recordView,
      hearings: z.array(z.object({ hearing: recordView, notes: z.int(), tagged: z.record(z.string(), z.int()) })),
      defendants: z.array(z.object({ name: z.string(), counsel: z.array(z.string()), detainee: recordView.optional() })),
      indicators: z.array(knownIndicator),
    }),
    run(session, args) {
      const dossier = gatherTrial(session.requireArchive(), args.trial);
      return {
        ...dossier,
        hearings: dossier.hearings.map(({ hearing, notes }) => {
          const tagged: Record<string, number> = Object.create(null) as Record<string, number>;
          for (const note of notes) for (const key of note.data.indicators ?? []) tagged[key] = (tagged[key] ?? 0) + 1;
          return { hearing, notes: notes.length, tagged };
        }),
      };
    },
  }),
};
