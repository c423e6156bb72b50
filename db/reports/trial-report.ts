import { choiceWord } from '../shared/choice-words.js';
import { dayInWords, fuzzyDateInWords, timeInWords } from '../shared/date-words.js';
import type { RecordData } from '../shared/schemas.js';
import { indicatorText, indicatorValues } from '../shared/vocabularies.js';
import type { Block, Cell, Inline, ReportDocument, Tone } from './report-document.js';
import { cell, text } from './report-document.js';
import { reportWords, type ReportLanguage, type ReportWords } from './report-words.js';
import type { ObservedHearing, TrialDossier } from './trial-dossier.js';

type Assessment = (typeof indicatorValues)[number];
type Note = ObservedHearing['notes'][number];
type SourceRef = NonNullable<RecordData['sources']>[number];

const tones: Partial<Record<Assessment, Tone>> = { violated: 'violated', concern: 'concern', respected: 'respected', 'not-observed': 'muted', 'n/a': 'muted' };
/** The worst first: what a finding across hearings leads with. */
const gravity: Assessment[] = ['violated', 'concern', 'respected', 'not-observed', 'n/a'];

/**
 * The draft trial-monitoring report, in the structure observers publish (ODIHR, ICJ,
 * TrialWatch): summary; the case and the charges; the proceedings observed; findings for each
 * fair-trial right with its basis, its assessment across hearings and the notes behind it, each
 * cited; disputed facts with who asserted each; recommendations left for the author; and an
 * annex of every note in order. Every label is in the report's language, whatever the data's.
 */
export function buildTrialReport(dossier: TrialDossier, language: ReportLanguage, now: Date, sourceTitle: (id: string) => string | undefined = () => undefined): ReportDocument {
  const w = reportWords(language);
  const trial = dossier.trial.data;
  const value = (key: string | undefined) => (key ? choiceWord(key, language) : '');
  const hearingDate = (h: ObservedHearing) => fuzzyDateInWords(h.hearing.data.date, language) || String(h.hearing.data.title);
  const citations: string[] = [];

  // Every note gets its number in the annex; a citation names it, its hearing and its time.
  const numbered = new Map<string, number>();
  for (const h of dossier.hearings) for (const n of h.notes) numbered.set(n.id, numbered.size + 1);
  // How the observer knows it, when not seen or heard directly ("told by a lawyer"), and how it was noted.
  const lower = (words: string) => words.charAt(0).toLowerCase() + words.slice(1);
  const marksOf = (n: Note) =>
    [
      n.data.sourceKind && n.data.sourceKind !== 'seen-directly' ? lower(choiceWord(n.data.sourceKind, language)) : '',
      n.data.flags?.reconstructedFromPaper ? w.reconstructed : '',
      n.data.flags?.viaInterpreter ? w.viaInterpreter : '',
    ]
      .filter(Boolean)
      .join(', ');
  const timeOf = (n: Note, h: ObservedHearing) => (n.data.observedAt ? timeInWords(n.data.observedAt, h.hearing.data.timeZone) : '');
  const cite = (n: Note, h: ObservedHearing): Inline => {
    citations.push(w.citation(w.hearingOf(hearingDate(h)), timeOf(n, h), numbered.get(n.id)!, marksOf(n)));
    return { cite: citations.length };
  };

  const blocks: Block[] = [{ kind: 'contents' }];

  // Summary
  const assessed = assessmentsByIndicator(dossier);
  const overall = new Map([...assessed].map(([key, list]) => [key, worst(list.map((a) => a.value))]));
  const dates = dossier.hearings.map((h) => h.hearing.data.date?.start).filter((d): d is string => Boolean(d));
  const span = dates.length ? (dates[0] === dates.at(-1) ? dayInWords(dates[0]!, language) : `${dayInWords(dates[0]!, language)} – ${dayInWords(dates.at(-1)!, language)}`) : '';
  const count = (v: Assessment) => [...overall.values()].filter((x) => x === v).length;
  blocks.push(
    { kind: 'heading', level: 1, text: w.summary, anchor: 'summary' },
    {
      kind: 'paragraph',
      runs: [text(`${w.summaryText(dossier.hearings.length, trial.court ?? '', span)} ${w.summaryFindings(count('violated'), count('concern'))}`.replace(/\.\./g, '.'))],
    },
  );
  if (trial.summary) blocks.push({ kind: 'paragraph', runs: [text(trial.summary)] });
  blocks.push({ kind: 'paragraph', runs: [text(w.summaryForAuthor)], style: 'placeholder' });

  // The case and the charges
  blocks.push({ kind: 'heading', level: 1, text: w.caseAndCharges, anchor: 'case' });
  const facts: [string, string][] = [
    [w.caseNumber, trial.caseNumber ?? ''],
    [w.court, trial.court ?? ''],
    [w.venue, trial.venue ?? ''],
    [w.judges, (trial.judges ?? []).join('; ')],
    [w.prosecutors, (trial.prosecutors ?? []).join('; ')],
    [w.defendants, dossier.defendants.map((d) => (d.counsel.length ? `${d.name} (${w.counsel.toLowerCase()}: ${d.counsel.join(', ')})` : d.name)).join('; ')],
    [w.counsel, (trial.counsel ?? []).join('; ')],
    [w.status, value(trial.status)],
    [w.opened, fuzzyDateInWords(trial.opened, language)],
    [w.verdict, [fuzzyDateInWords(trial.verdict?.date, language), trial.verdict?.outcome ?? ''].filter(Boolean).join(': ')],
    [w.sentences, (trial.sentences ?? []).map((s) => [s.defendant, s.sentence, fuzzyDateInWords(s.date, language)].filter(Boolean).join(', ')).join('; ')],
  ];
  // The organisation's own fields of the trial, by their labels.
  const ownTrial = dossier.definedOf?.('trial', dossier.trial.data.defined, language);
  facts.push(...(ownTrial?.facts ?? []));
  blocks.push({ kind: 'facts', rows: facts.filter(([, v]) => v) });
  for (const group of ownTrial?.groups ?? []) blocks.push({ kind: 'heading', level: 2, text: group.label }, { kind: 'list', items: group.entries.map((entry) => [text(entry)]) });
  blocks.push({ kind: 'heading', level: 2, text: w.charges });
  const charges = trial.charges ?? [];
  if (charges.length) {
    blocks.push({
      kind: 'table',
      head: [w.article, w.charge, w.chargeStatus],
      widths: [22, 58, 20],
      rows: charges.map((c) => [
        cell(
          [
            c.code,
            c.article && `${language === 'ru' ? 'ст.' : 'art.'} ${c.article}`,
            c.part && `${language === 'ru' ? 'ч.' : 'part'} ${c.part}`,
            c.item && `${language === 'ru' ? 'п.' : 'item'} ${c.item}`,
          ]
            .filter(Boolean)
            .join(' ') ||
            (c.citation ?? ''),
        ),
        cell([c.description ?? c.citation ?? '', fuzzyDateInWords(c.date, language)].filter(Boolean).join(' — ')),
        cell(value(c.status)),
      ]),
    });
  } else blocks.push({ kind: 'paragraph', runs: [text(w.noCharges)], style: 'meta' });

  // The proceedings observed
  blocks.push({ kind: 'heading', level: 1, text: w.proceedings, anchor: 'proceedings' });
  if (dossier.hearings.length) {
    blocks.push({
      kind: 'table',
      head: [w.date, w.time, w.access, w.publicity, w.language, w.notes],
      widths: [20, 12, 20, 16, 22, 10],
      rows: dossier.hearings.map((h) => {
        const d = h.hearing.data;
        const interpretation = d.interpretation
          ? `${w.interpretation}: ${value(d.interpretation.provided)}${d.interpretation.languages?.length ? ` (${d.interpretation.languages.join(', ')})` : ''}`
          : '';
        return [
          cell(hearingDate(h)),
          cell(
            [d.start, d.end]
              .filter((x): x is string => Boolean(x))
              .map((x) => x.slice(0, 5))
              .join('–'),
          ),
          cell(d.access ? value(d.access.status) : '', d.access?.status === 'refused' ? 'violated' : d.access?.status === 'conditional' ? 'concern' : undefined),
          cell(
            d.publicity ? choiceWord(d.publicity, language, 'publicity') : '',
            d.publicity === 'closed' ? 'violated' : d.publicity === 'partially-closed' ? 'concern' : undefined,
          ),
          cell([d.language, interpretation].filter(Boolean).join('; ')),
          cell(String(h.notes.length)),
        ];
      }),
    });
    for (const h of dossier.hearings) {
      const d = h.hearing.data;
      const attendance = d.attendance
        ? Object.entries(w.attendanceOf)
            .map(([k, label]) => (typeof d.attendance?.[k as 'public'] === 'number' ? `${label}: ${d.attendance[k as 'public']}` : ''))
            .filter(Boolean)
            .join(', ')
        : '';
      const rows: [string, string][] = [
        [w.access, [d.access?.conditions?.join('; '), d.access?.note].filter(Boolean).join(' — ')],
        [w.attendance, [attendance, d.attendance?.note].filter(Boolean).join(' — ')],
        [w.language, d.interpretation?.note ?? ''],
        [w.observers, (d.observers ?? []).join('; ')],
      ].filter(([, v]) => v) as [string, string][];
      rows.push(...(dossier.definedOf?.('hearing', d.defined, language).facts ?? []));
      if (rows.length || d.summary) {
        blocks.push({ kind: 'heading', level: 3, text: w.hearingOf(hearingDate(h)) });
        if (d.summary) blocks.push({ kind: 'paragraph', runs: [text(d.summary)] });
        if (rows.length) blocks.push({ kind: 'facts', rows });
      }
    }
  }

  // Findings for each fair-trial right
  blocks.push({ kind: 'heading', level: 1, text: w.findings, anchor: 'findings' }, { kind: 'paragraph', runs: [text(w.findingsIntro)], style: 'meta' });
  const tagged = notesByIndicator(dossier);
  const withFindings = dossier.indicators.filter((i) => assessed.has(i.key) || tagged.has(i.key));
  if (!withFindings.length) blocks.push({ kind: 'paragraph', runs: [text(w.noFindings)] });
  for (const indicator of withFindings) {
    const words = indicatorText(indicator, language);
    blocks.push({ kind: 'heading', level: 2, text: words.label });
    blocks.push({
      kind: 'facts',
      rows: [
        [w.basis, words.basis],
        [w.whatItAsks, words.explanation],
        [w.acrossHearings, overall.has(indicator.key) ? value(overall.get(indicator.key)) : w.notAssessed],
      ].filter(([, v]) => v) as [string, string][],
    });
    const rows = dossier.hearings.map((h): Cell[] => {
      const a = h.hearing.data.indicators?.find((x) => x.indicator === indicator.key);
      return [cell(hearingDate(h)), a ? cell(value(a.value), tones[a.value]) : cell(w.notAssessed, 'muted'), cell(a?.note ?? '')];
    });
    blocks.push({ kind: 'table', head: [w.hearing, w.assessment, w.reasoning], widths: [24, 22, 54], rows });
    blocks.push({ kind: 'heading', level: 3, text: w.evidence });
    const evidence = tagged.get(indicator.key) ?? [];
    if (!evidence.length) blocks.push({ kind: 'paragraph', runs: [text(w.noEvidence)], style: 'meta' });
    else
      blocks.push({
        kind: 'list',
        items: evidence.map(({ note, hearing }) => [
          text(`${hearingDate(hearing)}, ${timeOf(note, hearing)}: `, { bold: true }),
          text(note.data.text ?? String(note.data.title)),
          cite(note, hearing),
        ]),
      });
  }

  // Disputed facts
  blocks.push({ kind: 'heading', level: 1, text: w.disputed, anchor: 'disputed' }, { kind: 'paragraph', runs: [text(w.disputedIntro)], style: 'meta' });
  const disputed = disputedFacts(dossier, language, w, sourceTitle);
  if (!disputed.length) blocks.push({ kind: 'paragraph', runs: [text(w.noDisputed)] });
  for (const { name, rows } of disputed) {
    blocks.push({ kind: 'heading', level: 2, text: name });
    blocks.push({ kind: 'table', head: [w.fact, w.account, w.assertedBy, w.source], widths: [20, 45, 17, 18], rows: rows.map((r) => r.map((c) => cell(c))) });
  }

  // Recommendations: the author's.
  blocks.push({ kind: 'heading', level: 1, text: w.recommendations, anchor: 'recommendations' }, { kind: 'paragraph', runs: [text(w.forAuthor)], style: 'placeholder' });

  // Annex: every note, in order.
  blocks.push({ kind: 'pageBreak' }, { kind: 'heading', level: 1, text: w.annex, anchor: 'annex' });
  if (!numbered.size) blocks.push({ kind: 'paragraph', runs: [text(w.noNotes)] });
  const label = (key: string) => {
    const found = dossier.indicators.find((i) => i.key === key);
    return found ? indicatorText(found, language).label : key;
  };
  for (const h of dossier.hearings) {
    if (!h.notes.length) continue;
    blocks.push({ kind: 'heading', level: 2, text: w.hearingOf(hearingDate(h)) });
    blocks.push({
      kind: 'table',
      head: [w.noteNumber, w.time, w.noteText, w.rights],
      widths: [7, 11, 57, 25],
      rows: h.notes.map((n) => [
        cell(String(numbered.get(n.id))),
        cell(timeOf(n, h)),
        { runs: [text(n.data.text ?? String(n.data.title)), ...(marksOf(n) ? [text(` (${marksOf(n)})`, { italic: true })] : [])] },
        cell((n.data.indicators ?? []).map(label).join('; ')),
      ]),
    });
  }

  return {
    language,
    title: w.title(String(trial.title)),
    subtitle: w.draft(dayInWords(instantDay(now), language)).replace(/\.\./g, '.'),
    runningHeader: w.runningHeader(String(trial.title)),
    warning: w.unencrypted,
    blocks,
    citations,
    words: { contents: w.contents, page: w.page, citations: language === 'ru' ? 'Ссылки' : 'Citations' },
  };
}

function instantDay(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function worst(values: Assessment[]): Assessment {
  return gravity.find((g) => values.includes(g)) ?? values[0]!;
}

/** Each indicator's assessments, one per hearing that assessed it. */
function assessmentsByIndicator(dossier: TrialDossier): Map<string, { value: Assessment }[]> {
  const found = new Map<string, { value: Assessment }[]>();
  for (const h of dossier.hearings) {
    for (const a of h.hearing.data.indicators ?? []) found.set(a.indicator, [...(found.get(a.indicator) ?? []), { value: a.value }]);
  }
  return found;
}

/** Each indicator's tagged notes, in the order they happened. */
function notesByIndicator(dossier: TrialDossier): Map<string, { note: Note; hearing: ObservedHearing }[]> {
  const found = new Map<string, { note: Note; hearing: ObservedHearing }[]>();
  for (const hearing of dossier.hearings) {
    for (const note of hearing.notes) for (const key of note.data.indicators ?? []) found.set(key, [...(found.get(key) ?? []), { note, hearing }]);
  }
  return found;
}

/** The defendants' disputed facts: each account of an arrest, the allegations, access and incommunicado periods, with who asserted each and where. */
function disputedFacts(dossier: TrialDossier, language: ReportLanguage, w: ReportWords, sourceTitle: (id: string) => string | undefined): { name: string; rows: string[][] }[] {
  const value = (key: string | undefined) => (key ? choiceWord(key, language) : '');
  const by = (a: { kind: string; name?: string | undefined } | undefined) => (a ? [value(a.kind), a.name].filter(Boolean).join(': ') : '');
  const where = (s: SourceRef | undefined) => {
    if (!s) return '';
    const title = s.citation ?? (s.report ? sourceTitle(s.report) : undefined) ?? s.url ?? '';
    const place = [
      s.section,
      s.page !== undefined ? `${language === 'ru' ? 'с.' : 'p.'} ${s.page}` : '',
      s.paragraph !== undefined ? `${language === 'ru' ? 'п.' : 'para.'} ${s.paragraph}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return [title, place].filter(Boolean).join(', ');
  };
  const out: { name: string; rows: string[][] }[] = [];
  for (const d of dossier.defendants) {
    const data = d.detainee?.data;
    if (!data) continue;
    const rows: string[][] = [];
    for (const arrest of data.arrests ?? []) {
      for (const account of arrest.accounts ?? []) {
        const said = [fuzzyDateInWords(account.date, language), account.place, account.authority, account.circumstances].filter(Boolean).join('; ');
        rows.push([w.arrest, said, by(account.by), where(account.source)]);
      }
    }
    for (const a of data.allegations ?? [])
      rows.push([`${w.allegation}: ${value(a.kind)}`, [fuzzyDateInWords(a.date, language), a.description].filter(Boolean).join('; '), by(a.by), where(a.source)]);
    for (const a of data.access ?? []) {
      if (!a.by) continue;
      const period = [fuzzyDateInWords(a.from, language), fuzzyDateInWords(a.to, language)].filter(Boolean).join(' – ');
      rows.push([`${w.accessTo}: ${value(a.kind)}`, [value(a.status), period, a.note].filter(Boolean).join('; '), by(a.by), where(a.source)]);
    }
    for (const p of data.incommunicado ?? []) {
      const period = [fuzzyDateInWords(p.from, language), fuzzyDateInWords(p.to, language)].filter(Boolean).join(' – ');
      rows.push([w.incommunicado, [period, p.note].filter(Boolean).join('; '), by(p.by), where(p.source)]);
    }
    if (rows.length) out.push({ name: d.name, rows });
  }
  return out;
}
