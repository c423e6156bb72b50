import type { Archive } from '../store/archive.js';
import { buildTrialReport } from '../reports/trial-report.js';
import { gatherTrial } from '../reports/trial-dossier.js';
import { reportWords } from '../reports/report-words.js';
import { text, type Block, type Inline, type ReportDocument } from '../reports/report-document.js';
import { dayInWords } from '../shared/date-words.js';
import { fieldWord } from '../shared/field-words.js';
import { archiveTemplates, type Templates } from '../templates/archive-templates.js';
import { definedFacts, definedTypeName } from '../templates/defined-facts.js';
import { repairText } from '../shared/text-repair.js';
import type { RecordView } from '../shared/record-views.js';
import { exportWords, readable, type ExportContext, type ExportLanguage } from './render-html.js';

/** Fields a record page shows first, in this order, before the rest. */
const leading = ['status', 'statusNote', 'names', 'birth', 'citizenship', 'occupation', 'kind', 'authors', 'organisations', 'symbol', 'published', 'date', 'court', 'caseNumber'];
/** Shown in their own way (the heading, the text, the sources), or kept out of a document for people. */
const apart = new Set(['title', 'summary', 'sources', 'attachments', 'body', 'text', 'description', 'imported', 'sensitivity', 'defined']);
/** Long texts printed as paragraphs after the record's facts. */
const longTexts = ['description', 'text', 'body'];

/**
 * Records as a document for people, in the export's language: one section per record, opened
 * by its title and what it is; its facts as a two-column table, lists as bullets, the arrests
 * with each party's account side by side, its long text as paragraphs and its sources last. A
 * trial is its observation report (findings, citations as footnotes, annex). No record id,
 * field name or ISO time. The same document model as the trial report, so the DOCX writer is
 * the same.
 */
export function buildRecordsDocument(archive: Archive, views: RecordView[], ctx: ExportContext, exportedAt: Date): ReportDocument {
  const language: ExportLanguage = ctx.language;
  const w = exportWords(language);
  const rw = reportWords(language);
  const blocks: Block[] = [];
  const citations: string[] = [];
  if (views.length > 1) blocks.push({ kind: 'contents' }, { kind: 'pageBreak' });
  views.forEach((view, i) => {
    if (i > 0) blocks.push({ kind: 'pageBreak' });
    const kind =
      view.type === 'detainee'
        ? w.detaineeProfile
        : view.type === 'trial'
          ? w.trialReport
          : (w.types[view.type] ?? definedTypeName(archiveTemplates(archive.db), view.type, language));
    // One record: the document's title is its title already.
    if (views.length > 1) blocks.push({ kind: 'heading', level: 1, text: String(view.data.title ?? '') });
    blocks.push({
      kind: 'paragraph',
      style: 'meta',
      runs: [text(`${kind} · ${w.changed(dayInWords(view.updatedAt.slice(0, 10), language))}${view.conflict ? ` · ${w.conflict}` : ''}`)],
    });
    if (view.type === 'trial') {
      // The trial's report, its citations numbered on from those before it.
      const report = buildTrialReport(gatherTrial(archive, view.id), language, exportedAt, ctx.titleOf);
      const offset = citations.length;
      citations.push(...report.citations);
      blocks.push(...report.blocks.filter((b) => b.kind !== 'contents').map((b) => renumbered(demoted(b), offset)));
      return;
    }
    blocks.push(...recordBlocks(view, ctx, archiveTemplates(archive.db)));
  });
  const title = views.length === 1 ? String(views[0]!.data.title ?? '') : w.records(views.length);
  return {
    language,
    title,
    subtitle: w.exported(dayInWords(exportedAt.toISOString().slice(0, 10), language)),
    runningHeader: title,
    warning: rw.unencrypted,
    blocks,
    citations,
    words: { contents: w.contents, page: rw.page, citations: language === 'ru' ? 'Ссылки' : 'Citations' },
  };
}

function recordBlocks(view: RecordView, ctx: ExportContext, templates: Templates): Block[] {
  const w = exportWords(ctx.language);
  const data = view.data as Record<string, unknown>;
  const blocks: Block[] = [];
  if (typeof data.summary === 'string' && data.summary.trim()) blocks.push({ kind: 'paragraph', runs: [text(data.summary)] });
  const keys = [...leading.filter((k) => k in data), ...Object.keys(data).filter((k) => !leading.includes(k))].filter((k) => !apart.has(k));
  const facts: [string, string][] = [];
  const lists: Block[] = [];
  for (const key of keys) {
    const value = data[key];
    if (key === 'arrests' && Array.isArray(value) && value.some((a) => (a as { accounts?: unknown[] }).accounts?.length)) {
      lists.push(...arrestBlocks(value as Arrest[], ctx));
      continue;
    }
    if (Array.isArray(value) && value.length > 1 && value.some((v) => v && typeof v === 'object')) {
      lists.push(
        { kind: 'heading', level: 2, text: fieldWord(key, ctx.language) },
        { kind: 'list', items: value.map((v) => [text(readable(v, ctx, key))]).filter((item) => (item[0] as { text: string }).text) },
      );
      continue;
    }
    const said = readable(value, ctx, key);
    if (said) facts.push([fieldWord(key, ctx.language), said]);
  }
  // The organisation's own fields, by their labels in the document's language.
  const own = definedFacts(templates, view.type, data.defined, ctx.language, { yes: w.yes, no: w.no, titleOf: ctx.titleOf });
  facts.push(...own.facts);
  for (const group of own.groups) lists.push({ kind: 'heading', level: 2, text: group.label }, { kind: 'list', items: group.entries.map((entry) => [text(entry)]) });
  if (facts.length) blocks.push({ kind: 'facts', rows: facts });
  blocks.push(...lists);
  for (const key of longTexts) {
    const value = data[key];
    if (typeof value !== 'string' || !value.trim()) continue;
    blocks.push({ kind: 'heading', level: 2, text: fieldWord(key, ctx.language) });
    // A report's text as the search index reads it: lines a PDF wrapped joined again, its headings as headings.
    if (key === 'body') {
      for (const block of repairText(value))
        blocks.push(block.kind === 'heading' ? { kind: 'heading', level: 3, text: block.text } : { kind: 'paragraph', runs: [text(block.text)] });
      continue;
    }
    for (const paragraph of value.split(/\n\s*\n/)) if (paragraph.trim()) blocks.push({ kind: 'paragraph', runs: [text(paragraph.trim())] });
  }
  const sources = Array.isArray(data.sources) ? (data.sources as Record<string, unknown>[]) : [];
  if (sources.length) blocks.push({ kind: 'heading', level: 2, text: w.sources }, { kind: 'list', items: sources.map((s) => [text(sourceLine(s, ctx))]) });
  return blocks;
}

type Arrest = { date?: unknown; place?: string; accounts?: { by?: unknown; date?: unknown; place?: string; authority?: string; circumstances?: string }[] };

/** Each arrest with the parties' accounts side by side, never merged. */
function arrestBlocks(arrests: Arrest[], ctx: ExportContext): Block[] {
  const w = exportWords(ctx.language);
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: fieldWord('arrests', ctx.language) }];
  for (const arrest of arrests) {
    const head = [readable(arrest.date, ctx), arrest.place ?? ''].filter(Boolean).join(', ');
    if (head) blocks.push({ kind: 'paragraph', runs: [text(head, { bold: true })] });
    if (!arrest.accounts?.length) continue;
    blocks.push({
      kind: 'table',
      head: [w.accordingTo, w.date, w.whatHappened],
      widths: [25, 20, 55],
      rows: arrest.accounts.map((a) => [
        { runs: [text(readable(a.by, ctx))] },
        { runs: [text(readable(a.date, ctx))] },
        { runs: [text([a.place, a.authority, a.circumstances].filter(Boolean).join('; '))] },
      ]),
    });
  }
  return blocks;
}

function sourceLine(source: Record<string, unknown>, ctx: ExportContext): string {
  const w = exportWords(ctx.language);
  const title =
    (typeof source.citation === 'string' && source.citation) ||
    (typeof source.report === 'string' && ctx.titleOf(source.report)) ||
    (typeof source.url === 'string' && source.url) ||
    '';
  const where = [source.section && `${w.section} ${String(source.section)}`, source.page !== undefined && `${w.page} ${String(source.page)}`].filter(Boolean).join(', ');
  return `${title}${where ? `, ${where}` : ''}${typeof source.quote === 'string' ? `: “${source.quote}”` : ''}`;
}

/** A trial report's headings one level down, under the trial's own title. */
function demoted(block: Block): Block {
  return block.kind === 'heading' ? { ...block, level: Math.min(3, block.level + 1) as 2 | 3 } : block;
}

function renumbered(block: Block, offset: number): Block {
  if (!offset) return block;
  const shift = (runs: Inline[]) => runs.map((r) => ('cite' in r ? { cite: r.cite + offset } : r));
  if (block.kind === 'paragraph') return { ...block, runs: shift(block.runs) };
  if (block.kind === 'list') return { ...block, items: block.items.map(shift) };
  if (block.kind === 'table') return { ...block, rows: block.rows.map((row) => row.map((c) => ({ ...c, runs: shift(c.runs) }))) };
  return block;
}
