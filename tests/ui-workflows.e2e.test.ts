import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewOfType } from '../db/shared/record-views.js';
import { fairTrialIndicators } from '../db/shared/vocabularies.js';
import { openArchive } from '../db/store/archive.js';
import { ServedPages, confirmRecoveryCode, startServe } from './support/serve-process.js';
import { makePdf, writeFixture } from './support/import-fixtures.js';
import { englishParagraphs, makeScan, makeScannedPdf } from '../bench/scan-pages.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';
import { chromiumPath, skipWithoutChromium } from './support/required-tools.js';
import { uwaziExportCsv, uwaziTemplates, uwaziThesauri } from './support/uwazi-fixtures.js';
import * as templatesModule from '../db/templates/archive-templates.js';

/**
 * What monitors do in the interface, in Debian's Chromium against `vigil serve` on a real
 * encrypted archive: hearing mode in the courtroom, a detainee typed in through the generated
 * form, conflicts resolved side by side, settings in Russian. Each test checks the archive
 * afterwards through the engine, not only the screen. Any console error fails.
 */
const shots = join(import.meta.dirname, '..', 'test-output', 'ui');

describe.skipIf(skipWithoutChromium())('monitors’ work in the interface', () => {
  let browser: Browser;
  let server: ChildProcess;
  let pages: ServedPages;
  let dir = '';

  beforeAll(async () => {
    const made = await newArchive();
    dir = made.dir;
    made.archive.records.create('trial', { title: 'Trial of Max Bokayev and Talgat Ayanov', status: 'ongoing' });
    made.archive.close();
    const served = await startServe(dir);
    server = served.server;
    pages = new ServedPages(served);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  async function unlocked(options: { locale?: string; at?: ServedPages } = {}): Promise<{ page: Page; problems: string[] }> {
    const page = await (options.at ?? pages).open(browser, { viewport: { width: 1280, height: 900 }, locale: options.locale ?? 'en-GB', acceptDownloads: true });
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (err) => problems.push(err.message));
    // The server's archive may still be open from a test that stopped before locking.
    await page.locator('#passphrase').or(page.getByRole('navigation')).waitFor();
    if (await page.locator('#passphrase').isVisible()) {
      await page.locator('#passphrase').fill(passphrase);
      await page.locator('form button[type="submit"]').click();
    }
    await page.getByRole('navigation').waitFor();
    return { page, problems };
  }

  /** The archive as the engine sees it, read while the page is locked. */
  async function readArchive<T>(read: (archive: Awaited<ReturnType<typeof openArchive>>) => T): Promise<T> {
    const archive = await openArchive(dir, { passphrase });
    try {
      return read(archive);
    } finally {
      archive.close();
    }
  }

  /** Unlocked, in hearing mode, in a hearing started today for the trial of Bokayev and Ayanov: its note field ready. */
  async function inNewHearing(): Promise<{ page: Page; problems: string[]; note: Locator }> {
    const { page, problems } = await unlocked();
    await page.getByRole('button', { name: 'Hearing mode' }).click();
    await page.locator('#hearing-trial').selectOption({ label: 'Trial of Max Bokayev and Talgat Ayanov' });
    await page.getByRole('button', { name: 'Start a new hearing today' }).click();
    const note = page.getByLabel('Note', { exact: true });
    await note.waitFor();
    return { page, problems, note };
  }

  it('records a hearing: ten notes saved with Enter, tagged by number keys, quick notes, one reconstructed from paper, one edited; a draft survives a reload', async () => {
    const { page, problems, note } = await inNewHearing();
    const said = [
      'Judge Aitkulov opens the hearing at the Atyrau city court',
      'Defence asks for the case file; refused',
      'Prosecutor reads the indictment under article 174',
      'Bokayev says he was beaten in custody',
      'The judge interrupts the defendant',
      'Witness Nurlanov does not appear',
      'Lawyer asks for a recess',
      'Recess refused',
      'Hearing adjourned to 14:00',
    ];
    for (const [i, text] of said.entries()) {
      await note.fill(text);
      if (i === 1) {
        await note.press('Shift+Enter');
        await note.pressSequentially('second line');
      }
      await note.press('Enter');
      await expect.poll(() => page.locator('.note:not(.pending)').count()).toBe(i + 1);
    }
    expect(await note.inputValue()).toBe('');
    // Number keys (with the field empty) tag the last note: 7 = counsel, 9 = interpreter; 7 again removes it.
    await note.press('7');
    await note.press('9');
    await expect
      .poll(() => page.locator('.note').first().locator('.note-indicators li').allTextContents())
      .toEqual(['Counsel of own choosing; legal assistance', 'Free interpreter']);
    await note.press('7');
    await expect.poll(() => page.locator('.note').first().locator('.note-indicators li').allTextContents()).toEqual(['Free interpreter']);
    await page.getByRole('button', { name: 'Interpreter missing' }).click();
    await expect.poll(() => page.locator('.note').count()).toBe(10);
    // A note typed after the hearing, from paper, with the time it happened.
    await page.getByLabel('Reconstructed from paper').check();
    await page.getByLabel('Observed at').fill('10:15');
    await note.fill('Observer was searched at the entrance (from paper notes)');
    await note.press('Enter');
    await expect.poll(() => page.locator('.note:not(.pending)').count()).toBe(11);
    expect(await page.locator('.note').first().locator('.note-time').textContent()).toBe('10:15');
    // Correct every field of the oldest note: text, time, rights, how it was known, its marks.
    const oldest = page.locator('.note').last();
    await oldest.getByRole('button', { name: 'Correct' }).click();
    const correction = oldest.getByRole('form');
    await correction.getByLabel('Note', { exact: true }).fill('Judge Aitkulov opens the hearing at the Atyrau regional court');
    await correction.getByLabel('Observed at').fill('09:05');
    await correction.getByLabel('Public hearing').check();
    await correction.getByLabel('How you know it').selectOption({ label: 'Told by a lawyer' });
    await correction.getByLabel('Heard through an interpreter').check();
    await correction.getByRole('button', { name: 'Save the correction' }).click();
    await expect.poll(() => oldest.locator('.note-text').textContent()).toBe('Judge Aitkulov opens the hearing at the Atyrau regional court');
    expect(await oldest.locator('.note-time').textContent()).toBe('09:05');
    expect(await oldest.locator('.note-indicators li').allTextContents()).toEqual(['Public hearing']);
    expect(await oldest.locator('.badge').allTextContents()).toContain('Heard through an interpreter');
    // A wrong tag on an older note comes off the same way.
    await oldest.getByRole('button', { name: 'Correct' }).click();
    await oldest.getByRole('form').getByLabel('Public hearing').uncheck();
    await oldest.getByRole('form').getByRole('button', { name: 'Save the correction' }).click();
    await expect.poll(() => oldest.locator('.note-indicators li').count()).toBe(0);
    // Withdrawn, a note leaves the list, and can be put back.
    const second = page.locator('.note').nth(1);
    const secondText = await second.locator('.note-text').textContent();
    await second.getByRole('button', { name: 'Withdraw' }).click();
    await second.getByRole('button', { name: 'Withdraw the note' }).click();
    await expect.poll(() => page.locator('.note').count()).toBe(10);
    await page.getByRole('button', { name: 'Put it back' }).click();
    await expect.poll(() => page.locator('.note').count()).toBe(11);
    expect(await page.locator('.note').nth(1).locator('.note-text').textContent()).toBe(secondText);
    // A draft is kept in the archive as it is typed, and comes back after a forced reload.
    await page.getByLabel('Reconstructed from paper').uncheck();
    await note.fill('The judge asks the public to');
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(shots, 'hearing-mode.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();

    const again = await unlocked();
    await again.page.getByRole('button', { name: 'Hearing mode' }).click();
    await again.page.locator('#hearing-trial').selectOption({ label: 'Trial of Max Bokayev and Talgat Ayanov' });
    await again.page.locator('#hearing-pick').selectOption({ index: 1 });
    await expect.poll(() => again.page.getByLabel('Note', { exact: true }).inputValue()).toBe('The judge asks the public to');
    await again.page.getByText('A draft from before was restored.').waitFor();
    expect(again.problems).toEqual([]);
    await again.page.getByRole('button', { name: 'Lock' }).click();
    await again.page.locator('#passphrase').waitFor();
    await again.page.close();

    await readArchive((archive) => {
      const hearing = archive.records.list({ type: 'hearing' })[0]!;
      const notes = archive.records.children(hearing.id, 'note').map((n) => viewOfType(n, 'note'));
      expect(notes).toHaveLength(11);
      const byText = new Map(notes.map((n) => [String(n.data.text), n.data as Record<string, unknown>]));
      expect(byText.get('Defence asks for the case file; refused\nsecond line')).toBeDefined();
      expect(byText.get('Hearing adjourned to 14:00')).toMatchObject({ indicators: ['interpreter'] });
      expect(byText.get('Interpreter missing')).toMatchObject({ tags: ['interpreter-missing'], indicators: ['interpreter'] });
      expect(byText.get('Observer was searched at the entrance (from paper notes)')).toMatchObject({
        flags: { reconstructedFromPaper: true },
        observedAt: expect.stringMatching(/T10:15:00[+-]\d\d:\d\d$/),
      });
      // The corrected note: every field as corrected, each correction a revision of its own.
      const corrected = notes.find((n) => n.data.text === 'Judge Aitkulov opens the hearing at the Atyrau regional court')!;
      expect(corrected.data).toMatchObject({ observedAt: expect.stringMatching(/T09:05:00[+-]\d\d:\d\d$/), sourceKind: 'told-by-lawyer', flags: { viaInterpreter: true } });
      expect(corrected.data.indicators).toBeUndefined();
      expect(archive.records.history(corrected.id)).toHaveLength(3);
      // The note withdrawn and put back: its withdrawal stays in its history.
      expect(
        notes.some(
          (n) =>
            archive.records
              .history(n.id)
              .map((r) => r.op)
              .join() === 'put,delete,put',
        ),
      ).toBe(true);
      expect(archive.records.get(hearing.id).data).toMatchObject({ interpretation: { provided: 'no' }, trial: archive.records.list({ type: 'trial' })[0]!.id });
    });
  });

  it('assesses a hearing beside the notes tagged with each right; the trial page shows the hearings and the rights across them, and writes the report as DOCX and PDF', async () => {
    const { page, problems, note } = await inNewHearing();
    await note.fill('Bailiffs keep the public out of the courtroom');
    await note.press('Enter');
    await note.press('1');
    await expect.poll(() => page.locator('.note').first().locator('.note-indicators li').allTextContents()).toEqual(['Public hearing']);
    await page.getByText(/^Assess this hearing \(0 of 14 rights assessed\)$/).click();
    const row = page.locator('.assessment-row').filter({ has: page.getByRole('heading', { name: /^Public hearing/ }) });
    await expect.poll(() => row.locator('.assessment-notes li').allTextContents()).toEqual([expect.stringMatching(/^\d\d:\d\d Bailiffs keep the public out of the courtroom$/)]);
    expect(await row.locator('.basis').textContent()).toBe('ICCPR 14(1)');
    await row.getByLabel('Assessment').selectOption({ label: 'Violated' });
    await row.getByLabel('Reasoning').fill('Closed without a reasoned decision');
    await row.getByLabel('Reasoning').press('Tab');
    await page.getByText(/^Assess this hearing \(1 of 14 rights assessed\)$/).waitFor();

    // The trial page, from the hearing's own page.
    await page.getByRole('button', { name: 'Trials & hearings' }).click();
    await page.getByRole('button', { name: 'Trial of Max Bokayev and Talgat Ayanov' }).first().click();
    const matrix = page.locator('.indicator-matrix');
    await matrix.waitFor();
    const rightRow = matrix.locator('tbody tr').filter({ hasText: 'Public hearing' });
    await expect.poll(() => rightRow.locator('td.tone-violated').count()).toBe(1);
    expect(await rightRow.locator('td.tone-violated').textContent()).toMatch(/^Violated1 note$/);
    expect(await page.locator('.trial-overview').textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-7|observedAt|\d{4}-\d\d-\d\dT/);
    await page.screenshot({ path: join(shots, 'trial-page.png'), fullPage: true });

    const warnings: string[] = [];
    page.on('dialog', (dialog) => {
      warnings.push(dialog.message());
      void dialog.accept();
    });
    for (const [button, magic, extension] of [
      ['Word (DOCX)', 'PK', 'docx'],
      ['PDF', '%PDF', 'pdf'],
    ] as const) {
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: button, exact: true }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(new RegExp(`^Trial-of-Max-Bokayev-and-Talgat-Ayanov-\\d{4}-\\d\\d-\\d\\d\\.${extension}$`));
      const saved = join(tempDir('vigil-ui-report-'), `report.${extension}`);
      await download.saveAs(saved);
      expect(readFileSync(saved).subarray(0, magic.length).toString('latin1')).toBe(magic);
      await page.getByText(/^Saved .+ It is not encrypted\.$/).waitFor();
    }
    expect(warnings).toEqual([expect.stringMatching(/NOT encrypted/), expect.stringMatching(/NOT encrypted/)]);
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.locator('#passphrase').waitFor();
    await page.close();

    await readArchive((archive) => {
      const hearing = archive.records
        .list({ type: 'hearing' })
        .map((h) => viewOfType(archive.records.get(h.id), 'hearing'))
        .find((h) => h.data.indicators?.length);
      expect(hearing?.data.indicators).toEqual([{ indicator: 'public-hearing', value: 'violated', note: 'Closed without a reasoned decision' }]);
    });
  });

  it('applies a number key pressed 0, 10 or 50 ms after Enter to the note just saved: 50 rounds, every tag on its note, no digit in any text', async () => {
    const { page, problems, note } = await inNewHearing();
    const said = (round: number) => `Statement ${String.fromCharCode(65 + Math.floor(round / 26), 65 + (round % 26))}`;
    for (let round = 0; round < 50; round++) {
      await note.fill(said(round));
      await note.press('Enter');
      const pause = [0, 10, 50][round % 3]!;
      if (pause) await page.waitForTimeout(pause);
      await note.press(String((round % 9) + 1));
    }
    await expect.poll(() => page.locator('.note:not(.pending)').count()).toBe(50);
    await expect.poll(() => page.locator('.note .note-indicators li').count(), { timeout: 10_000 }).toBe(50);
    expect(await note.inputValue()).toBe('');
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.locator('#passphrase').waitFor();
    await page.close();

    const keys = fairTrialIndicators.slice(0, 9).map((i) => i.key);
    await readArchive((archive) => {
      const notes = archive.records
        .list({ type: 'hearing' })
        .flatMap((h) => archive.records.children(h.id, 'note'))
        .map((n) => viewOfType(n, 'note').data)
        .filter((n) => String(n.text).startsWith('Statement '));
      expect(notes).toHaveLength(50);
      for (let round = 0; round < 50; round++) {
        const saved = notes.find((n) => n.text === said(round));
        expect(saved, said(round)).toMatchObject({ indicators: [keys[round % 9]] });
      }
      expect(notes.filter((n) => /\d/.test(String(n.text)))).toEqual([]);
    });
  });

  it('keeps a draft typed 50 ms before a reload, on its hearing', async () => {
    const { page, problems, note } = await inNewHearing();
    await note.pressSequentially('The witness withdraws his statement');
    await page.waitForTimeout(50);
    await page.reload();
    await page.getByRole('navigation').waitFor();
    await page.getByRole('button', { name: 'Hearing mode' }).click();
    await page.locator('#hearing-trial').selectOption({ label: 'Trial of Max Bokayev and Talgat Ayanov' });
    await page.locator('#hearing-pick').selectOption({ index: 1 });
    await expect.poll(() => page.getByLabel('Note', { exact: true }).inputValue()).toBe('The witness withdraws his statement');
    // The hearing before it does not have it.
    await page.locator('#hearing-pick').selectOption({ index: 2 });
    await expect.poll(() => page.getByLabel('Note', { exact: true }).inputValue()).toBe('');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('comes back to the open hearing and its draft after a reload and after a lock at once, without the trial and hearing picked again', async () => {
    const { page, problems, note } = await inNewHearing();
    const opened = await page.locator('#hearing-pick').inputValue();
    await note.pressSequentially('Counsel asks for a recess');
    await page.waitForTimeout(50);
    await page.reload();
    // Straight back to the hearing, the draft in its field: nothing picked again.
    await expect.poll(() => page.getByLabel('Note', { exact: true }).inputValue()).toBe('Counsel asks for a recess');
    expect(await page.locator('#hearing-pick').inputValue()).toBe(opened);
    // Locked the moment after typing: the draft is written before the archive closes.
    await page.getByLabel('Note', { exact: true }).pressSequentially(' until two');
    await page.keyboard.press('Control+Shift+L');
    await page.locator('#passphrase').fill(passphrase);
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.getByLabel('Note', { exact: true }).inputValue()).toBe('Counsel asks for a recess until two');
    expect(await page.locator('#hearing-pick').inputValue()).toBe(opened);
    // Leaving hearing mode for another screen: a reload opens on that screen.
    await page.getByRole('navigation').getByRole('button', { name: 'Search', exact: true }).click();
    await page.reload();
    await page.getByRole('navigation').waitFor();
    await expect.poll(() => page.locator('#hearing-pick').count()).toBe(0);
    // Back in hearing mode, the hearing is open again, with its draft: nothing picked again.
    await page.getByRole('navigation').getByRole('button', { name: 'Hearing mode' }).click();
    await expect.poll(() => page.getByLabel('Note', { exact: true }).inputValue()).toBe('Counsel asks for a recess until two');
    expect(await page.locator('#hearing-pick').inputValue()).toBe(opened);
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.locator('#passphrase').waitFor();
    await page.close();
  });

  it('moves between records with the browser’s Back and Forward, shows what links to a record, opens search with Ctrl+K, deletes and restores a record', async () => {
    const { page, problems } = await unlocked();
    await page.getByRole('button', { name: 'Trials & hearings' }).click();
    await page.getByRole('button', { name: 'Trial of Max Bokayev and Talgat Ayanov' }).first().click();
    const trialHeading = page.getByRole('heading', { name: 'Trial of Max Bokayev and Talgat Ayanov', level: 1 });
    await trialHeading.waitFor();
    // The hearings name the trial: the trial page lists them, by title, under "Linked from".
    const linked = page.locator('.linked-from');
    await linked.getByRole('heading', { name: 'Hearings — Trial' }).waitFor();
    const hearingTitle = (await linked.getByRole('button').first().textContent())!;
    await linked.getByRole('button').first().click();
    await page.getByRole('heading', { name: hearingTitle, level: 1 }).waitFor();
    // The hearing names its trial by type and title, and opens it.
    await page.locator('.fields').getByRole('button', { name: 'Trial Trial of Max Bokayev and Talgat Ayanov' }).click();
    await trialHeading.waitFor();
    // What is on screen names no id (the id sits in the closed Details fold).
    expect(await page.locator('article.record').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}/);
    // Back and Forward move between them, as in any web page.
    await page.goBack();
    await page.getByRole('heading', { name: hearingTitle, level: 1 }).waitFor();
    await page.goBack();
    await trialHeading.waitFor();
    await page.goForward();
    await page.getByRole('heading', { name: hearingTitle, level: 1 }).waitFor();
    // Deleted from its page, the hearing can be restored from it; both are in its history.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete the record' }).click();
    await page.getByText('This record was deleted. Its history is kept.').waitFor();
    await page.getByRole('button', { name: 'Restore it' }).click();
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    // The record's page's own Back returns to where it was opened from.
    await page.getByRole('button', { name: '← Back' }).click();
    await trialHeading.waitFor();
    // Ctrl+K: search, from any screen, ready to type.
    await page.keyboard.press('Control+k');
    await expect.poll(() => page.evaluate<string | null | undefined>("document.activeElement?.getAttribute('type')")).toBe('search');
    expect(await page.getByRole('searchbox', { name: 'Search' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.locator('#passphrase').waitFor();
    await page.close();
    await readArchive((archive) => {
      const hearing = archive.records.list({ type: 'hearing' }).find((h) => h.title === hearingTitle)!;
      expect(
        archive.records
          .history(hearing.id)
          .map((r) => r.op)
          .slice(-2),
      ).toEqual(['delete', 'put']);
    });
  });

  it('downloads a CSV file per record type and a PDF of the records chosen, in browser mode', async () => {
    const { page, problems } = await unlocked();
    await page.getByRole('navigation').getByRole('button', { name: 'Sync' }).click();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.locator('form[aria-labelledby="export-title"] select').first().selectOption('csv');
    const names: string[] = [];
    page.on('download', (download) => names.push(download.suggestedFilename()));
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText(/records? written to vigil-/).waitFor();
    // Every type that has records here, one file each (trials and hearings at least).
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^vigil-trial-\d{4}-\d\d-\d\d\.csv$/), expect.stringMatching(/^vigil-hearing-\d{4}-\d\d-\d\d\.csv$/)]));
    const printing = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save as PDF' }).click();
    const pdf = await printing;
    const saved = join(tempDir('vigil-ui-pdf-'), 'records.pdf');
    await pdf.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 4).toString('latin1')).toBe('%PDF');
    // A Word document of the records chosen, then of one record from its page.
    await page.locator('form[aria-labelledby="export-title"] select').first().selectOption('docx');
    const docx = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    expect((await docx).suggestedFilename()).toMatch(/^vigil-export-\d{4}-\d\d-\d\d\.docx$/);
    await page.getByRole('navigation').getByRole('button', { name: 'Trials & hearings' }).click();
    await page.locator('.list-viewport td .link').first().click();
    await page.locator('#record-title').waitFor();
    const title = await page.locator('#record-title').textContent();
    const one = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save as Word' }).click();
    const word = await one;
    const wordFile = join(tempDir('vigil-ui-docx-'), 'record.docx');
    await word.saveAs(wordFile);
    expect(word.suggestedFilename()).toMatch(/\.docx$/);
    const { value: words } = await mammoth.extractRawText({ buffer: readFileSync(wordFile) });
    expect(words).toContain(title!);
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved .+\.docx\. The file is not encrypted\.$/ })
      .waitFor();
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.locator('#passphrase').waitFor();
    await page.close();
  });

  it('adds a detainee through the form: two arrests with the accounts of the source and the government, dates as written', async () => {
    const { page, problems } = await unlocked();
    await page.getByRole('button', { name: 'Detainees' }).click();
    await page.getByRole('button', { name: 'New detainee' }).click();
    await page.getByRole('heading', { name: 'New detainee', level: 1 }).waitFor();
    // Saving without a title is refused in the page, at the field.
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.field-issue').first().textContent()).toMatch(/required|empty/);
    await page.locator('#field-title').fill('Max Bokayev');
    // Sections other than the first start folded on a new record: opened by their headings.
    await page.getByRole('heading', { name: 'Status', level: 2 }).click();
    await page.locator('#field-status').selectOption('serving-sentence');
    await page.getByRole('heading', { name: 'Summary, tags and sensitivity', level: 2 }).click();
    await page.getByLabel('Country').selectOption({ label: 'Kazakhstan' });
    await page.getByRole('heading', { name: 'Arrest and detention', level: 2 }).click();
    await page.getByRole('button', { name: 'Add an arrest' }).click();
    await page.getByRole('button', { name: 'Add an arrest' }).click();
    await page.locator('#field-arrests-0-date').fill('early May 2016');
    await expect.poll(() => page.locator('#field-arrests-0-date-date').textContent()).toMatch(/1 – 10 May 2016/);
    await page.locator('#field-arrests-0-place').fill('Atyrau');
    const firstArrest = page.locator('.list-item').filter({ has: page.locator('#field-arrests-0-date') });
    await firstArrest.getByRole('button', { name: "Add a party's account" }).click();
    await firstArrest.getByRole('button', { name: "Add a party's account" }).click();
    await page.locator('#field-arrests-0-accounts-0-by-kind').selectOption('source');
    await page.locator('#field-arrests-0-accounts-0-date').fill('17 May 2016');
    await page.locator('#field-arrests-0-accounts-0-circumstances').fill('Detained at home at night without a warrant');
    // Optional groups start folded: the source of each account is opened to be filled in.
    await page.locator('#group-arrests-0-accounts-0-source > summary').click();
    await page.locator('#field-arrests-0-accounts-0-source-citation').fill('Communication of the source to the WGAD');
    await page.locator('#field-arrests-0-accounts-1-by-kind').selectOption('government');
    await page.locator('#field-arrests-0-accounts-1-date').fill('18 May 2016');
    await page.locator('#field-arrests-0-accounts-1-circumstances').fill('Arrested under a court order after summons');
    await page.locator('#group-arrests-0-accounts-1-source > summary').click();
    await page.locator('#field-arrests-0-accounts-1-source-citation').fill('Reply of the Government, 2017');
    await page.locator('#field-arrests-1-date').fill('November 2022');
    await page.locator('#field-arrests-1-place').fill('Atyrau pre-trial detention centre');
    await page.screenshot({ path: join(shots, 'detainee-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Max Bokayev', level: 1 }).waitFor();
    expect(await page.locator('.fields').first().textContent()).toContain('early May 2016');
    await page.screenshot({ path: join(shots, 'detainee-record.png'), fullPage: true });

    // Editing changes one field and keeps the rest.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.locator('#field-statusNote').fill('Released on parole in 2021, detained again in 2022');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Max Bokayev', level: 1 }).waitFor();
    // The two accounts of the first arrest side by side, the facts they disagree on marked.
    const disputed = page.getByRole('region', { name: 'Disputed accounts' });
    expect(await disputed.locator('thead th').allTextContents()).toEqual(['Field', 'According to: Source (petitioner)', 'According to: Government']);
    expect(await disputed.locator('tr.differs th').allTextContents()).toEqual(['Date', 'Circumstances', 'Source']);
    // The history says what the edit changed.
    await page.getByText('History: 2 revisions').click();
    expect(await page.locator('.history li').first().textContent()).toContain('1 field changed');
    expect(await page.locator('.history .diff tbody tr').first().textContent()).toBe('Status note(not set)Released on parole in 2021, detained again in 2022');
    await page.screenshot({ path: join(shots, 'detainee-history.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.locator('#passphrase').waitFor();
    await page.close();

    await readArchive((archive) => {
      const [record] = archive.records.list({ type: 'detainee' });
      const data = viewOfType(archive.records.get(record!.id), 'detainee').data;
      const arrests = data.arrests ?? [];
      expect(data).toMatchObject({ title: 'Max Bokayev', status: 'serving-sentence', country: 'KZ', statusNote: 'Released on parole in 2021, detained again in 2022' });
      expect(data.arrests).toHaveLength(2);
      expect(arrests[0]!.date).toEqual({ text: 'early May 2016', start: '2016-05-01', end: '2016-05-10' });
      expect(arrests[0]!.accounts?.map((a) => [a.by.kind, a.date?.start])).toEqual([
        ['source', '2016-05-17'],
        ['government', '2016-05-18'],
      ]);
      expect(arrests[0]!.accounts?.[1]!.source).toEqual({ citation: 'Reply of the Government, 2017' });
      expect(arrests[1]).toMatchObject({ date: { text: 'November 2022', start: '2022-11-01', end: '2022-11-30' }, place: 'Atyrau pre-trial detention centre' });
      expect(archive.records.history(record!.id)).toHaveLength(2);
    });
  });

  it('defines a field in Settings and fills it in a form at machine speed: Enter 0 ms after the last key saves exactly what was typed, on the record typed into', async () => {
    const { page, problems } = await unlocked();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.locator('#definition-type').selectOption({ label: 'Detainee' });
    await page.locator('#definition-field-en').click();
    await page.keyboard.type('Place of origin', { delay: 0 });
    await page.keyboard.press('Enter');
    await page.getByText('Field added: Place of origin.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Detainees' }).click();
    await page.getByRole('button', { name: 'New detainee' }).click();
    await page.locator('#field-title').click();
    await page.keyboard.type('Serikzhan Bilash', { delay: 0 });
    await page.getByRole('heading', { name: 'Fields of your organisation', level: 2 }).click();
    await page.locator('#field-defined-place-of-origin').click();
    await page.keyboard.type('Almaty region, Zharkent', { delay: 0 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Serikzhan Bilash', level: 1 }).waitFor();
    await page.getByText('Place of origin').first().waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/place-of-origin|defined/);
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.locator('#passphrase').waitFor();
    await page.close();
    const saved = await readArchive((archive) =>
      archive.records
        .list({ type: 'detainee' })
        .filter((r) => r.title === 'Serikzhan Bilash')
        .map((r) => archive.records.get(r.id).data.defined),
    );
    expect(saved).toEqual([{ 'place-of-origin': 'Almaty region, Zharkent' }]);
  });

  it("imports Uwazi's CSV with its template and thesauri on the Import screen, finds it by filter, exports it for Uwazi, and carries a list as thesaurus CSV in Settings", async () => {
    const files = tempDir('vigil-ui-uwazi-');
    const csv = writeFixture(files, 'incidents.csv', uwaziExportCsv);
    const template = writeFixture(files, 'templates.json', JSON.stringify(uwaziTemplates));
    const thesauri = writeFixture(files, 'thesauri.json', JSON.stringify(uwaziThesauri));
    const { page, problems } = await unlocked();
    await page.getByRole('navigation').getByRole('button', { name: 'Import' }).click();
    await page.getByLabel('Entities (CSV)').setInputFiles(csv);
    await page.getByLabel('Template (JSON)').setInputFiles(template);
    await page.getByLabel('Thesauri (JSON, if you have them)').setInputFiles(thesauri);
    // At machine speed: Enter 0 ms after the last key checks the file, writing nothing.
    await page.locator('#uwazi-type-name').click();
    await page.keyboard.type('Incident', { delay: 0 });
    await page.keyboard.press('Enter');
    await page.getByText('Checked: 2 rows, nothing written yet.').waitFor();
    // Columns by their labels, never field keys.
    const columns = page.getByRole('list', { name: 'Columns' });
    await columns.getByText('Location → Location').waitFor();
    expect(await columns.textContent()).not.toMatch(/location_geolocation|related_incidents/);
    // Two clicks in the same instant import once.
    const importButton = page.getByRole('button', { name: 'Import from Uwazi' });
    await Promise.all([importButton.click(), importButton.dispatchEvent('click')]);
    await page.getByText('Imported as Incident: 2 new, 0 updated, 0 unchanged.').waitFor();
    // Again, at once: the same records, updated in place rather than added twice.
    await page.getByRole('button', { name: 'Import from Uwazi' }).click();
    await page.getByText('Imported as Incident: 0 new, 0 updated, 2 unchanged.').waitFor();
    await page.screenshot({ path: join(shots, 'uwazi-import.png'), fullPage: true });

    await page.getByRole('navigation').getByRole('button', { name: 'Search' }).click();
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('violations:beating');
    await search.press('Enter');
    await expect.poll(() => page.locator('.results li').allTextContents()).toEqual([expect.stringContaining('Zhanaozen, 16 December')]);

    await page.getByRole('navigation').getByRole('button', { name: 'Sync' }).click();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.locator('form[aria-labelledby="export-title"] select').first().selectOption('uwazi-csv');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('Choose the record type for a CSV for Uwazi', { exact: false }).waitFor();
    await page.getByLabel('Records of type').selectOption({ label: 'Incident' });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^uwazi-incident-\d{4}-\d\d-\d\d\.csv$/);
    const saved = join(files, 'out.csv');
    await file.saveAs(saved);
    expect(readFileSync(saved, 'utf8').split('\n')[0]).toBe(
      'title,country,description,victims,date,period,hearings,location_geolocation,violations,related_incidents,source,case_id',
    );

    await page.getByRole('button', { name: 'Settings' }).click();
    const thesaurus = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save Violations as a thesaurus CSV' }).click();
    const list = join(files, 'violations.csv');
    await (await thesaurus).saveAs(list);
    expect(readFileSync(list, 'utf8')).toBe('English\nTorture\n- Beating\n- Stress positions\nArbitrary detention\n');
    await page
      .getByLabel('Read terms into Violations from a thesaurus CSV')
      .setInputFiles(writeFixture(files, 'more.csv', 'English,Russian\nTorture,Пытки\n- Electric shocks,- Электрошок\n'));
    await page.getByText('Violations: 2 terms read, 1 of them new; terms it had already were not added twice.').waitFor();
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.locator('#passphrase').waitFor();
    await page.close();
    const terms = await readArchive((archive) => {
      const { archiveTemplates } = templatesModule;
      return [...archiveTemplates(archive.db).terms('uwazi-violations').values()].map((p) => `${p.term.labels.en} < ${p.parent ?? ''}`).sort();
    });
    expect(terms).toEqual(['Arbitrary detention < ', 'Beating < k9vqx1bkkso', 'Electric shocks < k9vqx1bkkso', 'Stress positions < k9vqx1bkkso', 'Torture < ']);
  });

  it('speaks Russian when chosen in the settings, and keeps the choice', async () => {
    const { page, problems } = await unlocked();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => page.locator('.mono').first().textContent()).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){7}$/);
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { name: 'Настройки' }).waitFor();
    expect(await page.getByRole('navigation').textContent()).toContain('Задержанные');
    await page.screenshot({ path: join(shots, 'settings-ru.png'), fullPage: true });
    await page.getByRole('button', { name: 'Заблокировать' }).click();
    await page.getByRole('heading', { name: 'Разблокировать архив' }).waitFor();
    await page.screenshot({ path: join(shots, 'unlock-ru.png') });
    await page.evaluate(() => localStorage.setItem('vigil-language', 'en'));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reads a scan by OCR page by page; a cancel clicked at once writes nothing; the scan’s words are found, marked as read by OCR', async () => {
    const files = tempDir('vigil-ui-ocr-');
    const pages = [
      makeScan(englishParagraphs.slice(0, 1), { dpi: 150 }),
      makeScan(englishParagraphs.slice(1, 2), { dpi: 150 }),
      makeScan(englishParagraphs.slice(2), { dpi: 150 }),
    ];
    const scan = writeFixture(files, 'decision-scan.pdf', await makeScannedPdf(pages));
    const { page, problems } = await unlocked();
    await page.getByRole('navigation').getByRole('button', { name: 'Import' }).click();
    await page.locator('#import-files').setInputFiles([scan]);
    // At machine speed: Cancel the moment it shows, before the import has said a word.
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    await page.getByRole('button', { name: 'Cancel import' }).click();
    await page.getByText('The import was cancelled. The file being read was not saved; files imported before it stay.').waitFor({ timeout: 60_000 });
    await page.getByRole('navigation').getByRole('button', { name: 'Search' }).click();
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('asylum-seekers');
    await search.press('Enter');
    await page.getByText(/nowhere in the archive/).waitFor();

    // Again, to the end: the page being read is shown, then what OCR read.
    await page.getByRole('navigation').getByRole('button', { name: 'Import' }).click();
    await page.locator('#import-files').setInputFiles([scan]);
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    await page.getByText(/^Reading page \d of 3 of decision-scan\.pdf \(OCR\)$/).waitFor({ timeout: 60_000 });
    await page.getByText('Imported 1, duplicates 0, rejected 0').waitFor({ timeout: 120_000 });
    await page.getByText('Text read by OCR from 3 pages.').waitFor();
    await page.getByRole('navigation').getByRole('button', { name: 'Search' }).click();
    await search.fill('asylum-seekers');
    await search.press('Enter');
    await expect.poll(() => page.locator('.results li').first().textContent()).toMatch(/p\. 1, read by OCR \(\d+ % sure\)/);
    await page.locator('.results li').first().getByRole('button').first().click();
    const reading = page.locator('dd', { hasText: 'mean confidence' }).last();
    await reading.waitFor();
    expect(await reading.textContent()).toMatch(/^Pages 1–3, in Russian, Kazakh, English; mean confidence \d+ %\.$/);
    // Nothing of the machine's own words on the page: no codes, no field names.
    expect(await page.locator('body').textContent()).not.toMatch(/\b(rus|kaz|eng|ocr|confidence:|turned)\b/);
    await page.screenshot({ path: join(shots, 'ocr-record.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);

  it('imports a PDF and a spreadsheet (columns previewed and one remapped), then finds the PDF’s words with their page', async () => {
    const files = tempDir('vigil-ui-import-');
    const pdf = writeFixture(
      files,
      'opinion-2023.pdf',
      await makePdf([['Opinion of the Working Group'], ['The source alleges that Mr. Ayanov was held incommunicado in Atyrau.']], {
        title: 'Opinion No. 12/2023 concerning Talgat Ayanov',
      }),
    );
    const csv = writeFixture(
      files,
      'detainees.csv',
      'ФИО,Дата ареста,Статья,Примечание\nАянов Талгат,17.05.2016,ст. 174 ч. 2 УК РК,осуждён на 5 лет\nБокаев Макс,17.05.2016,ст. 174 ч. 2 УК РК,\n',
    );
    const second = writeFixture(files, 'witnesses.csv', 'Name,Role\nAigul Nurbekova,witness\n');
    const stray = writeFixture(files, 'stray.csv', 'Name\nNobody\n');
    const { page, problems } = await unlocked();
    await page.getByRole('navigation').getByRole('button', { name: 'Import' }).click();
    // Nothing chosen yet: the screen says what to do.
    await page.getByText(/^No files chosen yet\./).waitFor();
    await page.locator('#import-files').setInputFiles([pdf, csv, second, stray]);
    const staged = page.getByRole('list', { name: 'Files to import' });
    await expect.poll(() => staged.textContent()).toContain('stray.csv');
    // A file chosen by mistake leaves the list.
    await page.getByRole('button', { name: 'Remove stray.csv from the list' }).click();
    await expect.poll(() => staged.locator('li').count()).toBe(3);
    // Every staged spreadsheet can be previewed, each with its own columns and the type its rows become.
    await page.getByLabel('What the rows of witnesses.csv become').selectOption('person');
    await page.getByRole('button', { name: 'Preview witnesses.csv' }).click();
    await page.getByRole('heading', { name: 'witnesses.csv: columns and the fields they fill' }).waitFor();
    expect(await staged.locator('li', { hasText: 'witnesses.csv' }).textContent()).toContain('1 row');
    await page.getByRole('button', { name: 'Preview detainees.csv' }).click();
    await page.getByRole('heading', { name: 'detainees.csv: columns and the fields they fill' }).waitFor();
    expect(await staged.locator('li', { hasText: 'detainees.csv' }).textContent()).toContain('2 rows');
    expect(await page.getByLabel('Field for the column ФИО').inputValue()).toBe('title');
    await page.getByLabel('Field for the column Примечание').selectOption('statusNote');
    await page.getByRole('button', { name: 'Preview again with these choices' }).click();
    await expect.poll(() => page.locator('.preview-rows li').first().textContent()).toContain('Status noteосуждён на 5 лет');
    await page.screenshot({ path: join(shots, 'import-preview.png'), fullPage: true });
    await page.getByRole('button', { name: 'Import 3 files' }).click();
    await page.getByText('Imported 3, duplicates 0, rejected 0').waitFor();
    await page.screenshot({ path: join(shots, 'import-summary.png'), fullPage: true });
    // The same spreadsheet again: its preview says it is already here.
    await page.locator('#import-files').setInputFiles([second]);
    await page.getByRole('button', { name: 'Preview witnesses.csv' }).click();
    await page.getByText('witnesses.csv was imported before: importing it again adds nothing.').waitFor();
    expect(await staged.textContent()).toContain('already in the archive');
    await page.getByRole('button', { name: 'Remove witnesses.csv from the list' }).click();
    // The same files again are duplicates, not new records.
    await page.locator('#import-files').setInputFiles([pdf]);
    await page.getByRole('button', { name: 'Import 1 file' }).click();
    await page.getByText('Imported 0, duplicates 1, rejected 0').waitFor();

    await page.getByRole('navigation').getByRole('button', { name: 'Search' }).click();
    const search = page.getByRole('searchbox', { name: 'Search' });
    // At machine speed: a second query 0 ms after the first one's Enter. The first one's hits,
    // arriving late, must not replace the second one's answer: nothing, and the word named.
    await search.fill('incommunicado Atyrau');
    await search.press('Enter');
    await search.fill('zzyzxqv');
    await search.press('Enter');
    await page.getByText('nowhere in the archive, in any spelling: “zzyzxqv”').waitFor();
    await page.waitForTimeout(300);
    expect(await page.locator('.results li').count()).toBe(0);
    await search.fill('incommunicado Atyrau');
    await search.press('Enter');
    await expect.poll(() => page.locator('.results li').first().textContent()).toMatch(/Opinion No\. 12\/2023.*p\. 2/);
    expect(await page.locator('.results li').first().locator('mark').allTextContents()).toEqual(expect.arrayContaining(['incommunicado']));
    // The hit opens its document on the passage it came from, highlighted, the matched words marked.
    await page.locator('.results li').first().getByRole('button').click();
    const passage = page.locator('.passage.focused');
    await passage.waitFor();
    expect(await passage.locator('.passage-anchor').textContent()).toMatch(/^p\. 2\b/);
    expect(await passage.locator('mark').allTextContents()).toEqual(expect.arrayContaining(['incommunicado']));
    expect(
      await passage.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= el.ownerDocument.defaultView!.innerHeight;
      }),
    ).toBe(true);
    await page.screenshot({ path: join(shots, 'hit-in-context.png') });
    // The original PDF, viewed from the archive in memory, its hash checked.
    await page.getByRole('button', { name: 'View' }).click();
    await page.getByText('Shown from the encrypted archive; its SHA-256 checked. Nothing was written to disk.').waitFor();
    await expect.poll(() => page.locator('.pdf-page canvas').count()).toBe(2);
    // Drawn: the first page's canvas has dark (text) pixels on white.
    await expect
      .poll(() =>
        page
          .locator('.pdf-page canvas')
          .first()
          .evaluate((c) => {
            const canvas = c as unknown as {
              width: number;
              height: number;
              getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
            };
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let dark = 0;
            for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 160 && pixels[i + 3]! > 0) dark++;
            return dark;
          }),
      )
      .toBeGreaterThan(20);
    await page.screenshot({ path: join(shots, 'attachment-viewer.png') });
    // From the hit's passage to its page of the PDF, with the matched word marked on the page.
    await page.getByRole('button', { name: 'See it on page 2 of the PDF' }).click();
    await page.locator('.pdf-page.focused figcaption', { hasText: 'p. 2' }).waitFor();
    await expect.poll(() => page.locator('.pdf-page.focused .pdf-mark').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('toolbar', { name: 'Zoom' }).getByText('125 %').waitFor();
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.close();
    await readArchive((archive) => {
      const detainees = archive.records.list({ type: 'detainee' }).map((r) => archive.records.get(r.id).data);
      expect(detainees).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Аянов Талгат', statusNote: 'осуждён на 5 лет' })]));
      expect(archive.records.list({ type: 'person' }).map((r) => r.title)).toContain('Aigul Nurbekova');
    });
  });

  it('makes a bundle in one archive, imports it in another, and resolves the conflict that two edits made', async () => {
    const other = await newArchive();
    other.archive.close();
    const second = await startServe(other.dir);
    try {
      // A: a record, sent to B in a bundle made and downloaded in the page.
      const a = await unlocked();
      await a.page.getByRole('button', { name: 'Detainees' }).click();
      await a.page.getByRole('button', { name: 'New detainee' }).click();
      await a.page.locator('#field-title').fill('Erzhan Elshibaev');
      await a.page.getByRole('heading', { name: 'Status', level: 2 }).click();
      await a.page.locator('#field-status').selectOption('detained');
      await a.page.getByRole('button', { name: 'Save' }).click();
      await a.page.getByRole('heading', { name: 'Erzhan Elshibaev', level: 1 }).waitFor();
      await a.page.getByRole('navigation').getByRole('button', { name: 'Sync' }).click();
      await a.page.getByLabel('Team passphrase', { exact: true }).first().fill('team passphrase for the bundle');
      const downloading = a.page.waitForEvent('download');
      await a.page.getByRole('button', { name: 'Make the bundle' }).click();
      const bundle = join(tempDir('vigil-ui-bundle-'), 'a.vigil');
      await (await downloading).saveAs(bundle);
      // The notice sits in the form that made it, the size in words.
      const made = a.page.locator('form[aria-labelledby="make-bundle-title"]');
      await made
        .getByRole('status')
        .filter({ hasText: /Bundle written: vigil-[\d-]+\.vigil, [\d.]+\s(KB|bytes)\./ })
        .waitFor();
      expect(await made.locator('.sync-counts dt').allTextContents()).toEqual(['Record versions', 'Attachments']);
      await a.page.screenshot({ path: join(shots, 'sync.png'), fullPage: true });
      await a.page.getByRole('button', { name: 'Lock' }).click();
      await a.page.close();

      const b = await unlocked({ at: new ServedPages(second) });
      await b.page.getByRole('navigation').getByRole('button', { name: 'Sync' }).click();
      await b.page.getByLabel('Choose a bundle…').setInputFiles(bundle);
      // A wrong team passphrase first: said beside the import, and the same file tried again with the right one.
      const importing = b.page.locator('form[aria-labelledby="import-bundle-title"]');
      await b.page.getByLabel('Team passphrase', { exact: true }).nth(1).fill('not the team passphrase');
      await b.page.getByRole('button', { name: 'Import a bundle' }).click();
      await importing.getByRole('alert').filter({ hasText: 'That team passphrase does not open this bundle.' }).waitFor();
      await b.page.getByLabel('Team passphrase', { exact: true }).nth(1).fill('team passphrase for the bundle');
      await b.page.getByRole('button', { name: 'Import a bundle' }).click();
      await importing
        .getByRole('status')
        .filter({ hasText: /seen here for the first time/ })
        .waitFor();
      expect(await importing.getByRole('alert').count()).toBe(0);
      const counts = Object.fromEntries(
        await importing.locator('.sync-counts > div').evaluateAll((rows) => rows.map((r) => [r.querySelector('dt')!.textContent, Number(r.querySelector('dd')!.textContent)])),
      );
      expect(counts).toMatchObject({ 'New records': expect.any(Number), Updated: 0, 'Conflicts to resolve': 0 });
      expect(counts['New records']).toBeGreaterThan(0);
      // The same bundle picked again: a fresh upload, nothing new.
      await b.page.getByLabel('Choose a bundle…').setInputFiles(bundle);
      await b.page.getByLabel('Team passphrase', { exact: true }).nth(1).fill('team passphrase for the bundle');
      await b.page.getByRole('button', { name: 'Import a bundle' }).click();
      await importing
        .getByRole('status')
        .filter({ hasText: /from the known device/ })
        .waitFor();
      expect(await importing.locator('.sync-counts dd').first().textContent()).toBe('0');
      await b.page.getByRole('button', { name: 'Lock' }).click();
      await b.page.close();

      // Each side edits the same record while apart; B's edit comes back to A in a bundle.
      const id = await readArchive((archive) => {
        const record = archive.records.list({ type: 'detainee' }).find((r) => r.title === 'Erzhan Elshibaev')!;
        archive.records.update(record.id, { status: 'released' });
        return record.id;
      });
      const { openArchive: open } = await import('../db/store/archive.js');
      const onB = await open(other.dir, { passphrase });
      onB.records.update(id, { status: 'convicted', statusNote: 'Sentenced to 7 years' });
      onB.close();
      const back = join(tempDir('vigil-ui-bundle-'), 'b.vigil');
      const { exportBundle } = await import('../db/bundles/write-bundle.js');
      const reopened = await open(other.dir, { passphrase });
      await exportBundle(reopened, { out: back, all: true, passphrase: 'team passphrase for the bundle' } as never);
      reopened.close();

      const again = await unlocked();
      await again.page.getByRole('navigation').getByRole('button', { name: 'Sync' }).click();
      await again.page.getByLabel('Choose a bundle…').setInputFiles(back);
      await again.page.getByLabel('Team passphrase', { exact: true }).nth(1).fill('team passphrase for the bundle');
      await again.page.getByRole('button', { name: 'Import a bundle' }).click();
      await again.page.locator('.sync-counts div').filter({ hasText: 'Conflicts to resolve' }).locator('dd', { hasText: '1' }).waitFor();
      await again.page.getByRole('navigation').getByRole('button', { name: 'Conflicts' }).click();
      const card = again.page.locator('.conflict').filter({ hasText: 'Erzhan Elshibaev' });
      await card.waitFor();
      expect(await card.locator('tr.differs th').allTextContents()).toEqual(expect.arrayContaining(['Status', 'Status note']));
      await again.page.screenshot({ path: join(shots, 'conflicts.png'), fullPage: true });
      // Merge: the status from this side, the note from the other.
      const released = card
        .locator('tr.differs')
        .filter({ hasText: 'Released' })
        .getByRole('radio', { name: /Released/ });
      await released.check();
      await card.getByRole('button', { name: 'Save the fields chosen above as the current version' }).click();
      await again.page.getByText('Resolved: the chosen version is now current.').waitFor();
      expect(again.problems).toEqual([]);
      await again.page.getByRole('button', { name: 'Lock' }).click();
      await again.page.close();
      await readArchive((archive) => {
        const merged = archive.records.get(id);
        expect(merged.conflict).toBe(false);
        expect(merged.data).toMatchObject({ status: 'released', statusNote: 'Sentenced to 7 years' });
      });
    } finally {
      second.server.kill('SIGTERM');
    }
  });

  it('walks the same paths in Russian: an import previewed and a refusal said in Russian, dates as written, a report’s page in its PDF, Save as Word, a bundle’s counts', async () => {
    const files = tempDir('vigil-ui-ru-');
    const csv = writeFixture(files, 'свидетели.csv', 'ФИО,Роль\nНурбекова Айгуль,свидетель\n');
    const notPdf = writeFixture(files, 'решение.pdf', 'это не PDF, а обычный текст');
    const { page, problems } = await unlocked({ locale: 'ru-RU' });
    page.on('dialog', (dialog) => void dialog.accept());
    // A browser set to Russian opens the app in Russian.
    const rail = page.getByRole('navigation');
    await rail.getByRole('button', { name: 'Задержанные' }).waitFor();

    await rail.getByRole('button', { name: 'Импорт' }).click();
    await page.getByText(/^Файлы ещё не выбраны\./).waitFor();
    await page.locator('#import-files').setInputFiles([csv, notPdf]);
    await page.getByRole('button', { name: 'Просмотр: свидетели.csv' }).click();
    await page.getByRole('heading', { name: 'свидетели.csv: столбцы и поля, которые они заполняют' }).waitFor();
    expect(await page.getByRole('list', { name: 'Файлы для импорта' }).textContent()).toContain('1 строка');
    await page.screenshot({ path: join(shots, 'import-ru.png'), fullPage: true });
    await page.getByRole('button', { name: 'Импортировать 2 файла' }).click();
    await page.getByText('Импортировано 1, дубликатов 0, отклонено 1').waitFor();
    expect(await page.locator('tr.outcome-rejected').textContent()).toContain('содержимое не соответствует расширению .pdf: это обычный текст');

    // Dates typed as people write them, read back in Russian; then a report opened on its hit and its PDF page.
    await page.keyboard.press('Control+k');
    const search = page.getByRole('searchbox');
    await search.fill('incommunicado');
    await search.press('Enter');
    await page.getByLabel('С', { exact: true }).fill('2016');
    await page.getByText('1 января 2016 г.').waitFor();
    await page.getByLabel('По', { exact: true }).fill('31.12.2030');
    await page.getByText('31 декабря 2030 г.').waitFor();
    await page.getByLabel('С', { exact: true }).fill('');
    await page.getByLabel('По', { exact: true }).fill('');
    await page
      .locator('.results li')
      .getByRole('button', { name: /^Opinion No\. 12\/2023/ })
      .click();
    await page.locator('.passage.focused .passage-anchor', { hasText: 'с. 2' }).waitFor();
    await page.getByRole('button', { name: 'Показать на странице 2 PDF' }).click();
    await expect.poll(() => page.locator('.pdf-page.focused .pdf-mark').count()).toBeGreaterThan(0);
    expect(await page.getByRole('toolbar', { name: 'Масштаб' }).getByRole('button', { name: 'По ширине' }).getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: join(shots, 'pdf-page-ru.png') });
    const saving = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Сохранить в Word' }).click();
    expect((await saving).suggestedFilename()).toMatch(/\.docx$/);
    await page
      .getByRole('status')
      .filter({ hasText: /^Сохранено: .+\.docx\. Файл не зашифрован\.$/ })
      .waitFor();

    await rail.getByRole('button', { name: 'Синхронизация' }).click();
    await page.getByLabel('Парольная фраза команды', { exact: true }).first().fill('team passphrase for the bundle');
    const bundle = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Создать пакет' }).click();
    await bundle;
    const made = page.locator('form[aria-labelledby="make-bundle-title"]');
    await made
      .getByRole('status')
      .filter({ hasText: /^Пакет записан: vigil-[\d-]+\.vigil, [\d,]+\s(КБ|МБ)\.$/ })
      .waitFor();
    expect(await made.locator('.sync-counts dt').allTextContents()).toEqual(['Версий записей', 'Вложений']);
    await page.screenshot({ path: join(shots, 'sync-ru.png'), fullPage: true });
    await page.evaluate(() => localStorage.setItem('vigil-language', 'en'));
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Заблокировать' }).click();
    await page.close();
  });

  it('keeps an activity log the monitor reads in words: a failed unlock, a record made and edited, opened from its title, in English and Russian, exported', async () => {
    const page = await pages.open(browser, { viewport: { width: 1280, height: 800 }, locale: 'en-GB', acceptDownloads: true });
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (err) => problems.push(err.message));
    await page.locator('#passphrase').or(page.getByRole('navigation')).waitFor();
    if (await page.getByRole('navigation').isVisible()) {
      await page.getByRole('button', { name: 'Lock' }).click();
      await page.locator('#passphrase').waitFor();
    }
    // More than a page of entries, whatever ran before.
    await readArchive((archive) => {
      for (let i = 1; i <= 50; i++) archive.records.create('person', { title: `Witness ${i}` });
    });

    // A wrong passphrase first, then the right one, typed and entered at machine speed.
    await page.locator('#passphrase').focus();
    await page.keyboard.type('not the passphrase');
    await page.keyboard.press('Enter');
    await page.getByText('That passphrase does not open this archive.').waitFor();
    await page.locator('#passphrase').fill('');
    await page.keyboard.type(passphrase);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation').waitFor();

    await page.getByRole('button', { name: 'Detainees' }).click();
    await page.getByRole('button', { name: 'New detainee' }).click();
    await page.locator('#field-title').focus();
    await page.keyboard.type('Aigerim Tleuzhan');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Aigerim Tleuzhan', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Status', level: 2 }).click();
    await page.locator('#field-statusNote').focus();
    await page.keyboard.type('Transferred to the Almaty pre-trial centre');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Aigerim Tleuzhan', level: 1 }).waitFor();

    // Settings → Activity log…, by keyboard.
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Activity log…' }).focus();
    await page.keyboard.press('Enter');
    const check = page.locator('.log-check');
    await expect.poll(() => check.textContent()).toMatch(/^The log is intact: [\d,]+ entries; the newest is signed by this device\.$/);
    await page.screenshot({ path: join(shots, 'activity-log-en-1280.png') });
    const rows = page.locator('.activity-table tbody tr');
    const cellsOf = (text: string) => rows.filter({ hasText: text }).first().locator('td').allTextContents();
    expect(await page.locator('.activity-table thead th').allTextContents()).toEqual(['No.', 'When', 'What happened', 'Record', 'Device', 'Details']);
    expect((await cellsOf('Record edited')).slice(2)).toEqual(['Record edited', 'Aigerim Tleuzhan', 'this device', 'Changed: Status note']);
    expect((await cellsOf('Record created')).slice(2)).toEqual(['Record created', 'Aigerim Tleuzhan', 'this device', 'Detainee']);
    const failed = await cellsOf('Failed unlock attempts');
    expect(failed[5]).toMatch(/^1 attempt with the passphrase, at \d{1,2}\s[A-Z][a-z]{2}\s\d{4},\s\d\d:\d\d$/);
    expect(failed[1]).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/);
    expect((await cellsOf('Unlocked')).slice(5)).toEqual(['with the passphrase']);
    expect(await rows.count()).toBe(50);

    // "Show older", pressed twice at machine speed: each older entry once.
    await page.getByRole('button', { name: 'Show older' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBeGreaterThan(50);
    // Focus goes on to the first row the button brought, not to the page's top.
    await expect.poll(() => page.evaluate('document.activeElement?.dataset?.seq ?? document.activeElement?.tagName')).toBe(await rows.nth(50).getAttribute('data-seq'));
    const numbers = (await page.locator('.activity-table tbody td.seq').allTextContents()).map(Number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));

    // Nothing internal on the page: no record, revision or device id, no ISO time, no field or action name.
    const internal = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|\d{4}-\d\d-\d\dT\d\d:\d\d|statusNote|record\.update|unlock\.failed/;
    expect(await page.locator('body').innerText()).not.toMatch(internal);
    expect(await page.locator('main').innerHTML()).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d|[0-9a-f]{8}-[0-9a-f]{4}-7/);

    // The title opens the record; an edit there, then Back: the same rows with the edit on top, the focus on the title.
    const shownBefore = await rows.count();
    await rows.filter({ hasText: 'Record edited' }).first().getByRole('button', { name: 'Aigerim Tleuzhan' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Aigerim Tleuzhan', level: 1 }).waitFor();
    expect(await page.locator('.record .fields').first().textContent()).toContain('Transferred to the Almaty pre-trial centre');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Summary, tags and sensitivity', level: 2 }).click();
    await page.locator('#field-country').selectOption({ label: 'Kazakhstan' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Aigerim Tleuzhan', level: 1 }).waitFor();
    await page.getByRole('button', { name: '← Back' }).click();
    await expect.poll(() => rows.count()).toBe(shownBefore + 1);
    expect((await rows.first().locator('td').allTextContents()).slice(2)).toEqual(['Record edited', 'Aigerim Tleuzhan', 'this device', 'Changed: Country']);
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('Aigerim Tleuzhan');
    expect(await page.evaluate<string | undefined>(`document.activeElement?.closest('tr')?.textContent`)).toContain('Changed: Status note');

    // Export, after the plaintext warning: a download of the whole log as CSV.
    const warnings: string[] = [];
    page.on('dialog', (dialog) => {
      warnings.push(dialog.message());
      void dialog.accept();
    });
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export the log (not encrypted)' }).click();
    const download = await downloading;
    expect(warnings).toEqual([expect.stringMatching(/NOT encrypted/)]);
    expect(download.suggestedFilename()).toMatch(/^vigil-activity-log-\d{4}-\d\d-\d\d\.csv$/);
    const csvPath = join(tempDir('vigil-ui-log-'), 'log.csv');
    await download.saveAs(csvPath);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFNo.,Date,Time,What,Record,Device,Details');
    expect(csv).toMatch(/record edited,Aigerim Tleuzhan,this device/);
    await page.getByText(/^The activity log was written to vigil-activity-log-\d{4}-\d\d-\d\d\.csv: [\d,]+ entries\. The file is not encrypted\.$/).waitFor();
    await expect
      .poll(() => rows.first().locator('td').allTextContents())
      .toEqual([
        expect.any(String),
        expect.any(String),
        'Exported (not encrypted)',
        '',
        'this device',
        expect.stringMatching(/^the activity log, CSV, to vigil-activity-log-[\d-]+\.csv: [\d,]+ entries$/),
      ]);
    await page.screenshot({ path: join(shots, 'activity-log-en-1280-full.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 600 });
    await page.screenshot({ path: join(shots, 'activity-log-en-1024.png') });
    await page.screenshot({ path: join(shots, 'activity-log-en-1024-full.png'), fullPage: true });
    await page.getByRole('button', { name: '← Settings' }).click();
    await page.getByRole('heading', { name: 'Activity log', level: 2 }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'settings-activity-en-1024.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(shots, 'settings-activity-en-1280.png') });

    // In Russian.
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { name: 'Журнал действий', level: 2 }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'settings-activity-ru-1280.png') });
    await page.getByRole('button', { name: 'Журнал действий…' }).click();
    await expect.poll(() => check.textContent()).toMatch(/^Журнал цел: [\d\s]+ запис(ь|и|ей); последняя подписана этим устройством\.$/);
    expect(await page.locator('.activity-table thead th').allTextContents()).toEqual(['№', 'Когда', 'Что произошло', 'Запись', 'Устройство', 'Подробности']);
    expect((await cellsOf('Изменено: Пояснение к статусу')).slice(2)).toEqual(['Запись изменена', 'Aigerim Tleuzhan', 'это устройство', 'Изменено: Пояснение к статусу']);
    expect((await cellsOf('Изменено: Страна')).slice(2)).toEqual(['Запись изменена', 'Aigerim Tleuzhan', 'это устройство', 'Изменено: Страна']);
    const failedRu = await cellsOf('Неудачные попытки разблокировки');
    expect(failedRu[5]).toMatch(/^1 попытка с парольной фразой, \d{1,2}\s[а-я]{3,4}\.?\s\d{4}\sг\.,\s\d\d:\d\d$/);
    expect((await cellsOf('Экспорт (без шифрования)'))[5]).toMatch(/^журнал действий, CSV, в vigil-activity-log-[\d-]+\.csv: [\d\s]+ запис(ь|и|ей)$/);
    expect(await page.locator('body').innerText()).not.toMatch(internal);
    await page.screenshot({ path: join(shots, 'activity-log-ru-1280.png') });
    await page.setViewportSize({ width: 1024, height: 600 });
    await page.screenshot({ path: join(shots, 'activity-log-ru-1024.png') });
    await page.screenshot({ path: join(shots, 'activity-log-ru-1024-full.png'), fullPage: true });
    await page.getByRole('button', { name: '← Настройки' }).click();
    await page.getByRole('heading', { name: 'Журнал действий', level: 2 }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'settings-activity-ru-1024.png') });
    await page.evaluate(() => localStorage.setItem('vigil-language', 'en'));
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Заблокировать' }).click();
    await page.locator('#passphrase').waitFor();
    await page.close();
  });
  it('shows a re-key\u2019s new recovery code over everything, even when the monitor leaves Settings at once, and the new passphrase then unlocks', async () => {
    const other = await newArchive();
    other.archive.close();
    const served = await startServe(other.dir);
    try {
      const { page, problems } = await unlocked({ at: new ServedPages(served) });
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByLabel('Current passphrase').fill(passphrase);
      await page.getByLabel('New passphrase').fill('a passphrase after the border');
      await page.getByLabel('Also re-encrypt the archive under a new key').check();
      // Enter, then another screen at machine speed: the re-key goes on, and its code is not lost.
      await page.getByLabel('New passphrase').press('Enter');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const card = page.getByRole('heading', { name: 'The archive was re-encrypted: write down its new recovery code' });
      await card.waitFor();
      const code = (await page.locator('.recovery-code').textContent())!;
      expect(code).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
      await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('recovery-title');
      await confirmRecoveryCode(page, code);
      await page.keyboard.press('Control+Shift+L');
      await page.locator('#passphrase').fill('a passphrase after the border');
      await page.keyboard.press('Enter');
      await page.getByRole('navigation').waitFor();
      expect(problems).toEqual([]);
      await page.close();
      // The old passphrase opens nothing now; the new recovery code does.
      await expect(openArchive(other.dir, { passphrase })).rejects.toMatchObject({ code: 'auth_failed' });
    } finally {
      served.server.kill('SIGTERM');
    }
  });
});
