import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { VigilError } from '../errors.js';
import { reportFileName } from '../shared/file-names.js';
import { recordId } from '../shared/schema-parts.js';
import type { Archive } from '../store/archive.js';
import { openOutput, writeWhole, type CallerFiles } from '../store/caller-files.js';
import { renderReportDocx } from './render-report-docx.js';
import { renderReportHtml } from './render-report-html.js';
import { reportLanguages } from './report-words.js';
import { gatherTrial } from './trial-dossier.js';
import { buildTrialReport } from './trial-report.js';

export const reportFormat = z.enum(['docx', 'html']);

/**
 * The report's file, written to `out` when one is named (a temporary file renamed into place),
 * else returned: HTML as text, DOCX as base64 (the contract carries JSON).
 */
export async function makeTrialReport(
  archive: Archive,
  args: { trial: string; format: 'docx' | 'html'; language: 'en' | 'ru'; out?: string | undefined },
  files?: CallerFiles,
  now = new Date(),
) {
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
  const content = args.format === 'html' ? renderReportHtml(doc) : await renderReportDocx(doc);
  if (args.out !== undefined) {
    await writeWhole(openOutput(args.out, files), content);
    return { fileName, out: args.out };
  }
  return typeof content === 'string' ? { fileName, html: content } : { fileName, docx: content.toString('base64') };
}

export const reportMethods = {
  'report.trial': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary:
      'A draft trial-monitoring report for one trial, in English or Russian: summary, the case and the charges, the hearings observed, findings for each fair-trial right with its basis and the notes cited, disputed facts, and an annex of every note. DOCX for editing, or HTML to read and print to PDF, written to `out` or returned (DOCX as base64). Not encrypted; audited as an export.',
    files: (a) => (a.out === undefined ? [] : [a.out]),
    args: z.object({ trial: recordId, format: reportFormat, language: z.enum(reportLanguages), out: z.string().min(1).optional() }),
    result: z.object({ fileName: z.string(), out: z.string().optional(), html: z.string().optional(), docx: z.string().optional() }),
    run: (session, args, context) => makeTrialReport(session.requireArchive(), args, context.files),
  }),
};
