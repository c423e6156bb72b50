import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherTrial } from '../db/reports/trial-dossier.js';
import { buildTrialReport } from '../db/reports/trial-report.js';
import { makeTrialReport } from '../db/reports/report-methods.js';
import { fairTrialIndicators } from '../db/shared/vocabularies.js';
import { vigil } from './support/run-cli.js';
import { applyTemplate } from '../db/templates/apply-template.js';
import { haveCommand, skipWithout } from './support/required-tools.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';
import { makeTrialFixture } from './support/trial-fixture.js';

const haveOffice = haveCommand('soffice', ['--version']) && haveCommand('pdftotext', ['-v']) && haveCommand('pdftoppm', ['-v']);

/** The text a person reads in an HTML report: no markup, no style sheet. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<title>[\s\S]*?<\/title>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

async function fixtureArchive() {
  const { dir, archive } = await newArchive();
  const fixture = makeTrialFixture(archive);
  return { dir, archive, fixture };
}

describe('the trial report', () => {
  it('cites every tagged note, which the annex then holds with its time; every right with a finding has its basis; no id or field name anywhere', async () => {
    const { archive, fixture } = await fixtureArchive();
    expect(fixture.notes).toHaveLength(40);
    const doc = buildTrialReport(gatherTrial(archive, fixture.trial), 'en', new Date('2026-03-20T12:00:00Z'));
    const html = (await makeTrialReport(archive, { trial: fixture.trial, format: 'html', language: 'en' })).html!;
    const shown = visibleText(html);

    const tagged = fixture.notes.filter((n) => n.indicators.length);
    expect(tagged.length).toBeGreaterThan(8);
    // One citation per (note, indicator) pair, in the findings.
    expect(doc.citations).toHaveLength(tagged.reduce((sum, n) => sum + n.indicators.length, 0));
    for (const [i, note] of fixture.notes.entries()) {
      // The annex lists every note, numbered in order; a reconstructed one says so.
      expect(shown).toContain(note.text);
      if (note.indicators.length) expect(doc.citations.some((c) => c.startsWith(`Note ${i + 1} (annex)`))).toBe(true);
    }
    expect(doc.citations.filter((c) => c.includes('reconstructed from paper')).length).toBe(tagged.filter((n) => n.reconstructed).reduce((sum, n) => sum + n.indicators.length, 0));
    // Citations give the hearing's date in words and the courtroom time (Almaty), not an ISO stamp.
    expect(doc.citations[0]).toMatch(/^Note \d+ \(annex\), Hearing of \d{1,2} March 2026, \d\d:\d\d/);

    const findings = doc.blocks.filter((b) => b.kind === 'heading' && b.level === 2).map((b) => (b as { text: string }).text);
    for (const key of ['public-hearing', 'interpreter', 'equality-of-arms', 'torture-evidence-excluded']) {
      const indicator = fairTrialIndicators.find((i) => i.key === key)!;
      expect(findings).toContain(indicator.label);
      for (const basis of indicator.basis) expect(shown).toContain(basis);
    }
    expect(shown).toMatch(/Across the hearings observed\s+Violated/);
    expect(shown).toContain('Asserted by');
    expect(shown).toContain('Government: МВД');
    expect(shown).toContain('Family: Супруга');
    expect(shown).toContain('Доклад правозащитного центра «Кадыр-Касиет», p. 14');
    expect(shown).toContain('Recommendations');
    expect(shown).toContain('2 March 2026');

    for (const id of [fixture.trial, fixture.detainee, ...fixture.hearings, ...fixture.notes.map((n) => n.id)]) expect(html).not.toContain(id);
    expect(shown).not.toMatch(/observedAt|reconstructedFromPaper|sourceKind|\d{4}-\d\d-\d\dT|\bundefined\b|\[object/);
    archive.close();
  });

  it('prints the trial’s and each hearing’s defined fields by their labels, a term by its label', async () => {
    const { archive, fixture } = await fixtureArchive();
    applyTemplate(archive, {
      vocabularies: [
        { key: 'courtroom', labels: { en: 'Courtroom kinds', ru: 'Виды залов' }, terms: [{ key: 'cage', labels: { en: 'Defendant in a cage', ru: 'Подсудимый в клетке' } }] },
      ],
      fields: [
        { type: 'trial', key: 'presiding-judge-appointed', kind: 'date', labels: { en: 'Presiding judge appointed', ru: 'Председательствующий назначен' } },
        { type: 'hearing', key: 'courtroom', kind: 'choice', vocabulary: 'courtroom', labels: { en: 'Courtroom', ru: 'Зал' } },
      ],
    });
    archive.records.update(fixture.trial, { defined: { 'presiding-judge-appointed': '2 February 2026' } });
    archive.records.update(fixture.hearings[0]!, { defined: { courtroom: 'cage' } });
    const shown = visibleText((await makeTrialReport(archive, { trial: fixture.trial, format: 'html', language: 'en' })).html!);
    expect(shown).toMatch(/Presiding judge appointed\s+2 February 2026/);
    expect(shown).toMatch(/Courtroom\s+Defendant in a cage/);
    const russian = visibleText((await makeTrialReport(archive, { trial: fixture.trial, format: 'html', language: 'ru' })).html!);
    expect(russian).toMatch(/Зал\s+Подсудимый в клетке/);
    for (const word of ['presiding-judge-appointed', 'courtroom:', 'defined']) expect(shown + russian, word).not.toContain(word);
    expect(shown).not.toMatch(/Courtroom\s+cage/);
    archive.close();
  });

  it('in Russian, has no English left: every label is Russian whatever it reports', async () => {
    const { archive, fixture } = await fixtureArchive();
    const html = (await makeTrialReport(archive, { trial: fixture.trial, format: 'html', language: 'ru' })).html!;
    const shown = visibleText(html);
    // A basis cites its sub-paragraphs by letter ("МПГПП, ст. 14(3)(e)"): those letters are the Covenant's numbering.
    const latin = [...shown.replace(/\([a-z]\)/g, '').matchAll(/[A-Za-z][A-Za-z'-]*/g)].map((m) => m[0]);
    expect(latin).toEqual([]);
    expect(shown).toContain('Выводы по каждому праву');
    expect(shown).toContain('Нарушено');
    expect(shown).toContain('Правительство: МВД');
    expect(shown).toContain('2 марта 2026\u00a0г.');
    expect(shown).toContain('МПГПП, ст. 14(1)');
    expect(shown).toContain('Закрытое');
    expect(html).toContain('<html lang="ru">');
    archive.close();
  });

  it('refuses a record that is not a trial and an id that is not in the archive, in one line', async () => {
    const { archive, fixture } = await fixtureArchive();
    await expect(makeTrialReport(archive, { trial: fixture.hearings[0]!, format: 'html', language: 'en' })).rejects.toThrow(/^Заседание 1 is not a trial$/);
    await expect(makeTrialReport(archive, { trial: '0190a0c0-0000-7000-8000-000000000000', format: 'html', language: 'en' })).rejects.toMatchObject({ code: 'not_found' });
    archive.close();
  });
});

describe.skipIf(skipWithout('LibreOffice (soffice) and poppler-utils', haveOffice))('the trial report, opened by a real word processor', () => {
  it('LibreOffice opens the DOCX: headings, a filled table of contents, footnotes for citations; the CLI writes DOCX, HTML and PDF', { timeout: 240_000 }, async () => {
    const { dir, archive, fixture } = await fixtureArchive();
    archive.close();
    const out = tempDir('vigil-report-');
    const env = { VIGIL_PASSPHRASE: passphrase };
    for (const [format, lang] of [
      ['docx', 'ru'],
      ['html', 'en'],
      ['pdf', 'en'],
    ] as const) {
      const file = join(out, `report-${lang}.${format}`);
      const made = vigil(['report', 'trial', dir, fixture.trial, '--format', format, '--lang', lang, '--out', file], { env });
      expect(made.stderr).toBe('');
      expect(made.status).toBe(0);
      expect(made.stdout).toContain(file);
      expect(statSync(file).size).toBeGreaterThan(5000);
    }

    // LibreOffice, headless, as an NGO's editor would open the file.
    const profile = join(out, 'office-profile');
    mkdirSync(profile);
    const converted = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, join(out, 'report-ru.docx')], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(converted.status).toBe(0);
    // To look at the pages by hand: VIGIL_KEEP_REPORT=/some/folder keeps every file written here.
    if (process.env.VIGIL_KEEP_REPORT) cpSync(out, process.env.VIGIL_KEEP_REPORT, { recursive: true });
    const pdf = join(out, 'report-ru.pdf');
    expect(existsSync(pdf)).toBe(true);
    const docxText = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(docxText).toContain('Отчёт о мониторинге судебного процесса');
    expect(docxText).toContain('Содержание');
    // The table of contents is filled in (entries with page numbers), not an empty field.
    expect(docxText).toMatch(/Содержание Резюме[ .]*\d+ Дело и обвинение[ .]*\d+/);
    for (const note of fixture.notes) expect(docxText).toContain(note.text);
    // Citations are footnotes naming the note in the annex, its hearing and time.
    const firstTagged = fixture.notes.findIndex((n) => n.indicators.length) + 1;
    expect(docxText).toMatch(new RegExp(`Заметка ${firstTagged} \\(приложение\\), Заседание \\d+ марта 2026 г\\., \\d\\d:\\d\\d`));
    expect(docxText).toContain('МПГПП, ст. 14(3)(f)');

    const pages = join(out, 'pages');
    mkdirSync(pages);
    expect(spawnSync('pdftoppm', ['-r', '50', '-png', pdf, join(pages, 'page')]).status).toBe(0);
    const images = readdirSync(pages);
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const image of images) expect(statSync(join(pages, image)).size).toBeGreaterThan(2000);

    // The PDF the CLI printed through Chromium says the same as the HTML.
    const printed = spawnSync('pdftotext', [join(out, 'report-en.pdf'), '-'], { encoding: 'utf8' }).stdout;
    expect(printed).toContain('Findings by fair-trial right');
    expect(printed).toContain('Annex: all notes in order');
    expect(printed).toMatch(/Page 2/);
    expect(readFileSync(join(out, 'report-en.html'), 'utf8')).toContain('Findings by fair-trial right');
  });

  it('refuses bad input in one line and writes nothing', async () => {
    const { dir, archive, fixture } = await fixtureArchive();
    archive.close();
    const out = join(tempDir('vigil-report-'), 'r.docx');
    const env = { VIGIL_PASSPHRASE: passphrase };
    const cases = [
      [['report', 'trial', dir, fixture.trial, '--format', 'odt', '--out', out], 1, /--format is docx, html or pdf/],
      [['report', 'trial', dir, fixture.trial, '--format', 'docx', '--lang', 'de', '--out', out], 1, /--lang is en or ru/],
      [['report', 'trial', dir, fixture.trial, '--format', 'docx'], 1, /--out FILE/],
      [['report', 'trial', dir, fixture.hearings[0]!, '--format', 'docx', '--out', out], 3, /is not a trial/],
      [['report', 'trial', dir, '0190a0c0-0000-7000-8000-000000000000', '--format', 'docx', '--out', out], 4, /no record/],
    ] as const;
    for (const [args, status, message] of cases) {
      const result = vigil([...args], { env });
      expect(result.status).toBe(status);
      // One line says what is wrong (a usage mistake adds the usage line); never a stack trace.
      const lines = result.stderr.trim().split('\n');
      expect(lines[0]).toMatch(message);
      expect(lines.length).toBe(status === 1 ? 2 : 1);
      expect(existsSync(out)).toBe(false);
    }
  });
});
