import { archiveTemplates } from '../templates/archive-templates.js';
import { definedFacts } from '../templates/defined-facts.js';
import { VigilError } from '../errors.js';
import { viewOfType, type RecordView } from '../shared/record-views.js';
import type { Archive } from '../store/archive.js';
import { indicatorSet, type KnownIndicator } from '../hearings/indicator-sets.js';

/** A hearing with its notes, in the order they happened. */
export interface ObservedHearing {
  hearing: RecordView<'hearing'>;
  notes: RecordView<'note'>[];
}

export interface Defendant {
  name: string;
  counsel: string[];
  /** The defendant's detainee record, when the trial links one that is in the archive. */
  detainee?: RecordView<'detainee'>;
}

/** Everything the trial page and the trial report read about one trial, gathered once. */
export interface TrialDossier {
  trial: RecordView<'trial'>;
  hearings: ObservedHearing[];
  defendants: Defendant[];
  /** The fair-trial indicators this archive knows, in their set's order. */
  indicators: KnownIndicator[];
  /** A trial's or hearing's defined values in words, in a language (the organisation's own fields). */
  definedOf?: (type: 'trial' | 'hearing', defined: unknown, language: string) => { facts: [string, string][]; groups: { label: string; entries: string[] }[] };
}

function instantOrder(instant: string | undefined): number {
  const at = instant ? Date.parse(instant) : NaN;
  return Number.isNaN(at) ? Number.MAX_SAFE_INTEGER : at;
}

/** Hearings by their day and start time; ones without a date last, in the order they were made. */
function hearingOrder(a: RecordView<'hearing'>, b: RecordView<'hearing'>): number {
  const key = (h: RecordView<'hearing'>) => `${h.data.date?.start ?? '9999'} ${h.data.start ?? '99:99'}`;
  return key(a).localeCompare(key(b)) || a.id.localeCompare(b.id);
}

export function gatherTrial(archive: Archive, trialId: string): TrialDossier {
  const found = archive.records.get(trialId);
  if (found.type !== 'trial') throw new VigilError('invalid_argument', `${String(found.data.title)} is not a trial`);
  const trial = viewOfType(found, 'trial');
  const hearings = archive.records
    .children(trialId, 'hearing')
    .map((h) => viewOfType(h, 'hearing'))
    .sort(hearingOrder)
    .map((hearing) => ({
      hearing,
      notes: archive.records
        .children(hearing.id, 'note')
        .map((n) => viewOfType(n, 'note'))
        // Notes by when they happened (a note from paper is typed later), then in the order typed.
        .sort((a, b) => instantOrder(a.data.observedAt) - instantOrder(b.data.observedAt) || a.id.localeCompare(b.id)),
    }));
  const defendants = (trial.data.defendants ?? []).map((d) => {
    let detainee: RecordView<'detainee'> | undefined;
    if (d.detainee) {
      try {
        const linked = archive.records.get(d.detainee);
        if (linked.type === 'detainee') detainee = viewOfType(linked, 'detainee');
      } catch (err) {
        // A defendant's record deleted or not yet synced here: the trial still names them.
        if (!(err instanceof VigilError && err.code === 'not_found')) throw err;
      }
    }
    return { name: d.name, counsel: d.counsel ?? [], ...(detainee ? { detainee } : {}) };
  });
  const templates = archiveTemplates(archive.db);
  const definedOf: TrialDossier['definedOf'] = (type, defined, language) =>
    definedFacts(templates, type, defined, language, {
      yes: language === 'ru' ? 'да' : 'yes',
      no: language === 'ru' ? 'нет' : 'no',
      titleOf: (id) => archive.records.describe(id)?.title,
    });
  return { trial, hearings, defendants, indicators: indicatorSet(archive), definedOf };
}
