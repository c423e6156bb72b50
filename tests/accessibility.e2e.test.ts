import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from './support/serve-process.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';
import { makePdf, writeFixture } from './support/import-fixtures.js';
import { importFiles } from '../db/import/import-files.js';
import { chromiumPath, skipWithoutChromium } from './support/required-tools.js';

/**
 * Every main screen checked by axe-core in Debian's Chromium: labels on every control, names
 * on every button, contrast, landmarks and ARIA used as specified. Serious and critical
 * findings fail.
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function audit(page: Page, screen: string): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate<Violation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${screen}: ${v.id} (${v.help}) at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

describe.skipIf(skipWithoutChromium())('accessibility of the main screens', () => {
  let browser: Browser;
  let server: ChildProcess;
  let address = '';
  let sheet = '';

  beforeAll(async () => {
    const { archive, dir } = await newArchive();
    const trial = archive.records.create('trial', { title: 'Trial of Max Bokayev', status: 'ongoing' });
    const hearing = archive.records.create('hearing', { title: 'First hearing', trial: trial.id, date: '2016-10-10', timeZone: 'Asia/Atyrau' });
    archive.records.create('note', { text: 'The judge opens the hearing', hearing: hearing.id, observedAt: '2016-10-10T10:00:00+05:00', indicators: ['public-hearing'] });
    archive.records.create('detainee', {
      title: 'Max Bokayev',
      status: 'serving-sentence',
      country: 'KZ',
      arrests: [
        {
          date: 'May 2016',
          accounts: [
            { by: { kind: 'source' }, date: '17 May 2016' },
            { by: { kind: 'government' }, date: '18 May 2016' },
          ],
        },
      ],
    });
    archive.records.create('report', { title: 'Observation of the trial in Atyrau', body: 'The court heard the defence.\n\nObservers were admitted.' });
    // A PDF report of sections and pages: its page has contents, page links and the PDF viewer.
    const files = tempDir('vigil-a11y-');
    const pdf = writeFixture(
      files,
      'monitoring.pdf',
      await makePdf(
        [
          ['I. ACCESS TO THE COURT', 'Relatives of Bokayev were kept outside the courtroom.'],
          ['II. INTERPRETATION', 'The interpreter in Atyrau summarised the testimony.'],
        ],
        {
          title: 'Monitoring of the Atyrau appeal',
        },
      ),
    );
    await importFiles(archive, [pdf]);
    sheet = writeFixture(files, 'detainees.csv', 'Name,Arrested\nTalgat Ayanov,17.05.2016\n');
    archive.close();
    ({ server, address } = await startServe(dir));
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  it('has no serious or critical findings on any main screen', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const findings: string[] = [];
    await page.goto(address);
    await page.locator('#passphrase').waitFor();
    findings.push(...(await audit(page, 'unlock')));
    await page.locator('#passphrase').fill(passphrase);
    await page.locator('form button[type="submit"]').click();
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('Bokayev');
    await page.getByRole('option').first().waitFor();
    findings.push(...(await audit(page, 'type-ahead')));
    await search.press('Enter');
    await page.locator('.results li').first().waitFor();
    findings.push(...(await audit(page, 'search results')));
    await page.locator('.results li').getByRole('button', { name: 'Max Bokayev', exact: true }).click();
    await page.getByRole('heading', { name: 'Max Bokayev', level: 1 }).waitFor();
    await page.getByText(/^History/).click();
    findings.push(...(await audit(page, 'record page')));
    await page.getByRole('button', { name: 'Edit' }).click();
    findings.push(...(await audit(page, 'record form')));
    await page.getByRole('button', { name: 'Cancel' }).click();
    // A PDF report opened on a hit: contents, page links, then its page in the viewer with the words marked.
    await page.keyboard.press('Control+k');
    await search.fill('interpreter summarised');
    await search.press('Enter');
    await page.locator('.results li').getByRole('button', { name: 'Monitoring of the Atyrau appeal', exact: true }).click();
    await page.locator('.passage.focused').waitFor();
    findings.push(...(await audit(page, 'report page')));
    await page.getByRole('button', { name: 'See it on page 2 of the PDF' }).click();
    await page.locator('.pdf-page.focused .pdf-mark').first().waitFor();
    findings.push(...(await audit(page, 'PDF viewer')));
    const rail = page.getByRole('navigation');
    for (const [item, ready] of [
      ['Detainees', '.list-viewport .link'],
      ['Hearing mode', '#hearing-trial'],
      ['Import', '.dropzone'],
      ['Sync', '#make-bundle-title'],
      ['Conflicts', '#conflicts-title'],
      ['Settings', '#settings-title'],
    ] as const) {
      await rail.getByRole('button', { name: item }).click();
      await page.locator(ready).first().waitFor();
      if (item === 'Import') {
        await page.locator('#import-files').setInputFiles([sheet]);
        await page.getByRole('button', { name: 'Preview detainees.csv' }).click();
        await page.locator('.preview-rows li').first().waitFor();
      }
      if (item === 'Hearing mode') {
        await page.locator('#hearing-trial').selectOption({ label: 'Trial of Max Bokayev' });
        await page.locator('#hearing-pick').selectOption({ label: 'First hearing' });
        await page.locator('.note').first().waitFor();
      }
      findings.push(...(await audit(page, item)));
    }
    // The activity log, reached from Settings (the last screen above).
    await page.getByRole('button', { name: 'Activity log…' }).click();
    await page.locator('.activity-table tbody tr').first().waitFor();
    await page.locator('.log-check.intact').waitFor();
    findings.push(...(await audit(page, 'activity log')));
    // A second browser given the same, now spent, address.
    const spent = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await spent.goto(address);
    await spent.getByRole('heading', { name: 'This page is not signed in' }).waitFor();
    findings.push(...(await audit(spent, 'signed out')));
    await spent.close();
    expect(findings).toEqual([]);
    // The audit itself sees what it should: an unlabelled field added to the page is reported.
    await page.evaluate(`document.querySelector('main').append(document.createElement('input'))`);
    expect((await audit(page, 'self-check')).join('\n')).toMatch(/self-check: label/);
    await page.close();
  });
});
