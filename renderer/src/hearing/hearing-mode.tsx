import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayLocale } from '../i18n/setup-i18n.js';
import type { ResultOf } from '../../../db/service.js';
import { viewOfType } from '../../../db/shared/record-views.js';
import type { RecordData } from '../../../db/shared/schemas.js';
import { fairTrialIndicators, indicatorText } from '../../../db/shared/vocabularies.js';
import { setHearingOpen } from '../archive/idle-lock.js';
import { HearingAssessment } from './hearing-assessment.js';
import { NoteItem, noteTime, type ShownNote } from './note-item.js';
import { indicatorLabel, useIndicators } from '../shared/use-indicators.js';
import { DraftKeeper } from './draft-keeper.js';
import { openHearingRemembered, rememberHearingScreen, rememberOpenHearing } from './open-hearing.js';
import { beforeLock } from '../archive/before-lock.js';
import { call } from '../shared/contract-client.js';
import { Notices, messageOf } from '../shared/notices.js';
import { dateInZone, elapsedSince, instantAt, instantInZone, localDate, localZone } from './hearing-clock.js';

type RecordView = ResultOf<'records.get'>;
type NoteData = RecordData<'note'>;
/** The note saved last, from the moment Enter was pressed: its id once the archive has it (null if the save failed), and its indicators as the tag keys left them. */
type LastNote = { id: Promise<string | null>; indicators: string[] };

/** How long after a note is saved (or tagged) a plain digit tags it rather than starting the next note. */
export const tagWindowMs = 2500;

/** How long a save may take before the note is shown as being saved. */
const pendingAfterMs = 30;

/** Keys 1–9 tag the last note with the first nine fair-trial indicators, in this order. */
export const indicatorKeys = fairTrialIndicators.slice(0, 9).map((i) => i.key);

/** The quick buttons: a note in one press, and the hearing record updated to match. */
const quickNotes = [
  { key: 'accessRefused', tag: 'access-refused', indicator: 'public-hearing', hearing: { access: { status: 'refused' } } },
  { key: 'closedHearing', tag: 'closed-hearing', indicator: 'public-hearing', hearing: { publicity: 'closed' } },
  { key: 'interpreterMissing', tag: 'interpreter-missing', indicator: 'interpreter', hearing: { interpretation: { provided: 'no' } } },
  { key: 'tortureAllegation', tag: 'torture-allegation', indicator: 'torture-evidence-excluded', hearing: null },
] as const;

/**
 * The courtroom screen: pick or create the trial and the hearing, then type. Enter saves a
 * timestamped note at once (Shift+Enter is a new line); what is being typed is kept in the
 * encrypted archive as a draft, so a crash or forced quit loses nothing.
 */
export function HearingMode({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const [trials, setTrials] = useState<ResultOf<'records.list'>['records']>([]);
  const [trialId, setTrialId] = useState('');
  const [newTrialTitle, setNewTrialTitle] = useState('');
  const [hearings, setHearings] = useState<RecordView[]>([]);
  const [hearing, setHearingShown] = useState<RecordView | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The hearing open before a reload or a lock, until its trial's hearings are listed. */
  const reopening = useRef(openHearingRemembered());

  const setHearing = useCallback((next: RecordView | null) => {
    setHearingShown(next);
    if (next || !reopening.current) rememberOpenHearing(next?.id ?? null);
  }, []);

  // Shown: a reload or an unlock comes back to this screen.
  useEffect(() => rememberHearingScreen(true), []);

  useEffect(() => {
    const id = reopening.current;
    if (!id) return;
    call('records.get', { id })
      .then((found) => {
        const trial = found.type === 'hearing' ? found.data.trial : undefined;
        if (trial) setTrialId(trial);
        else reopening.current = null;
      })
      .catch(() => {
        // Deleted or never synced here: the observer picks a hearing as usual.
        reopening.current = null;
        rememberOpenHearing(null);
      });
  }, []);

  useEffect(() => {
    void (async () => {
      const { records } = await call('records.list', { type: 'trial', sort: 'newest', limit: 500, count: false });
      setTrials(records);
    })().catch((err: unknown) => setError(messageOf(err)));
  }, []);

  useEffect(() => {
    setHearing(null);
    if (!trialId || trialId === 'new') return setHearings([]);
    call('records.children', { parent: trialId, type: 'hearing' })
      .then((found) => {
        setHearings([...found].reverse());
        const reopened = found.find((h) => h.id === reopening.current);
        reopening.current = null;
        if (reopened) setHearing(reopened);
      })
      .catch((err: unknown) => setError(messageOf(err)));
  }, [trialId, setHearing]);

  async function createTrial() {
    try {
      const trial = await call('records.create', { type: 'trial', data: { title: newTrialTitle.trim(), status: 'ongoing' } });
      setTrials((list) => [{ id: trial.id, type: 'trial', title: String(trial.data.title), conflict: false, createdAt: trial.createdAt, updatedAt: trial.updatedAt }, ...list]);
      setNewTrialTitle('');
      setTrialId(trial.id);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function startHearing() {
    const now = new Date();
    const trial = trials.find((x) => x.id === trialId);
    try {
      const created = await call('records.create', {
        type: 'hearing',
        data: {
          // The date as people write it ("7 December 2026"), in the observer's language: a title is read, not parsed.
          title: `${trial?.title ?? t('types.hearing')} — ${now.toLocaleDateString(displayLocale(i18n.language), { day: 'numeric', month: 'long', year: 'numeric' })}`,
          trial: trialId,
          date: localDate(now),
          // To the second, so the time since it began is right from the first second.
          start: instantInZone(now, undefined).slice(11, 19),
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        },
      });
      setHearings((list) => [created, ...list]);
      setHearing(created);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <section className={hearing ? 'hearing-mode in-hearing' : 'hearing-mode'} aria-labelledby="hearing-mode-title">
      <h1 id="hearing-mode-title">{t('hearing.title')}</h1>
      <Notices error={error} />
      {/* Once a hearing is open the pickers take one line, so the notes just typed stay in view on a small screen. */}
      <div className={hearing ? 'hearing-pickers compact' : 'hearing-pickers'}>
        <label>
          {t('hearing.pickTrial')}
          <select id="hearing-trial" value={trialId} onChange={(e) => setTrialId(e.target.value)}>
            <option value="">{t('form.choose')}</option>
            {trials.map((trial) => (
              <option key={trial.id} value={trial.id}>
                {trial.title}
              </option>
            ))}
            <option value="new">{t('hearing.newTrial')}</option>
          </select>
        </label>
        {trialId === 'new' && (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void createTrial();
            }}
          >
            <label>
              {t('hearing.trialTitle')}
              <input value={newTrialTitle} onChange={(e) => setNewTrialTitle(e.target.value)} required autoFocus />
            </label>
            <button type="submit" disabled={!newTrialTitle.trim()}>
              {t('hearing.createTrial')}
            </button>
          </form>
        )}
        {trialId && trialId !== 'new' && (
          <>
            <label>
              {t('hearing.pickHearing')}
              <select id="hearing-pick" value={hearing?.id ?? ''} onChange={(e) => setHearing(hearings.find((h) => h.id === e.target.value) ?? null)}>
                <option value="">{t('form.choose')}</option>
                {hearings.map((h) => (
                  <option key={h.id} value={h.id}>
                    {String(h.data.title)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className={hearing ? 'secondary' : undefined} onClick={() => void startHearing()}>
              {t('hearing.newHearing')}
            </button>
          </>
        )}
      </div>
      {hearing && <Courtroom key={hearing.id} hearing={hearing} onOpen={onOpen} onHearingChanged={setHearing} />}
    </section>
  );
}

/**
 * The courtroom's clock, and the laptop's when the hearing is held in another time zone, with
 * the time since the hearing began. Read from the wall clock at every tick and at once when the
 * laptop wakes or the window comes back, so a sleep never leaves it showing the wrong time.
 */
export function HearingClock({ start, day, zone }: { start: string | undefined; day: string; zone: string | undefined }) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const tick = () => setNow(new Date());
    const timer = setInterval(tick, 1000);
    const woke = () => void (document.visibilityState === 'visible' && tick());
    document.addEventListener('visibilitychange', woke);
    window.addEventListener('focus', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', woke);
      window.removeEventListener('focus', tick);
    };
  }, []);
  const locale = displayLocale(i18n.language);
  const elapsed = elapsedSince(start, now, day, zone);
  const otherZone = zone && zone !== localZone() ? zone : undefined;
  return (
    <p className="hearing-clock" aria-label={t('hearing.clock')}>
      <time>{now.toLocaleTimeString(locale, otherZone ? { timeZone: otherZone } : {})}</time>
      {otherZone && <span className="zone-time"> {t('hearing.otherZone', { zone: otherZone, time: now.toLocaleTimeString(locale) })}</span>}
      {elapsed && <span className="elapsed"> +{elapsed}</span>}
    </p>
  );
}

function Courtroom({ hearing, onOpen, onHearingChanged }: { hearing: RecordView; onOpen: (id: string) => void; onHearingChanged: (h: RecordView) => void }) {
  const { t, i18n } = useTranslation();
  const [notes, setNotes] = useState<ShownNote[]>([]);
  const [text, setText] = useState('');
  /** Paper mode: notes typed later from paper, each with the time it happened, typed for it. */
  const [reconstructed, setReconstructed] = useState(false);
  const [observedTime, setObservedTime] = useState('');
  const paperTime = useRef<HTMLInputElement>(null);
  const [restored, setRestored] = useState(false);
  const [tagged, setTagged] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const [draft] = useState(() => new DraftKeeper(`hearing:${hearing.id}`));
  /** The field's text as last typed or set, for what runs between renders. */
  const typed = useRef('');
  const data = viewOfType(hearing, 'hearing').data;
  // Times are the courtroom's: on the hearing's time zone's clocks, whatever the laptop's zone.
  const zone = data.timeZone;
  const day = data.date?.start ?? dateInZone(new Date(), zone);
  const indicators = useIndicators();
  /** The note withdrawn last, until it is put back or another is withdrawn. */
  const [withdrawn, setWithdrawn] = useState<ShownNote | null>(null);

  useEffect(() => {
    setHearingOpen(true);
    return () => setHearingOpen(false);
  }, []);

  useEffect(() => {
    void (async () => {
      const [found, kept] = await Promise.all([call('records.children', { parent: hearing.id, type: 'note' }), call('drafts.get', { key: draft.key })]);
      const shown = found.map((n) => ({ id: n.id, data: viewOfType(n, 'note').data })).reverse();
      setNotes(shown);
      // Alt+digit tags the newest note from before, until a note is saved here.
      if (!lastNote.current && shown[0]) lastNote.current = { id: Promise.resolve(shown[0].id), indicators: [...(shown[0].data.indicators ?? [])] };
      // Typed before the draft arrived: what is in the field wins.
      if (kept?.text && !typed.current) {
        typed.current = kept.text;
        setText(kept.text);
        setRestored(true);
      }
    })().catch((err: unknown) => setError(messageOf(err)));
  }, [hearing.id, draft]);

  useEffect(() => {
    const leaving = () => draft.flushAsPageLeaves();
    const hidden = () => void (document.visibilityState === 'hidden' && leaving());
    window.addEventListener('pagehide', leaving);
    document.addEventListener('visibilitychange', hidden);
    // Locking from this page (the button, Ctrl+Shift+L, idle) waits for the draft typed a moment ago.
    const stopBeforeLock = beforeLock(() => draft.flush());
    return () => {
      stopBeforeLock();
      window.removeEventListener('pagehide', leaving);
      document.removeEventListener('visibilitychange', hidden);
      // Another hearing opened, or another screen: the draft is written, not dropped.
      void draft.flush();
    };
  }, [draft]);

  /** The field's text, set by typing or by the page, kept as the draft. */
  function fieldIs(value: string) {
    typed.current = value;
    setText(value);
    draft.typed(value);
  }

  /**
   * Saves a note. What a tag key needs is settled before the save is sent: the note becomes the
   * last note at once, and tags typed while its save is on its way wait for its id (a failed
   * save drops them), so a slow archive never sends a tag to the note before.
   */
  function saveNote(noteText: string, extra: Partial<NoteData> = {}): Promise<boolean> {
    const now = new Date();
    const observedAt = reconstructed ? instantAt(day, observedTime, now, zone) : instantInZone(now, zone);
    const data: Partial<NoteData> = {
      text: noteText,
      hearing: hearing.id,
      observedAt,
      recordedAt: instantInZone(now, zone),
      sourceKind: 'seen-directly',
      ...(reconstructed ? { flags: { reconstructedFromPaper: true } } : {}),
      ...extra,
    };
    const temporary = `pending-${now.getTime()}-${Math.random()}`;
    let settle: (id: string | null) => void = () => undefined;
    lastNote.current = { id: new Promise((resolve) => (settle = resolve)), indicators: [...(data.indicators ?? [])] };
    tagWindowFrom.current = Date.now();
    // Drawn at once as being saved only when the archive is slow to answer: usually the saved
    // note arrives within a frame or two, and is drawn once, in its place on top.
    const showPending = setTimeout(() => setNotes((list) => [{ id: temporary, data, pending: true }, ...list]), pendingAfterMs);
    const entry = {
      text: noteText,
      ...(extra.indicators ? { indicators: extra.indicators } : {}),
      ...(extra.tags ? { tags: extra.tags } : {}),
      ...(reconstructed ? { at: observedTime, reconstructed: true } : {}),
    };
    // The engine stamps and checks the note, as it does for notes typed at the command line.
    return call('hearing.notes', { hearing: hearing.id, notes: [entry] }).then(
      (saved) => {
        clearTimeout(showPending);
        const created = viewOfType(saved[0]!, 'note');
        // Drawn while being saved: the same list item (kept under its key), now saved; else drawn now, on top.
        const shown = { id: created.id, key: temporary, data: created.data };
        setNotes((list) => (list.some((n) => n.id === temporary) ? list.map((n) => (n.id === temporary ? shown : n)) : [shown, ...list]));
        settle(created.id);
        return true;
      },
      (err: unknown) => {
        clearTimeout(showPending);
        setNotes((list) => list.filter((n) => n.id !== temporary));
        setError(t('hearing.saveFailed', { reason: messageOf(err) }));
        settle(null);
        return false;
      },
    );
  }

  /** In paper mode a note needs its own time: saving at the time of the note before, or at the clock's, would record the wrong thing. */
  function paperTimeMissing(): boolean {
    if (!reconstructed || observedTime) return false;
    setError(t('hearing.paperTimeNeeded'));
    paperTime.current?.focus();
    return true;
  }

  function startPaperMode(on: boolean) {
    setReconstructed(on);
    setObservedTime('');
    setError(null);
    if (on) setTimeout(() => paperTime.current?.focus());
    else field.current?.focus();
  }

  function submit(fieldText: string) {
    const noteText = fieldText.trim();
    if (!noteText || paperTimeMissing()) return;
    typed.current = '';
    setText('');
    setRestored(false);
    setError(null);
    setTagged(null);
    const fromPaper = reconstructed;
    void saveNote(noteText).then((saved) => {
      if (!saved) {
        // Put back in front of anything typed since, so nothing typed is lost.
        fieldIs(typed.current ? `${noteText}\n${typed.current}` : noteText);
        return;
      }
      // The draft held the note until it was saved; now it holds what was typed since, if anything.
      draft.typed(typed.current);
      // Paper mode stays on, visibly, but the next note's time is typed afresh.
      if (fromPaper) {
        setObservedTime('');
        paperTime.current?.focus();
      }
    });
  }

  /** The note the tag keys apply to: set when Enter is pressed, not when the archive answers. */
  const lastNote = useRef<LastNote | null>(null);
  /** When the last note was saved or tagged: a plain digit tags it for tagWindowMs after. */
  const tagWindowFrom = useRef(0);
  /** Tags are applied one after another, in the order the keys were pressed. */
  const tagging = useRef<Promise<void>>(Promise.resolve());

  const known = useRef(indicators);
  known.current = indicators;

  const noteChanged = useCallback((id: string, data: NoteData) => setNotes((list) => list.map((n) => (n.id === id ? { ...n, data } : n))), []);

  /** A withdrawn note leaves the list (its history keeps it); tag keys no longer reach it. */
  const noteWithdrawn = useCallback((note: ShownNote) => {
    setNotes((list) => list.filter((n) => n.id !== note.id));
    setWithdrawn(note);
    const last = lastNote.current;
    if (last) void last.id.then((id) => id === note.id && lastNote.current === last && (lastNote.current = null));
  }, []);

  async function putBack() {
    if (!withdrawn) return;
    try {
      const restored = viewOfType(await call('records.restore', { id: withdrawn.id }), 'note');
      setNotes((list) => [...list, { id: restored.id, data: restored.data }].sort((a, b) => b.id.localeCompare(a.id)));
      setWithdrawn(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  function toggleIndicator(indicator: string) {
    const target = lastNote.current;
    if (!target) return;
    tagging.current = tagging.current.then(async () => {
      const id = await target.id;
      if (!id) return;
      const indicators = target.indicators.includes(indicator) ? target.indicators.filter((i) => i !== indicator) : [...target.indicators, indicator];
      try {
        const updated = viewOfType(await call('records.update', { id, patch: { indicators: indicators.length ? indicators : null } }), 'note').data;
        target.indicators = updated.indicators ?? [];
        // Which note, by its time: after a later note is saved untagged, this says it was not that one.
        setTagged(
          t(indicators.includes(indicator) ? 'hearing.tagged' : 'hearing.untagged', {
            indicator: indicatorLabel(known.current, indicator, i18n.language),
            time: noteTime({ id, data: updated }, zone),
          }),
        );
        setNotes((list) => list.map((n) => (n.id === id ? { id, data: updated } : n)));
      } catch (err) {
        setError(messageOf(err));
      }
    });
  }

  async function quickNote(quick: (typeof quickNotes)[number]) {
    if (paperTimeMissing()) return;
    if ((await saveNote(t(`hearing.${quick.key}`), { tags: [quick.tag], indicators: [quick.indicator] })) && reconstructed) setObservedTime('');
    if (quick.hearing) {
      try {
        onHearingChanged(await call('records.update', { id: hearing.id, patch: quick.hearing }));
      } catch (err) {
        setError(messageOf(err));
      }
    }
    field.current?.focus();
  }

  /** Alt+1–9 from anywhere in the courtroom (the paper time, a button): the note field handles its own keys. */
  function onCourtroomKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
    if (!digit || !event.altKey || event.defaultPrevented || event.target === field.current) return;
    event.preventDefault();
    tagWindowFrom.current = Date.now();
    toggleIndicator(indicatorKeys[Number(digit) - 1]!);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit(event.currentTarget.value);
      return;
    }
    // A digit tags the last note right after it is saved or tagged, while the field is still
    // empty; later a digit starts the next note ("10:40 …", "3 witnesses …"). Alt+digit always tags.
    const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
    // The field as it is at this keypress, not as the last render saw it.
    const fieldEmpty = event.currentTarget.value === '';
    const justSaved = Date.now() - tagWindowFrom.current < tagWindowMs;
    if (digit && (event.altKey || (fieldEmpty && justSaved && !event.ctrlKey && !event.metaKey))) {
      event.preventDefault();
      tagWindowFrom.current = Date.now();
      toggleIndicator(indicatorKeys[Number(digit) - 1]!);
    }
  }

  return (
    <div className={reconstructed ? 'courtroom paper' : 'courtroom'} onKeyDown={onCourtroomKeyDown}>
      <header className="courtroom-head">
        <h2>
          <button type="button" className="link" onClick={() => onOpen(hearing.id)}>
            {String(data.title)}
          </button>
        </h2>
        <HearingClock start={day === dateInZone(new Date(), zone) ? data.start : undefined} day={day} zone={zone} />
      </header>
      {restored && (
        <p className="notice" role="status">
          {t('hearing.draftKept')}
        </p>
      )}
      <Notices error={error} />
      {reconstructed && (
        <div className="paper-mode">
          <strong role="status">{observedTime ? t('hearing.paperMode', { time: observedTime }) : t('hearing.paperModeNoTime')}</strong>
          <label>
            {t('hearing.observedAt')}
            <input
              ref={paperTime}
              type="time"
              value={observedTime}
              onChange={(e) => setObservedTime(e.target.value)}
              onKeyDown={(e) => {
                // Time, Enter, note, Enter: the next paper note follows without the mouse.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  field.current?.focus();
                }
              }}
              required
            />
          </label>
          <button type="button" onClick={() => startPaperMode(false)}>
            {t('hearing.backToLive')}
          </button>
        </div>
      )}
      <label htmlFor="hearing-note">{t('hearing.note')}</label>
      <textarea
        id="hearing-note"
        ref={field}
        className="note-field"
        rows={4}
        autoFocus
        value={text}
        aria-describedby="hearing-note-help"
        onChange={(e) => {
          fieldIs(e.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      <p id="hearing-note-help" className="help">
        {t('hearing.noteHelp')}
      </p>
      {tagged && (
        <p className="help" role="status">
          {tagged}
        </p>
      )}
      <div className="note-options">
        <label className="check">
          <input type="checkbox" role="switch" checked={reconstructed} onChange={(e) => startPaperMode(e.target.checked)} />
          {t('hearing.reconstructed')}
        </label>
      </div>
      <div className="quick" role="group" aria-label={t('hearing.quick')}>
        {quickNotes.map((quick) => (
          <button type="button" key={quick.key} onClick={() => void quickNote(quick)}>
            {t(`hearing.${quick.key}`)}
          </button>
        ))}
      </div>
      <details className="indicator-keys">
        <summary>{t('hearing.indicators')}</summary>
        <ol>
          {indicators.slice(0, indicatorKeys.length).map((indicator, i) => {
            const words = indicatorText(indicator, i18n.language);
            return (
              <li key={indicator.key}>
                <button type="button" className="link tag-key" aria-label={t('hearing.tagWith', { indicator: words.label })} onClick={() => toggleIndicator(indicator.key)}>
                  <kbd>{i + 1}</kbd> {words.label}
                </button>{' '}
                <span className="basis">({words.basis})</span>
                <small className="explanation">{words.explanation}</small>
              </li>
            );
          })}
        </ol>
      </details>
      <HearingAssessment hearing={hearing} notes={notes} indicators={indicators} zone={zone} onHearingChanged={onHearingChanged} onError={setError} />
      {withdrawn && (
        <p className="notice" role="status">
          {t('hearing.withdrawn', { text: withdrawn.data.text ?? '' })}{' '}
          <button type="button" className="link" onClick={() => void putBack()}>
            {t('hearing.putBack')}
          </button>
        </p>
      )}
      <p className="count" role="status">
        {t('hearing.notes', { count: notes.length })}
      </p>
      {notes.length === 0 && <p className="help">{t('hearing.noNotes')}</p>}
      <ol className="notes" aria-label={t('hearing.notes', { count: notes.length })}>
        {notes.map((note) => (
          <NoteItem
            key={note.key ?? note.id}
            note={note}
            zone={zone}
            indicators={indicators}
            onChanged={noteChanged}
            onWithdrawn={noteWithdrawn}
            onOpen={onOpen}
            onError={setError}
          />
        ))}
      </ol>
    </div>
  );
}
