import { useTranslation } from 'react-i18next';
import { fuzzyDateInWords } from '../../../db/shared/date-words.js';
import type { RecordData } from '../../../db/shared/schemas.js';
import type { FuzzyDate } from '../../../db/shared/schema-parts.js';

interface Step {
  date: FuzzyDate | undefined;
  what: string;
  detail?: string | undefined;
}

/** Sorts by the date each step starts on; undated steps keep their place after the dated ones. */
function byDate(a: Step, b: Step): number {
  const key = (s: Step) => s.date?.start ?? s.date?.end ?? '9999';
  return key(a).localeCompare(key(b));
}

/**
 * A UN communication as it went: submitted, transmitted to the government, each reply, the
 * opinion adopted, each follow-up, in date order, each date as it was written.
 */
export function CaseTimeline({ data }: { data: RecordData<'case'> }) {
  const { t, i18n } = useTranslation();
  const steps = (
    [
      { date: data.submitted, what: t('caseTimeline.submitted') },
      { date: data.transmitted, what: t('caseTimeline.transmitted') },
      ...(data.replies ?? []).map((r) => ({ date: r.date, what: t('caseTimeline.reply', { from: r.from }), detail: r.summary })),
      { date: data.adopted, what: t('caseTimeline.adopted', { number: data.opinionNumber ?? '' }).trim() },
      ...(data.followUp ?? []).map((f) => ({ date: f.date, what: t('caseTimeline.followUp'), detail: f.action })),
    ] as Step[]
  ).filter((s) => s.date || s.detail);
  if (!steps.length) return null;
  return (
    <section className="case-timeline" aria-labelledby="case-timeline-title">
      <h2 id="case-timeline-title">{t('caseTimeline.title')}</h2>
      <ol>
        {steps.sort(byDate).map((step, i) => (
          <li key={i}>
            <span className="when">{step.date ? fuzzyDateInWords(step.date, i18n.language) : t('caseTimeline.undated')}</span> <strong>{step.what}</strong>
            {step.detail && <p className="detail">{step.detail}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
