import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultOf } from '../../../db/service.js';
import { choiceWord } from '../../../db/shared/choice-words.js';
import { countryName } from '../../../db/shared/countries.js';
import { fuzzyDateInWords } from '../../../db/shared/date-words.js';
import { viewOfType } from '../../../db/shared/record-views.js';
import { indicatorText } from '../../../db/shared/vocabularies.js';
import { call, saveTrialReport } from '../shared/contract-client.js';
import { Notices, messageOf } from '../shared/notices.js';
import { DisputedAccounts, hasDisputedArrests } from './disputed-accounts.js';

type Overview = ResultOf<'trial.overview'>;
type Language = 'en' | 'ru';

/** The trial's fields this page lays out itself; the rest are listed as on any record. */
export const fieldsShownByTrialOverview = ['caseNumber', 'court', 'venue', 'judges', 'prosecutors', 'defendants', 'counsel', 'charges', 'status', 'opened', 'country'];

const tones: Record<string, string> = { violated: 'tone-violated', concern: 'tone-concern', respected: 'tone-respected' };

/**
 * A trial as a coordinator reads it: the court and the people in it (defendants link to their
 * records by name), the charges, the hearings in order, each fair-trial right across the
 * hearings, the facts the parties tell differently, and the draft report.
 */
export function TrialOverview({ id, title, onOpen }: { id: string; title: string; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.language.startsWith('ru') ? 'ru' : 'en';
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    call('trial.overview', { trial: id })
      .then((found) => current && setOverview(found))
      .catch((err: unknown) => current && setError(messageOf(err)));
    return () => {
      current = false;
    };
  }, [id]);

  if (!overview) return <Notices error={error} />;
  const trial = viewOfType(overview.trial, 'trial').data;
  const hearings = overview.hearings.map((h) => ({ ...h, data: viewOfType(h.hearing, 'hearing').data }));
  const dayOf = (h: (typeof hearings)[number]) => fuzzyDateInWords(h.data.date, language) || String(h.data.title);
  // Two hearings on one day are told apart by the time each began.
  const dateOf = (h: (typeof hearings)[number]) => (h.data.start && hearings.filter((o) => dayOf(o) === dayOf(h)).length > 1 ? `${dayOf(h)}, ${h.data.start}` : dayOf(h));
  const choice = (value: string | undefined) => (value ? t(`choices.${value}`, { defaultValue: value }) : '');
  const facts: [string, string][] = [
    [t('trial.caseNumber'), trial.caseNumber ?? ''],
    [t('trial.court'), trial.court ?? ''],
    [t('trial.venue'), trial.venue ?? ''],
    [t('trial.judges'), (trial.judges ?? []).join('; ')],
    [t('trial.prosecutors'), (trial.prosecutors ?? []).join('; ')],
    [t('trial.counsel'), (trial.counsel ?? []).join('; ')],
    [t('trial.status'), choice(trial.status)],
    [t('trial.opened'), fuzzyDateInWords(trial.opened, language)],
    [t('trial.country'), trial.country ? countryName(trial.country, language) : ''],
  ];
  const assessedOrTagged = overview.indicators.filter((i) => hearings.some((h) => h.data.indicators?.some((a) => a.indicator === i.key) || h.tagged[i.key]));
  const disputed = overview.defendants.filter((d) => d.detainee && hasDisputedArrests(d.detainee.data));

  return (
    <div className="trial-overview">
      <Notices error={error} />
      <dl className="fields">
        {facts
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>

      <h2>{t('trial.defendants')}</h2>
      {overview.defendants.length === 0 ? (
        <p className="help">{t('trial.noDefendants')}</p>
      ) : (
        <ul className="defendants">
          {overview.defendants.map((d, i) => (
            <li key={i}>
              {d.detainee ? (
                <button type="button" className="link" onClick={() => onOpen(d.detainee!.id)}>
                  {d.name}
                </button>
              ) : (
                d.name
              )}
              {d.counsel.length > 0 && <span className="meta"> — {t('trial.counselOf', { names: d.counsel.join(', ') })}</span>}
            </li>
          ))}
        </ul>
      )}

      {(trial.charges?.length ?? 0) > 0 && (
        <>
          <h2>{t('trial.charges')}</h2>
          <ul className="charges">
            {trial.charges!.map((c, i) => (
              <li key={i}>
                {[c.code, c.article && t('trial.article', { article: c.article }), c.part && t('trial.part', { part: c.part }), c.item && t('trial.item', { item: c.item })]
                  .filter(Boolean)
                  .join(', ') || c.citation}
                {c.description ? ` — ${c.description}` : ''}
                {c.date ? ` (${fuzzyDateInWords(c.date, language)})` : ''}
                {c.status && <span className="badge">{choice(c.status)}</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t('trial.hearings')}</h2>
      {hearings.length === 0 ? (
        <p className="help">{t('trial.noHearings')}</p>
      ) : (
        <div className="table-scroll">
          <table className="hearings-timeline">
            <thead>
              <tr>
                <th scope="col">{t('trial.date')}</th>
                <th scope="col">{t('trial.access')}</th>
                <th scope="col">{t('trial.publicity')}</th>
                <th scope="col">{t('trial.interpretation')}</th>
                <th scope="col">{t('trial.notes')}</th>
              </tr>
            </thead>
            <tbody>
              {hearings.map((h) => (
                <tr key={h.hearing.id}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => onOpen(h.hearing.id)}>
                      {dateOf(h)}
                    </button>
                  </th>
                  <td className={h.data.access?.status === 'refused' ? 'tone-violated' : undefined}>{choice(h.data.access?.status)}</td>
                  <td className={h.data.publicity === 'closed' ? 'tone-violated' : undefined}>{h.data.publicity ? choiceWord(h.data.publicity, language, 'publicity') : ''}</td>
                  <td>{choice(h.data.interpretation?.provided)}</td>
                  <td className="number">{h.notes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('trial.matrix')}</h2>
      {assessedOrTagged.length === 0 ? (
        <p className="help">{t('trial.noAssessments')}</p>
      ) : (
        <div className="table-scroll">
          <table className="indicator-matrix">
            <thead>
              <tr>
                <th scope="col">{t('trial.right')}</th>
                {hearings.map((h) => (
                  <th scope="col" key={h.hearing.id}>
                    {dateOf(h)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {assessedOrTagged.map((indicator) => {
                const words = indicatorText(indicator, language);
                return (
                  <tr key={indicator.key}>
                    <th scope="row">
                      {words.label}
                      <small className="basis">{words.basis}</small>
                    </th>
                    {hearings.map((h) => {
                      const assessed = h.data.indicators?.find((a) => a.indicator === indicator.key);
                      const tagged = h.tagged[indicator.key] ?? 0;
                      return (
                        <td key={h.hearing.id} className={assessed ? tones[assessed.value] : undefined} title={assessed?.note}>
                          {assessed ? choice(assessed.value) : ''}
                          {tagged > 0 && <small className="tagged">{t('trial.taggedNotes', { count: tagged })}</small>}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('trial.disputed')}</h2>
      {disputed.length === 0 ? (
        <p className="help">{t('trial.noDisputed')}</p>
      ) : (
        disputed.map((d) => (
          <section key={d.detainee!.id} aria-label={d.name}>
            <h3>{d.name}</h3>
            <DisputedAccounts titled={false} arrests={(d.detainee!.data as { arrests: Record<string, unknown>[] }).arrests} />
          </section>
        ))
      )}

      <TrialReportActions trial={{ id, title }} />
    </div>
  );
}

function TrialReportActions({ trial }: { trial: { id: string; title: string } }) {
  const { t, i18n } = useTranslation();
  const [language, setLanguage] = useState<Language>(i18n.language.startsWith('ru') ? 'ru' : 'en');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function save(format: 'docx' | 'html' | 'pdf') {
    setDone(null);
    setError(null);
    // The report leaves the archive unencrypted: the user says yes to that each time, as for an export.
    if (!window.confirm(t('sync.exportWarning'))) return;
    setBusy(true);
    try {
      const saved = await saveTrialReport(trial, format, language);
      if (saved) setDone(t('trial.reportSaved', { file: saved }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="trial-report" aria-labelledby="trial-report-title">
      <h2 id="trial-report-title">{t('trial.report')}</h2>
      <p className="help">{t('trial.reportHelp')}</p>
      <div className="report-actions">
        <label>
          {t('trial.reportLanguage')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            <option value="en">English</option>
            <option value="ru">Русский</option>
          </select>
        </label>
        <button type="button" disabled={busy} onClick={() => void save('docx')}>
          {t('trial.reportDocx')}
        </button>
        <button type="button" disabled={busy} onClick={() => void save('pdf')}>
          {t('trial.reportPdf')}
        </button>
        <button type="button" disabled={busy} onClick={() => void save('html')}>
          {t('trial.reportHtml')}
        </button>
      </div>
      {busy && <p role="status">{t('trial.reportMaking')}</p>}
      <Notices error={error} status={done} />
    </section>
  );
}
