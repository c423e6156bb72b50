import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultOf } from '../../../db/service.js';
import { viewOfType } from '../../../db/shared/record-views.js';
import type { RecordData } from '../../../db/shared/schemas.js';
import { indicatorText, indicatorValues } from '../../../db/shared/vocabularies.js';
import { beforeLock } from '../archive/before-lock.js';
import { call, callAsPageLeaves } from '../shared/contract-client.js';
import { messageOf } from '../shared/notices.js';
import { noteTime, type ShownNote } from './note-item.js';
import type { KnownIndicator } from '../shared/use-indicators.js';

type RecordView = ResultOf<'records.get'>;
type Assessment = NonNullable<RecordData<'hearing'>['indicators']>[number];

/**
 * The hearing's assessment of each fair-trial right (respected, concern, violated, not
 * observed, not applicable) with a short reasoning, beside the notes tagged with that right, so
 * the observer judges from what they wrote. Each change is saved to the hearing at once.
 */
export function HearingAssessment({
  hearing,
  notes,
  indicators,
  zone,
  onHearingChanged,
  onError,
}: {
  hearing: RecordView;
  notes: readonly ShownNote[];
  indicators: readonly KnownIndicator[];
  zone: string | undefined;
  onHearingChanged: (h: RecordView) => void;
  onError: (e: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const assessments = viewOfType(hearing, 'hearing').data.indicators ?? [];
  /** Reasoning being typed, by indicator, until it is saved on leaving the field. */
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [open, setOpen] = useState(false);
  /** Saves one after another, each from the hearing as the last save left it, so quick changes never undo each other. */
  const saving = useRef<Promise<void>>(Promise.resolve());
  const latest = useRef(assessments);
  latest.current = assessments;

  /** The assessments with one changed (null: removed), in the set's order, so the record reads the same however it was filled in. */
  function withChange(current: readonly Assessment[], key: string, next: Partial<Assessment> | null): Assessment[] {
    const before = current.find((a) => a.indicator === key);
    const merged = next === null ? null : ({ ...before, ...next, indicator: key } as Assessment);
    const list = merged?.value ? [...current.filter((a) => a.indicator !== key), merged] : current.filter((a) => a.indicator !== key);
    const order = (a: Assessment) => indicators.findIndex((i) => i.key === a.indicator);
    return list.sort((a, b) => order(a) - order(b));
  }

  /** Reasoning typed and not saved yet, by indicator: saved a moment after typing stops, before a lock, and as the page goes away. */
  const unsaved = useRef(new Map<string, string>());
  const reasonTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  function saveReasons(): Promise<void> {
    clearTimeout(reasonTimer.current);
    reasonTimer.current = undefined;
    for (const [key, text] of unsaved.current) {
      if (latest.current.some((a) => a.indicator === key && (a.note ?? '') !== text.trim())) change(key, { note: text.trim() || undefined });
    }
    unsaved.current.clear();
    return saving.current;
  }
  useEffect(() => {
    const leaving = () => {
      if (!unsaved.current.size) return;
      let list = latest.current;
      for (const [key, text] of unsaved.current) if (list.some((a) => a.indicator === key)) list = withChange(list, key, { note: text.trim() || undefined });
      unsaved.current.clear();
      callAsPageLeaves('records.update', { id: hearing.id, patch: { indicators: list.length ? list : null } });
    };
    window.addEventListener('pagehide', leaving);
    const stopBeforeLock = beforeLock(saveReasons);
    return () => {
      window.removeEventListener('pagehide', leaving);
      stopBeforeLock();
      void saveReasons();
    };
    // Registered once per hearing; saveReasons reads the latest through refs.
  }, [hearing.id]);

  function change(key: string, next: Partial<Assessment> | null) {
    saving.current = saving.current.then(async () => {
      const list = withChange(latest.current, key, next);
      try {
        const updated = await call('records.update', { id: hearing.id, patch: { indicators: list.length ? list : null } });
        latest.current = viewOfType(updated, 'hearing').data.indicators ?? [];
        onHearingChanged(updated);
      } catch (err) {
        onError(messageOf(err));
      }
    });
  }

  const assessedCount = assessments.length;
  return (
    <details className="assessment" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('hearing.assess', { done: assessedCount, all: indicators.length })}</summary>
      {/* Drawn only while open: closed, it costs nothing as notes are typed. */}
      {open && (
        <ol className="assessment-list">
          {indicators.map((indicator) => {
            const words = indicatorText(indicator, i18n.language);
            const assessed = assessments.find((a) => a.indicator === indicator.key);
            const tagged = notes.filter((n) => !n.pending && n.data.indicators?.includes(indicator.key));
            const id = `assess-${indicator.key}`;
            const reason = reasons[indicator.key] ?? assessed?.note ?? '';
            return (
              <li key={indicator.key} className="assessment-row">
                <div className="assessment-form">
                  <h3 id={`${id}-label`}>
                    {words.label}
                    <small className="basis">{words.basis}</small>
                  </h3>
                  <label htmlFor={id}>{t('hearing.assessment')}</label>
                  <select id={id} value={assessed?.value ?? ''} onChange={(e) => change(indicator.key, e.target.value ? { value: e.target.value as Assessment['value'] } : null)}>
                    <option value="">{t('hearing.notAssessed')}</option>
                    {indicatorValues.map((v) => (
                      <option key={v} value={v}>
                        {t(`choices.${v}`)}
                      </option>
                    ))}
                  </select>
                  <label htmlFor={`${id}-reason`}>{t('hearing.reasoning')}</label>
                  <textarea
                    id={`${id}-reason`}
                    rows={2}
                    value={reason}
                    disabled={!assessed}
                    onChange={(e) => {
                      const text = e.target.value;
                      setReasons((r) => ({ ...r, [indicator.key]: text }));
                      unsaved.current.set(indicator.key, text);
                      clearTimeout(reasonTimer.current);
                      reasonTimer.current = setTimeout(() => void saveReasons(), 400);
                    }}
                    onBlur={() => void saveReasons()}
                  />
                </div>
                <div className="assessment-notes" aria-label={t('hearing.taggedWith', { indicator: words.label })}>
                  {tagged.length === 0 ? (
                    <p className="help">{t('hearing.noneTagged')}</p>
                  ) : (
                    <ul>
                      {tagged.map((n) => (
                        <li key={n.id}>
                          <time>{noteTime(n, zone)}</time> {n.data.text}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </details>
  );
}
