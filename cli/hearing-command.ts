import type { RecordView } from '../db/shared/record-views.js';
import { call, forEachJsonLine, list, passphraseFile, print, withArchive, type Command, type Options } from './command-support.js';
import { UsageError } from './usage-error.js';

/** How a saved note is said on the terminal: its time, its flags and its indicators, never its id alone. */
function noteLine(note: RecordView, json: boolean): string {
  if (json) return JSON.stringify(note);
  const data = note.data as { observedAt?: string; indicators?: string[]; flags?: { reconstructedFromPaper?: boolean } };
  const time = data.observedAt?.slice(11, 16) ?? '';
  const flags = data.flags?.reconstructedFromPaper ? ' (from paper)' : '';
  const tags = data.indicators?.length ? `  [${data.indicators.join(', ')}]` : '';
  return `${note.id}  ${time}${flags}${tags}`;
}

export const hearingCommand: Command = {
  usage: 'vigil hearing note DIR HEARING_ID TEXT [--tag INDICATOR]... [--at HH:MM --reconstructed] [--json]  |  vigil hearing note DIR HEARING_ID --jsonl FILE|-',
  summary: 'add notes to a hearing as the hearing screen does: a live note gets the clock time, a note from paper the time written down',
  options: {
    tag: { type: 'string', multiple: true },
    at: { type: 'string' },
    reconstructed: { type: 'boolean' },
    jsonl: { type: 'string' },
    json: { type: 'boolean' },
    ...passphraseFile,
  },
  positionals: [3, 4],
  async run([action, dir, hearing, text], options) {
    if (action !== 'note') throw new UsageError('expected "vigil hearing note DIR HEARING_ID TEXT"');
    if (options.jsonl !== undefined) {
      if (text !== undefined || options.tag || options.at || options.reconstructed)
        throw new UsageError('with --jsonl, each line gives its note: {"text": …, "indicators": […], "at": "HH:MM", "reconstructed": true}');
      return noteLines(dir!, hearing!, options.jsonl as string, options);
    }
    if (text === undefined) throw new UsageError('give the note\u2019s text, or --jsonl FILE with one note per line');
    const note = {
      text,
      ...(options.tag ? { indicators: list(options.tag) } : {}),
      ...(options.at !== undefined ? { at: options.at as string } : {}),
      ...(options.reconstructed ? { reconstructed: true } : {}),
    };
    await withArchive(dir!, options, async (engine) => {
      const [saved] = await call(engine, 'hearing.notes', { hearing: hearing!, notes: [note] });
      print(noteLine(saved!, !!options.json));
    });
  },
};

/** Notes typed elsewhere, one JSON object per line, each saved as it arrives: a note printed is a note on disk. */
async function noteLines(dir: string, hearing: string, source: string, options: Options): Promise<void> {
  await withArchive(dir, options, (engine) =>
    forEachJsonLine(source, async (note) => {
      const [saved] = await call(engine, 'hearing.notes', { hearing, notes: [note as never] });
      print(noteLine(saved!, true));
    }),
  );
}
