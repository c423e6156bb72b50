import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { VigilError } from '../errors.js';
import { recordId } from '../shared/schema-parts.js';
import type { Archive } from '../store/archive.js';
import { renderReportDocx } from './render-report-docx.js';
import { renderReportHtml } from './render-report-html.js';
import { reportLanguages } from './report-words.js';
import { gatherTrial } from './trial-dossier.js';
import { buildTrialReport } from './trial-report.js';

export const reportFormat = z.enum(['docx', 'html']);

/** A file name people recognise: the trial's title and the day, in any script, without characters file systems refuse. */
export function reportFileName(title: string, format: string, now: Date): string {
  const name = title
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80);
  return `${name || 'trial'}-${now.toISOString().slice(0, 10)}.${format}`;
}

/** The report's file: HTML as text, DOCX as base64 (the contract carries JSON). */
export async function makeTrialReport(archive: Archive, args: { trial: string; format: 'docx' | 'html'; language: 'en' | 'ru' }, now = new Date()) {
  const dossier = gatherTrial(archive, args.trial);
  const sourceTitle = (id: string) => {
    try {
      return String(archive.records.get(id).data.title);
    } catch (err) {
      if (err instanceof VigilError && err.code === 'not_found') return undefined;
      throw err;
    }
  };
  const doc = buildTrialReport(dossier, args.language, now, sourceTitle);
  const fileName = reportFileName(String(dossier.trial.data.title), args.format, now);
  const notes = dossier.hearings.reduce((sum, h) => sum + h.notes.length, 0);
  archive.writes.appendAudit({ action: 'export.file', detail: { format: args.format, report: 'trial', hearings: dossier.hearings.length, notes } });
  if (args.format === 'html') return { fileName, html: renderReportHtml(doc) };
  return { fileName, docx: (await renderReportDocx(doc)).toString('base64') };
}

export const reportMethods = {
  'report.trial': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary:
      'A draft trial-monitoring report for one trial, in English or Russian: summary, the case and the charges, the hearings observed, findings for each fair-trial right with its basis and the notes cited, disputed facts, and an annex of every note. DOCX (base64) for editing, or HTML to read and print to PDF. Not encrypted; audited as an export.',
    args: z.object({ trial: recordId, format: reportFormat, language: z.enum(reportLanguages) }),
    result: z.object({ fileName: z.string(), html: z.string().optional(), docx: z.string().optional() }),
    run: (session, args) => makeTrialReport(session.requireArchive(), args),
  }),
};
