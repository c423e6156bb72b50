import { defineMethod } from '../contract.js';
import { recordView } from '../shared/record-views.js';
import { z } from 'zod';
import { addHearingNotes, hearingNoteArgs } from './hearing-notes.js';

export const hearingMethods = {
  'hearing.notes': defineMethod({
    summary:
      'Add notes to a hearing in order, as the hearing screen does: a live note gets the clock time, a note reconstructed from paper the time written down on the hearing\u2019s day; unknown fair-trial indicators are refused, and one bad note writes none.',
    args: hearingNoteArgs,
    result: z.array(recordView),
    run: (session, args) => addHearingNotes(session.requireArchive(), args.hearing, args.notes),
  }),
};
