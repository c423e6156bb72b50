import type { RecordView } from '../shared/record-views.js';
import type { FuzzyDate } from '../shared/schema-parts.js';
import type { RecordData } from '../shared/schemas.js';
import { fairTrialIndicators } from '../shared/vocabularies.js';
import type { SearchHit } from '../search/search-results.js';
import { plain } from './csv-columns.js';

/**
 * Self-contained, printable HTML: one file, styles inline, no script, no image or font to
 * fetch, so it opens the same offline, in a browser or printed to PDF.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const style = `
body{font:15px/1.5 "Noto Sans","DejaVu Sans",Arial,sans-serif;color:#1b1f24;max-width:58rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid #ccd}h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
.plain{border:1px solid #b54;background:#fdf3f1;padding:.4rem .7rem;font-size:.9rem;margin-bottom:1.2rem}
.meta{color:#555;font-size:.9rem}dl{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.2rem 1rem;margin:.4rem 0}dt{color:#444;font-weight:600}dd{margin:0;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}th,td{border:1px solid #ccd;padding:.25rem .45rem;text-align:left;vertical-align:top}th{background:#f2f3f7}
.violated{background:#f6d5d0}.concern{background:#fbeccb}.respected{background:#dcefdc}mark{background:#fff1a8}
.note{border-left:3px solid #99a;padding:.1rem .7rem;margin:.5rem 0;white-space:pre-wrap}.time{font-variant-numeric:tabular-nums;color:#444}
section.record{page-break-before:always}section.record:first-of-type{page-break-before:auto}
@media print{.plain{border-color:#000}body{margin:0}}`;

export function htmlDocument(title: string, body: string, exportedAt: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<p class="plain">Exported from Vigil on ${escapeHtml(exportedAt.slice(0, 10))}. This file is <strong>not encrypted</strong>: anyone who holds it can read it.</p>
${body}
</body>
</html>
`;
}

function field(label: string, value: unknown): string {
  const text = plain(value);
  return text ? `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(text)}</dd>` : '';
}

type Source = NonNullable<RecordData['sources']>[number];
type Arrest = NonNullable<RecordData<'detainee'>['arrests']>[number];

function list<T>(title: string, items: readonly T[] | undefined, describe: (item: T) => string = (i) => escapeHtml(plain(i))): string {
  if (!items?.length) return '';
  return `<h3>${escapeHtml(title)}</h3><ul>${items.map((i) => `<li>${describe(i)}</li>`).join('')}</ul>`;
}

function sourcesOf(data: { sources?: Source[] | undefined }): string {
  return list('Sources', data.sources, (s) => {
    const where = [s.section && `section ${plain(s.section)}`, s.page && `p. ${plain(s.page)}`, s.paragraph && `para. ${plain(s.paragraph)}`].filter(Boolean).join(', ');
    return `${escapeHtml(plain(s.citation ?? s.url ?? s.report ?? 'source'))}${where ? `, ${escapeHtml(where)}` : ''}${s.quote ? `: “${escapeHtml(plain(s.quote))}”` : ''}`;
  });
}

function header(view: RecordView, kind: string): string {
  const d = view.data;
  return `<h1>${escapeHtml(String(d.title ?? ''))}</h1>
<p class="meta">${escapeHtml(kind)} · record ${escapeHtml(view.id)} · last changed ${escapeHtml(view.updatedAt.slice(0, 10))}${view.conflict ? ' · <strong>has conflicting versions</strong>' : ''}</p>
${d.summary ? `<p>${escapeHtml(String(d.summary))}</p>` : ''}`;
}

/** Every field not shown above, in words. */
function remaining(data: Record<string, unknown>, shown: string[]): string {
  const rest = Object.entries(data).filter(([k]) => !shown.includes(k) && !['title', 'summary', 'sources'].includes(k));
  return rest.length ? `<h3>Other details</h3><dl>${rest.map(([k, v]) => field(k, v)).join('')}</dl>` : '';
}

/** An account of one arrest: who says what, side by side when they disagree. */
function arrestAccounts(arrest: Arrest): string {
  const accounts = arrest.accounts ?? [];
  const head = [arrest.date && plain(arrest.date), arrest.place && plain(arrest.place)].filter(Boolean).join(', ');
  if (!accounts.length) return escapeHtml(head || plain(arrest));
  return `${escapeHtml(head)}<table><tr><th>According to</th><th>Date</th><th>What happened</th><th>Source</th></tr>${accounts
    .map(
      (a) =>
        `<tr><td>${escapeHtml(plain(a.by?.name ?? a.by))}</td><td>${escapeHtml(plain(a.date))}</td><td>${escapeHtml(plain(a.circumstances))}</td><td>${escapeHtml(plain(a.source))}</td></tr>`,
    )
    .join('')}</table>`;
}

export function renderDetainee(view: RecordView<'detainee'>): string {
  const d = view.data;
  return `<section class="record">${header(view, 'Detainee profile')}
<dl>${field('Status', d.status)}${field('Status note', d.statusNote)}${field(
    'Other names',
    d.names?.map((n) => n.name),
  )}${field('Born', [plain(d.birth?.date), d.birth?.place].filter(Boolean).join(', '))}${field('Citizenship', d.citizenship)}${field('Occupation', d.occupation)}${field('Affiliations', d.affiliations)}${field('Country', d.country)}${field('Tags', d.tags)}</dl>
${list('Arrests', d.arrests, arrestAccounts)}
${list('Charges', d.charges, (c) => escapeHtml(plain(c.citation ?? c) + (c.description && c.citation ? ` (${plain(c.description)})` : '')))}
${list('Custody', d.custody)}
${list('Held incommunicado', d.incommunicado)}
${list('Access to lawyers, family and doctors', d.access)}
${d.health ? `<h3>Health</h3><dl>${field('Summary', d.health.summary)}${field('Conditions', d.health.conditions)}${field('Care denied', d.health.careDenied)}</dl>` : ''}
${list('Allegations', d.allegations)}
${list('Court decisions', d.decisions)}
${list('Communications to UN mechanisms', d.communications)}
${sourcesOf(d)}
${remaining(d, ['status', 'statusNote', 'names', 'birth', 'citizenship', 'occupation', 'affiliations', 'country', 'tags', 'arrests', 'charges', 'custody', 'incommunicado', 'access', 'health', 'allegations', 'decisions', 'communications', 'sensitivity', 'attachments', 'links'])}
</section>`;
}

function noteTime(note: RecordView<'note'>): string {
  const d = note.data;
  return String(d.observedAt ?? d.recordedAt ?? note.createdAt);
}

/** A trial observation report: the trial, each hearing with its notes in time order, the fair-trial indicators across hearings, and the sources. */
export function renderTrialReport(trial: RecordView<'trial'>, hearings: RecordView<'hearing'>[], notesOf: (hearingId: string) => RecordView<'note'>[]): string {
  const d = trial.data;
  const sortedHearings = [...hearings].sort((a, b) => dateKey(a.data.date).localeCompare(dateKey(b.data.date)));
  const keys = new Set<string>();
  for (const h of sortedHearings) for (const i of h.data.indicators ?? []) keys.add(i.indicator);
  const labelOf = (key: string) => fairTrialIndicators.find((i) => i.key === key)?.label ?? key;
  const table = keys.size
    ? `<h2>Fair-trial indicators</h2><table><tr><th>Indicator</th>${sortedHearings.map((h) => `<th>${escapeHtml(plain(h.data.date) || String(h.data.title))}</th>`).join('')}</tr>${[
        ...keys,
      ]
        .map(
          (key) =>
            `<tr><td>${escapeHtml(labelOf(key))}</td>${sortedHearings
              .map((h) => {
                const a = h.data.indicators?.find((i) => i.indicator === key);
                return a ? `<td class="${escapeHtml(a.value)}">${escapeHtml(a.value)}${a.note ? `<br><small>${escapeHtml(a.note)}</small>` : ''}</td>` : '<td></td>';
              })
              .join('')}</tr>`,
        )
        .join('')}</table>`
    : '';
  const hearingSections = sortedHearings
    .map((h) => {
      const hd = h.data;
      const notes = notesOf(h.id).sort((a, b) => noteTime(a).localeCompare(noteTime(b)));
      return `<h3>${escapeHtml(String(hd.title))}</h3>
<dl>${field('Date', hd.date)}${field('Time', [hd.start, hd.end].filter(Boolean).join('–'))}${field('Access', hd.access)}${field('Publicity', hd.publicity)}${field('Interpretation', hd.interpretation)}${field('Observers', hd.observers)}${field('Attendance', hd.attendance)}</dl>
${list('Testimonies', hd.testimonies)}${list('Motions', hd.motions)}
${notes
  .map((n) => {
    const nd = n.data;
    const flags = [nd.flags?.reconstructedFromPaper ? 'reconstructed from paper' : '', ...(nd.indicators ?? []).map(labelOf)].filter(Boolean);
    return `<div class="note"><span class="time">${escapeHtml(noteTime(n).replace('T', ' ').slice(0, 16))}</span>${flags.length ? ` <small>[${escapeHtml(flags.join(', '))}]</small>` : ''}\n${escapeHtml(String(nd.text ?? nd.title))}</div>`;
  })
  .join('\n')}`;
    })
    .join('\n');
  const allSources = [trial, ...sortedHearings].flatMap((r) => r.data.sources ?? []);
  return `<section class="record">${header(trial, 'Trial observation report')}
<dl>${field('Case number', d.caseNumber)}${field('Court', d.court)}${field('Venue', d.venue)}${field('Judges', d.judges)}${field('Prosecutors', d.prosecutors)}${field(
    'Defendants',
    d.defendants?.map((x) => [x.name, x.counsel?.length ? `counsel: ${x.counsel.join(', ')}` : ''].filter(Boolean).join(', ')),
  )}${field(
    'Charges',
    d.charges?.map((c) => c.citation ?? plain(c)),
  )}${field('Status', d.status)}${field('Opened', d.opened)}${field('Verdict', d.verdict)}${field('Sentences', d.sentences)}</dl>
<h2>Hearings (${sortedHearings.length})</h2>
${hearingSections || '<p>No hearings recorded.</p>'}
${table}
${sourcesOf({ sources: allSources })}
</section>`;
}

function dateKey(date: FuzzyDate | undefined): string {
  return date?.start ?? '9999';
}

export function renderRecord(view: RecordView): string {
  return `<section class="record">${header(view, view.type)}${remaining(view.data, ['sensitivity'])}${sourcesOf(view.data)}</section>`;
}

export function renderSearchResults(query: string, total: number, hits: SearchHit[]): string {
  const marked = (snippet: string) => escapeHtml(snippet).replace(/\*\*(.+?)\*\*/g, '<mark>$1</mark>');
  return `<h1>Search: ${escapeHtml(query)}</h1>
<p class="meta">${total} record${total === 1 ? '' : 's'} found${hits.length < total ? `; the first ${hits.length} are listed` : ''}.</p>
<ol>${hits.map((h) => `<li><strong>${escapeHtml(h.title)}</strong> <span class="meta">(${escapeHtml(h.type)}${h.anchor.page ? `, p. ${h.anchor.page}` : ''}${h.anchor.section ? `, ${escapeHtml(h.anchor.section)}` : ''})</span><br>${marked(h.snippet)}</li>`).join('\n')}</ol>`;
}
