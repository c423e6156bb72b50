import { choiceWord } from '../shared/choice-words.js';
import { languageName } from '../shared/language-names.js';
import { countryName } from '../shared/countries.js';
import { dayInWords, fuzzyDateInWords } from '../shared/date-words.js';
import { fieldWord } from '../shared/field-words.js';
import type { RecordView } from '../shared/record-views.js';
import { isFuzzyDate } from '../shared/schema-parts.js';
import type { RecordData } from '../shared/schemas.js';
import { enTypes, ruTypes } from '../shared/type-words.js';
import type { SearchHit } from '../search/search-results.js';

/**
 * Self-contained, printable HTML: one file, styles inline, no script, no image or font to
 * fetch, so it opens the same offline, in a browser or printed to PDF. Written for people, in
 * the interface's language: fields by their names, values in words, records by their titles,
 * dates as the language writes them; no record id, field name or ISO time.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export type ExportLanguage = 'en' | 'ru';

const en = {
  exported: (date: string) => `Exported from Vigil on ${date}.`,
  notEncrypted: 'This file is <strong>not encrypted</strong>: anyone who holds it can read it.',
  contents: 'Contents',
  records: (n: number) => `Vigil export: ${n} records`,
  changed: (date: string) => `last changed ${date}`,
  conflict: 'has conflicting versions',
  detaineeProfile: 'Detainee profile',
  trialReport: 'Trial observation report',
  otherDetails: 'Other details',
  sources: 'Sources',
  otherNames: 'Other names',
  born: 'Born',
  accordingTo: 'According to',
  date: 'Date',
  whatHappened: 'What happened',
  source: 'Source',
  page: 'p.',
  paragraph: 'para.',
  section: 'section',
  search: (q: string) => `Search: ${q}`,
  found: (total: number, shown: number) => `${total} record${total === 1 ? '' : 's'} found${shown < total ? `; the first ${shown} are listed` : ''}.`,
  yes: 'yes',
  no: 'no',
  types: enTypes,
};

const ru: typeof en = {
  // The date ends with "г.": no second full stop.
  exported: (date) => `Выгружено из Vigil ${date}`,
  notEncrypted: 'Этот файл <strong>не зашифрован</strong>: его может прочитать любой, у кого он окажется.',
  contents: 'Содержание',
  records: (n) => `Выгрузка Vigil: записей — ${n}`,
  changed: (date) => `изменено ${date}`,
  conflict: 'есть расходящиеся версии',
  detaineeProfile: 'Профиль задержанного',
  trialReport: 'Отчёт о наблюдении за процессом',
  otherDetails: 'Другие сведения',
  sources: 'Источники',
  otherNames: 'Другие имена',
  born: 'Родился(ась)',
  accordingTo: 'По версии',
  date: 'Дата',
  whatHappened: 'Что произошло',
  source: 'Источник',
  page: 'с.',
  paragraph: 'п.',
  section: 'раздел',
  search: (q) => `Поиск: ${q}`,
  found: (total, shown) => `Найдено записей: ${total}${shown < total ? `; показаны первые ${shown}` : ''}.`,
  yes: 'да',
  no: 'нет',
  types: ruTypes,
};

export const exportWords = (language: ExportLanguage) => (language === 'ru' ? ru : en);

/** What an export page needs besides the records: its language, and a record's title by id (for links, sources). */
export interface ExportContext {
  language: ExportLanguage;
  titleOf: (id: string) => string | undefined;
  /** A defined type's name in the export's language. */
  typeName?: (type: string) => string;
  /** A record's defined values in words: facts by label, and each repeating group's entries. */
  definedOf?: (type: string, defined: unknown) => { facts: [string, string][]; groups: { label: string; entries: string[] }[] };
}

const style = `
body{font:15px/1.5 "Noto Sans","DejaVu Sans",Arial,sans-serif;color:#1b1f24;max-width:58rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid #ccd}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}h4{font-size:1rem;margin:1rem 0 .3rem}
.plain{border:1px solid #b54;background:#fdf3f1;padding:.4rem .7rem;font-size:.9rem;margin-bottom:1.2rem}
.meta{color:#555;font-size:.9rem}dl{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.2rem 1rem;margin:.4rem 0}dt{color:#444;font-weight:600}dd{margin:0;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}th,td{border:1px solid #ccd;padding:.25rem .45rem;text-align:left;vertical-align:top}th{background:#f2f3f7}
table.facts th{width:28%;background:none}
.violated{background:#f6d5d0}.concern{background:#fbeccb}.respected{background:#dcefdc}.muted{color:#666}mark{background:#fff1a8}
.placeholder{background:#fff6cc;font-style:italic}
nav.contents ol{padding-left:1.2rem}
section.record{break-before:page}section.record:first-of-type{break-before:auto}
@media print{.plain{border-color:#000}body{margin:0}a{color:inherit;text-decoration:none}}`;

export function htmlDocument(title: string, body: string, exportedAt: Date, language: ExportLanguage): string {
  const w = exportWords(language);
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<p class="plain">${escapeHtml(w.exported(dayInWords(exportedAt.toISOString().slice(0, 10), language)))} ${w.notEncrypted}</p>
${body}
</body>
</html>
`;
}

const recordIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const storedInstant = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/;

/** A value in words: dates as written or as the language writes them, choices in the language, records by title, details as "Field: value". */
export function readable(value: unknown, ctx: ExportContext, key?: string): string {
  const w = exportWords(ctx.language);
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (recordIdPattern.test(value)) return ctx.titleOf(value) ?? '';
    const instant = storedInstant.exec(value);
    if (instant) return `${dayInWords(instant[1]!, ctx.language)}, ${instant[2]}`;
    if (key === 'country' && /^[A-Za-z]{2}$/.test(value)) return countryName(value, ctx.language);
    if ((key === 'language' || key === 'lang') && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return languageName(value, ctx.language);
    return choiceWord(value, ctx.language, key);
  }
  if (isFuzzyDate(value)) return fuzzyDateInWords(value, ctx.language);
  if (Array.isArray(value))
    return value
      .map((v) => readable(v, ctx, key))
      .filter(Boolean)
      .join('; ');
  const object = value as Record<string, unknown>;
  // Someone named and described ({kind, name}): "Government: Ministry of Interior".
  if (typeof object.kind === 'string' && Object.keys(object).every((k) => k === 'kind' || k === 'name')) {
    return [choiceWord(object.kind, ctx.language), typeof object.name === 'string' ? object.name : ''].filter(Boolean).join(': ');
  }
  return Object.entries(object)
    .map(([k, v]) => [k, readable(v, ctx, k)] as const)
    .filter(([, v]) => v)
    .map(([k, v]) => `${fieldWord(k, ctx.language)}: ${v}`)
    .join('; ');
}

function field(label: string, value: unknown, ctx: ExportContext, key?: string): string {
  const text = readable(value, ctx, key);
  return text ? `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(text)}</dd>` : '';
}

function list<T>(title: string, items: readonly T[] | undefined, describe: (item: T) => string): string {
  if (!items?.length) return '';
  return `<h3>${escapeHtml(title)}</h3><ul>${items.map((i) => `<li>${describe(i)}</li>`).join('')}</ul>`;
}

type Source = NonNullable<RecordData['sources']>[number];

function sourceText(s: Source, ctx: ExportContext): string {
  const w = exportWords(ctx.language);
  const title = s.citation ?? (s.report ? ctx.titleOf(s.report) : undefined) ?? s.url ?? '';
  const where = [s.section && `${w.section} ${s.section}`, s.page !== undefined && `${w.page} ${s.page}`, s.paragraph !== undefined && `${w.paragraph} ${s.paragraph}`]
    .filter(Boolean)
    .join(', ');
  return `${escapeHtml(title)}${where ? `, ${escapeHtml(where)}` : ''}${s.quote ? `: “${escapeHtml(s.quote)}”` : ''}`;
}

function sourcesOf(data: { sources?: Source[] | undefined }, ctx: ExportContext): string {
  return list(exportWords(ctx.language).sources, data.sources, (s) => sourceText(s, ctx));
}

/** The record's heading: its title, what it is, when it last changed; never its id. */
export function header(view: RecordView, kind: string, ctx: ExportContext, anchor: string): string {
  const w = exportWords(ctx.language);
  const d = view.data;
  return `<h1 id="${anchor}">${escapeHtml(String(d.title ?? ''))}</h1>
<p class="meta">${escapeHtml(kind)} · ${escapeHtml(w.changed(dayInWords(view.updatedAt.slice(0, 10), ctx.language)))}${view.conflict ? ` · <strong>${escapeHtml(w.conflict)}</strong>` : ''}</p>
${d.summary ? `<p>${escapeHtml(String(d.summary))}</p>` : ''}`;
}

/** Every field not shown above, by its name, in words; the organisation's own fields by their labels. */
function remaining(data: Record<string, unknown>, shown: readonly string[], ctx: ExportContext, type?: string): string {
  const rest = Object.entries(data).filter(([k]) => !shown.includes(k) && !['title', 'summary', 'sources', 'attachments', 'sensitivity', 'defined'].includes(k));
  const own = type && ctx.definedOf ? ctx.definedOf(type, data.defined) : { facts: [], groups: [] };
  const rows = [
    ...rest.map(([k, v]) => field(fieldWord(k, ctx.language), v, ctx, k)),
    ...own.facts.map(([label, text]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(text)}</dd>`),
  ];
  const groups = own.groups.map((g) => `<h4>${escapeHtml(g.label)}</h4><ul>${g.entries.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`).join('');
  return rows.length || groups ? `<h3>${escapeHtml(exportWords(ctx.language).otherDetails)}</h3>${rows.length ? `<dl>${rows.join('')}</dl>` : ''}${groups}` : '';
}

type Arrest = NonNullable<RecordData<'detainee'>['arrests']>[number];

/** An account of one arrest: who says what, side by side. */
function arrestAccounts(arrest: Arrest, ctx: ExportContext): string {
  const w = exportWords(ctx.language);
  const accounts = arrest.accounts ?? [];
  const head = [readable(arrest.date, ctx), arrest.place ?? ''].filter(Boolean).join(', ');
  if (!accounts.length) return escapeHtml(head || readable(arrest, ctx));
  return `${escapeHtml(head)}<table><tr><th>${escapeHtml(w.accordingTo)}</th><th>${escapeHtml(w.date)}</th><th>${escapeHtml(w.whatHappened)}</th><th>${escapeHtml(w.source)}</th></tr>${accounts
    .map(
      (a) =>
        `<tr><td>${escapeHtml(readable(a.by, ctx))}</td><td>${escapeHtml(readable(a.date, ctx))}</td><td>${escapeHtml([a.place, a.authority, a.circumstances].filter(Boolean).join('; '))}</td><td>${a.source ? sourceText(a.source, ctx) : ''}</td></tr>`,
    )
    .join('')}</table>`;
}

const detaineeShown = [
  'status',
  'statusNote',
  'names',
  'birth',
  'citizenship',
  'occupation',
  'affiliations',
  'country',
  'tags',
  'arrests',
  'charges',
  'custody',
  'incommunicado',
  'access',
  'health',
  'allegations',
  'decisions',
  'communications',
  'links',
];

export function renderDetainee(view: RecordView<'detainee'>, ctx: ExportContext, anchor: string): string {
  const w = exportWords(ctx.language);
  const d = view.data;
  const f = (key: string, value: unknown) => field(fieldWord(key, ctx.language), value, ctx, key);
  const items = <T>(key: string, values: readonly T[] | undefined) => list(fieldWord(key, ctx.language), values, (v) => escapeHtml(readable(v, ctx, key)));
  return `<section class="record">${header(view, w.detaineeProfile, ctx, anchor)}
<dl>${f('status', d.status)}${f('statusNote', d.statusNote)}${field(
    w.otherNames,
    d.names?.map((n) => n.name),
    ctx,
  )}${field(w.born, [readable(d.birth?.date, ctx), d.birth?.place].filter(Boolean).join(', '), ctx)}${f('citizenship', d.citizenship)}${f('occupation', d.occupation)}${f('affiliations', d.affiliations)}${f('country', d.country)}${f('tags', d.tags)}</dl>
${list(fieldWord('arrests', ctx.language), d.arrests, (a) => arrestAccounts(a, ctx))}
${items('charges', d.charges)}
${items('custody', d.custody)}
${items('incommunicado', d.incommunicado)}
${items('access', d.access)}
${d.health ? `<h3>${escapeHtml(fieldWord('health', ctx.language))}</h3><dl>${f('summary', d.health.summary)}${f('conditions', d.health.conditions)}${f('careDenied', d.health.careDenied)}</dl>` : ''}
${items('allegations', d.allegations)}
${items('decisions', d.decisions)}
${items('communications', d.communications)}
${sourcesOf(d, ctx)}
${remaining(d, detaineeShown, ctx, 'detainee')}
</section>`;
}

/** Any other record: its fields by name, its sources. */
export function renderRecord(view: RecordView, ctx: ExportContext, anchor: string): string {
  const kind = exportWords(ctx.language).types[view.type] ?? ctx.typeName?.(view.type) ?? view.type;
  return `<section class="record">${header(view, kind, ctx, anchor)}${remaining(view.data, [], ctx, view.type)}${sourcesOf(view.data, ctx)}</section>`;
}

/** A table of contents when the file holds more than one record. */
export function contents(entries: readonly { anchor: string; title: string; kind: string }[], language: ExportLanguage): string {
  if (entries.length < 2) return '';
  return `<nav class="contents"><h2>${escapeHtml(exportWords(language).contents)}</h2><ol>${entries.map((e) => `<li><a href="#${e.anchor}">${escapeHtml(e.title)}</a> <span class="meta">(${escapeHtml(e.kind)})</span></li>`).join('')}</ol></nav>`;
}

export function renderSearchResults(query: string, total: number, hits: SearchHit[], language: ExportLanguage): string {
  const w = exportWords(language);
  const marked = (snippet: string) => escapeHtml(snippet).replace(/\*\*(.+?)\*\*/g, '<mark>$1</mark>');
  return `<h1>${escapeHtml(w.search(query))}</h1>
<p class="meta">${escapeHtml(w.found(total, hits.length))}</p>
<ol>${hits.map((h) => `<li><strong>${escapeHtml(h.title)}</strong> <span class="meta">(${escapeHtml(w.types[h.type])}${h.anchor.page ? `, ${w.page} ${h.anchor.page}` : ''}${h.anchor.section ? `, ${escapeHtml(h.anchor.section)}` : ''})</span><br>${marked(h.snippet)}</li>`).join('\n')}</ol>`;
}
