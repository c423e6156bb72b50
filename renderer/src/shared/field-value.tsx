import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dayInWords, fuzzyDateInWords } from '../../../db/shared/date-words.js';
import { isFuzzyDate } from '../../../db/shared/schema-parts.js';
import { indicatorText } from '../../../db/shared/vocabularies.js';
import { fieldTargets } from '../../../db/shared/reference-targets.js';
import { inSentence, languageName } from '../../../db/shared/language-names.js';
import { countryName } from '../../../db/shared/countries.js';
import { choiceWord } from '../../../db/shared/choice-words.js';
import { doubtfulPages, isOcrReading, ocrLanguageCodes, pageRanges, type OcrReading } from '../../../db/shared/ocr-reading.js';
import { useIndicators } from './use-indicators.js';
import { fieldLabel, fieldLabelFor } from './field-label.js';
import { RecordLink } from './record-link.js';

export { fieldLabel } from './field-label.js';

/** Any value of a record, readably: dates as written, lists as lists, nested details as nested lists. */
/** Fields whose values are fair-trial indicator keys, named from their own vocabulary (not the shared choices). */
const indicatorFields = new Set(['indicators', 'indicator']);
/** Fields whose values are record ids: shown as the record's type and title, opening it. */
const referenceFields = new Set(['target', ...Object.keys(fieldTargets)]);
const recordIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stored instant ("2026-12-07T10:38:48+06:00") as the clock where it was noted showed it: "7 December 2026, 10:38". */
const storedInstant = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

export function FieldValue({ value, field }: { value: unknown; field?: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const instant = typeof value === 'string' ? storedInstant.exec(value) : null;
  if (instant) return `${dayInWords(instant[1]!, i18n.language)}, ${instant[2]}`;
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? t('record.yes') : t('record.no');
  // Values from a fixed list (statuses, kinds) in the interface's language; anything else as written.
  if (typeof value === 'string' && field && referenceFields.has(field) && recordIdPattern.test(value)) return <RecordLink id={value} />;
  if (typeof value === 'string' && field === 'country' && /^[A-Za-z]{2}$/.test(value)) return countryName(value, i18n.language);
  if (typeof value === 'string' && (field === 'language' || field === 'lang') && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return languageName(value, i18n.language);
  if (typeof value === 'string' && field === 'publicity') return choiceWord(value, i18n.language, 'publicity');
  if (typeof value === 'string') return field && indicatorFields.has(field) ? <IndicatorName indicator={value} /> : t(`choices.${value}`, { defaultValue: value });
  if (typeof value !== 'object') return String(value);
  if (isFuzzyDate(value)) return fuzzyDateInWords(value, i18n.language);
  if (field === 'ocr' && isOcrReading(value)) return <OcrSummary reading={value} />;
  if (Array.isArray(value)) {
    return (
      <ul>
        {value.map((item, i) => (
          <li key={i}>
            <FieldValue value={item} field={field} />
          </li>
        ))}
      </ul>
    );
  }
  return <FieldList data={value as Record<string, unknown>} />;
}

/** What OCR read of a scan, in words: its pages and languages, how sure it was, which pages to check and which it turned. */
function OcrSummary({ reading }: { reading: OcrReading }) {
  const { t, i18n } = useTranslation();
  const languages = reading.languages.map((l) => inSentence(languageName(ocrLanguageCodes[l], i18n.language))).join(', ');
  const confidence = reading.pages.length ? Math.round(reading.pages.reduce((sum, p) => sum + p.confidence, 0) / reading.pages.length) : 0;
  const doubtful = doubtfulPages(reading);
  const turned = reading.pages.filter((p) => p.turned).map((p) => p.page);
  return (
    <>
      {t(reading.pages.length === 1 ? 'record.ocrReadPage' : 'record.ocrReadPages', { pages: pageRanges(reading.pages.map((p) => p.page)), languages, confidence })}
      {doubtful.length > 0 && <strong className="ocr-check"> {t(doubtful.length === 1 ? 'record.ocrCheckPage' : 'record.ocrCheckPages', { pages: pageRanges(doubtful) })}</strong>}
      {turned.length > 0 && ` ${t(turned.length === 1 ? 'record.ocrTurnedPage' : 'record.ocrTurnedPages', { pages: pageRanges(turned) })}`}
    </>
  );
}

/** A fair-trial indicator by its name in the interface's language, with its legal basis beside it. */
function IndicatorName({ indicator }: { indicator: string }) {
  const { i18n } = useTranslation();
  const found = useIndicators().find((i) => i.key === indicator);
  if (!found) return indicator;
  const words = indicatorText(found, i18n.language);
  return (
    <>
      {words.label}
      {words.basis && <span className="basis"> ({words.basis})</span>}
    </>
  );
}

/** Fields and their values; `type` names a record's own fields as its type does ("Full name"). */
export function FieldList({ data, type }: { data: Record<string, unknown>; type?: string }) {
  const entries = Object.entries(data).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return (
    <dl className="fields">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{type ? fieldLabelFor(type, key) : fieldLabel(key)}</dt>
          <dd>
            <FieldValue value={value} field={key} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
