import { defineMethod } from '../contract.js';
import { recordView } from '../shared/record-views.js';
import { z } from 'zod';
import { addHearingNotes, hearingNoteArgs } from './hearing-notes.js';
import { indicatorSet } from './indicator-sets.js';

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
    result: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        basis: z.array(z.string()),
        explanation: z.string(),
        ru: z.object({ label: z.string(), explanation: z.string() }),
        added: z.boolean(),
      }),
    ),
    run: (session) => indicatorSet(session.requireArchive()),
  }),
};
