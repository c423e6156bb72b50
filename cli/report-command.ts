import { writeFileAtomic } from '../db/store/atomic-file.js';
import { call, passphraseFile, print, withArchive, type Command } from './command-support.js';
import { printHtmlToPdf } from './print-with-chromium.js';
import { UsageError } from './usage-error.js';

const formats = ['docx', 'html', 'pdf'] as const;
const languages = ['en', 'ru'] as const;

export const reportCommand: Command = {
  usage: 'vigil report trial DIR TRIAL_ID --format docx|html|pdf [--lang en|ru] --out FILE',
  summary: 'write a draft trial-monitoring report: findings for each fair-trial right with the notes cited, the hearings, disputed facts and an annex of all notes (not encrypted)',
  options: {
    format: { type: 'string' },
    lang: { type: 'string' },
    out: { type: 'string' },
    ...passphraseFile,
  },
  positionals: [3, 3],
  async run([kind, dir, trial], options) {
    if (kind !== 'trial') throw new UsageError('expected "vigil report trial DIR TRIAL_ID"');
    const format = options.format as string | undefined;
    if (!format || !(formats as readonly string[]).includes(format)) throw new UsageError('--format is docx, html or pdf');
    const language = (options.lang as string | undefined) ?? 'en';
    if (!(languages as readonly string[]).includes(language)) throw new UsageError('--lang is en or ru');
    const out = options.out as string | undefined;
    if (!out) throw new UsageError('give the file to write with --out FILE');
    await withArchive(dir!, options, async (engine) => {
      const lang = language as 'en' | 'ru';
      if (format === 'pdf') {
        const made = await call(engine, 'report.trial', { trial: trial!, format: 'html', language: lang });
        writeFileAtomic(out, await printHtmlToPdf(made.html!));
      } else await call(engine, 'report.trial', { trial: trial!, format: format as 'docx' | 'html', language: lang, out });
      print(`wrote ${out} (not encrypted)`);
    });
  },
};
