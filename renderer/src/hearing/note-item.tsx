import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordData } from '../../../db/shared/schemas.js';
import { viewOfType } from '../../../db/shared/record-views.js';
import { noteSourceKinds } from '../../../db/shared/vocabularies.js';
import { call } from '../shared/contract-client.js';
import { messageOf } from '../shared/notices.js';
import { dateInZone, instantAt, localZone, timeInZone } from './hearing-clock.js';
import { indicatorLabel, type KnownIndicator } from '../shared/use-indicators.js';

type NoteData = RecordData<'note'>;
/** A note as listed: the engine's value, or while it is being saved what was typed (no title yet). */
export type ShownNote = { id: string; data: Partial<NoteData>; pending?: boolean; /** The list key it was first drawn with, while it was being saved. */ key?: string };

/** What the correction form holds: every field of a note an observer may get wrong. */
interface Correction {
  text: string;
  time: string;
  indicators: string[];
  sourceKind: string;
  reconstructed: boolean;
  viaInterpreter: boolean;
  tags: string;
}

/** A note's time on the hearing's clocks ("10:42"). */
export function noteTime(note: ShownNote, zone: string | undefined): string {
  return note.data.observedAt ? timeInZone(note.data.observedAt, zone ?? localZone(), 'en-GB') : '';
}

function correctionOf(note: ShownNote, zone: string | undefined): Correction {
  return {
    text: note.data.text ?? '',
    time: noteTime(note, zone),
    indicators: [...(note.data.indicators ?? [])],
    sourceKind: note.data.sourceKind ?? 'seen-directly',
    reconstructed: Boolean(note.data.flags?.reconstructedFromPaper),
    viaInterpreter: Boolean(note.data.flags?.viaInterpreter),
    tags: (note.data.tags ?? []).join(', '),
  };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only what was changed: each saved correction is one revision, in the note's history. */
function patchOf(before: Correction, after: Correction, note: ShownNote, zone: string | undefined): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (after.text.trim() !== before.text.trim()) patch.text = after.text.trim();
  if (after.time && after.time !== before.time) {
    const day = note.data.observedAt ? dateInZone(new Date(note.data.observedAt), zone) : dateInZone(new Date(), zone);
    patch.observedAt = instantAt(day, after.time, new Date(), zone);
  }
  if (!same(after.indicators, before.indicators)) patch.indicators = after.indicators.length ? after.indicators : null;
  if (after.sourceKind !== before.sourceKind) patch.sourceKind = after.sourceKind;
  if (after.reconstructed !== before.reconstructed || after.viaInterpreter !== before.viaInterpreter) {
    patch.flags = { reconstructedFromPaper: after.reconstructed || null, viaInterpreter: after.viaInterpreter || null };
  }
  const tags = [
    ...new Set(
      after.tags
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
  if (!same(tags, before.tags ? before.tags.split(', ') : [])) patch.tags = tags.length ? tags : null;
  return patch;
}

/**
 * One note in the hearing's list. Every field can be corrected (text, time, rights, how it was
 * known, the paper and interpreter marks, tags), each correction a revision in its history; a
 * note can be withdrawn, which keeps it in the history and can be undone, never erased.
 */
export const NoteItem = memo(function NoteItem({
  note,
  zone,
  indicators,
  onChanged,
  onWithdrawn,
  onOpen,
  onError,
}: {
  note: ShownNote;
  zone: string | undefined;
  indicators: readonly KnownIndicator[];
  /** Stable across renders (so a hearing of 500 notes redraws only the note that changed). */
  onChanged: (id: string, data: NoteData) => void;
  onWithdrawn: (note: ShownNote) => void;
  onOpen: (id: string) => void;
  onError: (e: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<Correction | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const time = noteTime(note, zone);

  async function save() {
    if (!editing || !editing.text.trim()) return;
    const patch = patchOf(correctionOf(note, zone), editing, note, zone);
    if (!Object.keys(patch).length) return setEditing(null);
    setSaving(true);
    try {
      onChanged(note.id, viewOfType(await call('records.update', { id: note.id, patch }), 'note').data);
      setEditing(null);
    } catch (err) {
      onError(messageOf(err));
    } finally {
      setSaving(false);
    }
  }

  async function withdraw() {
    try {
      await call('records.delete', { id: note.id });
      onWithdrawn(note);
    } catch (err) {
      onError(messageOf(err));
    }
  }

  const set = (change: Partial<Correction>) => setEditing((e) => (e ? { ...e, ...change } : e));
  const fieldId = `note-${note.id}`;
  return (
    <li className={note.pending ? 'note pending' : 'note'}>
      <time className="note-time" dateTime={note.data.observedAt}>
        {time}
      </time>
      {note.data.flags?.reconstructedFromPaper && <span className="badge">{t('hearing.reconstructed')}</span>}
      {note.data.flags?.viaInterpreter && <span className="badge">{t('hearing.viaInterpreter')}</span>}
      {editing === null ? (
        <p className="note-text">{note.data.text}</p>
      ) : (
        <form
          className="note-correction"
          aria-label={t('hearing.correctNote', { time })}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label htmlFor={`${fieldId}-text`}>{t('hearing.note')}</label>
          <textarea id={`${fieldId}-text`} value={editing.text} onChange={(e) => set({ text: e.target.value })} rows={3} autoFocus required />
          <div className="correction-row">
            <label>
              {t('hearing.observedAt')}
              <input type="time" value={editing.time} onChange={(e) => set({ time: e.target.value })} required />
            </label>
            <label>
              {t('hearing.sourceKind')}
              <select value={editing.sourceKind} onChange={(e) => set({ sourceKind: e.target.value })}>
                {noteSourceKinds.map((k) => (
                  <option key={k.key} value={k.key}>
                    {t(`choices.${k.key}`, { defaultValue: k.label })}
                  </option>
                ))}
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={editing.reconstructed} onChange={(e) => set({ reconstructed: e.target.checked })} />
              {t('hearing.reconstructed')}
            </label>
            <label className="check">
              <input type="checkbox" checked={editing.viaInterpreter} onChange={(e) => set({ viaInterpreter: e.target.checked })} />
              {t('hearing.viaInterpreter')}
            </label>
          </div>
          <fieldset className="correction-indicators">
            <legend>{t('hearing.rights')}</legend>
            {indicators.map((indicator) => (
              <label key={indicator.key} className="check">
                <input
                  type="checkbox"
                  checked={editing.indicators.includes(indicator.key)}
                  onChange={(e) => set({ indicators: e.target.checked ? [...editing.indicators, indicator.key] : editing.indicators.filter((k) => k !== indicator.key) })}
                />
                {indicatorLabel(indicators, indicator.key, i18n.language)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('hearing.tags')}
            <input value={editing.tags} onChange={(e) => set({ tags: e.target.value })} aria-describedby={`${fieldId}-tags-help`} />
          </label>
          <p id={`${fieldId}-tags-help`} className="help">
            {t('hearing.tagsHelp')}
          </p>
          <div className="form-actions">
            <button type="submit" disabled={saving || !editing.text.trim()}>
              {t('hearing.saveCorrection')}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(null)}>
              {t('hearing.cancel')}
            </button>
          </div>
        </form>
      )}
      {editing === null && (note.data.indicators?.length ?? 0) > 0 && (
        <ul className="note-indicators" aria-label={t('hearing.rights')}>
          {note.data.indicators!.map((i) => (
            <li key={i} className="badge">
              {indicatorLabel(indicators, i, i18n.language)}
            </li>
          ))}
        </ul>
      )}
      {!note.pending && editing === null && !confirming && (
        <span className="note-actions">
          <button type="button" className="link" onClick={() => setEditing(correctionOf(note, zone))}>
            {t('hearing.correct')}
          </button>
          <button type="button" className="link" onClick={() => onOpen(note.id)}>
            {t('hearing.noteHistory')}
          </button>
          <button type="button" className="link" onClick={() => setConfirming(true)}>
            {t('hearing.withdraw')}
          </button>
        </span>
      )}
      {confirming && (
        <span className="note-actions" role="group" aria-label={t('hearing.withdrawQuestion')}>
          {t('hearing.withdrawQuestion')}{' '}
          <button type="button" onClick={() => void withdraw()}>
            {t('hearing.withdrawConfirm')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t('hearing.keepNote')}
          </button>
        </span>
      )}
    </li>
  );
});
