import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmRecoveryCode, startServe, type Served } from './support/serve-process.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';
import { chromiumPath, skipWithoutChromium } from './support/required-tools.js';

/**
 * The interface in Debian's Chromium against `vigil serve` on a real encrypted archive. Any
 * console error fails the test; screenshots go to test-output/ui/ to be looked at.
 */
const shots = join(import.meta.dirname, '..', 'test-output', 'ui');

const servers: ChildProcess[] = [];
const chromiumFlags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function serve(dir: string): Promise<Served> {
  const started = await startServe(dir);
  servers.push(started.server);
  return started;
}

describe.skipIf(skipWithoutChromium())('the interface in a browser', () => {
  let browser: Browser;
  let address = '';

  beforeAll(async () => {
    const { archive, dir } = await newArchive();
    archive.records.create('detainee', { title: 'Руслан Жаксыбеков', status: 'detained', country: 'KZ' });
    archive.records.create('report', { title: 'Trial monitoring in Aktau', body: 'The court heard Zhaksybekov’s lawyer on 12 March 2022; observers were admitted.' });
    archive.close();
    ({ address } = await serve(dir));
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
    mkdirSync(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) s.kill('SIGTERM');
  });

  it('creates an archive on first run: the passphrase twice, the recovery code shown once', async () => {
    const { address: fresh } = await serve(join(tempDir(), 'new-archive'));
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const problems: string[] = [];
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(fresh);
    await page.getByRole('heading', { name: 'Create an archive' }).waitFor();
    // Before anything is typed the line under the field is a hint, not a complaint in red.
    expect(await page.locator('#strength').getAttribute('class')).toBe('strength');
    await page.getByLabel('Passphrase', { exact: true }).fill('short');
    expect(await page.locator('#strength').textContent()).toMatch(/Too short/);
    await page.getByLabel('Passphrase', { exact: true }).fill('river stone lantern morning');
    expect(await page.locator('#strength').textContent()).toBe('Strong');
    await page.getByLabel('Passphrase again').fill('river stone lantern evening');
    await page.getByRole('button', { name: 'Create the archive' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The two passphrases differ.');
    await page.getByLabel('Passphrase again').fill('river stone lantern morning');
    await page.getByRole('button', { name: 'Create the archive' }).click();
    await page.getByRole('heading', { name: 'Write down your recovery code' }).waitFor();
    expect(await page.getByLabel('Recovery code', { exact: true }).textContent()).toMatch(/\S{4,}/);
    await page.screenshot({ path: join(shots, 'recovery-code.png') });
    // Written down, checked: two groups typed back, a wrong one caught first.
    const code = (await page.locator('.recovery-code').textContent())!;
    await page.getByRole('button', { name: 'I have written it down' }).click();
    for (const input of await page.locator('.check-group input').all()) await input.fill('ZZZZ');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText('That is not what the code says.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Show the code again' }).click();
    await confirmRecoveryCode(page, code);
    await page.getByRole('searchbox', { name: 'Search' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('signs in once by the printed address: its token is traded for an HttpOnly session cookie and spent; another browser given it is told what to do', async () => {
    const served = await serve(join(tempDir(), 'sign-in'));
    const first = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const page = await first.newPage();
    const problems: string[] = [];
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(served.address);
    await page.getByRole('heading', { name: 'Create an archive' }).waitFor();
    expect(page.url()).toBe(served.origin);
    const cookies = await first.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: `vigil-session-${served.port}`, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Strict', expires: -1 })]);
    expect(cookies[0]!.value).not.toContain(served.token);
    // Script in the page cannot read it.
    expect(await page.evaluate(`document.cookie`)).toBe('');
    // The same browser goes on by its cookie: a reload, another tab, even the spent address again.
    await page.reload();
    await page.getByRole('heading', { name: 'Create an archive' }).waitFor();
    const tab = await first.newPage();
    await tab.goto(served.address);
    await tab.getByRole('heading', { name: 'Create an archive' }).waitFor();
    expect(tab.url()).toBe(served.origin);
    expect(problems).toEqual([]);
    // Another browser (another profile, another person) given the address gets nothing but what to do.
    for (const locale of ['en-GB', 'ru-RU']) {
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 1024, height: 600 },
      ]) {
        const other = await browser.newContext({ viewport, locale });
        const refused = await other.newPage();
        await refused.goto(served.address);
        await refused.getByRole('heading', { name: locale === 'en-GB' ? 'This page is not signed in' : 'Страница не подключена к архиву' }).waitFor();
        expect(refused.url()).toBe(served.origin);
        expect(await refused.locator('main').textContent()).toMatch(locale === 'en-GB' ? /Restart vigil serve and open the new address it prints/ : /Перезапустите vigil serve/);
        await refused.screenshot({ path: join(shots, `signed-out-${locale.slice(0, 2)}-${viewport.width}x${viewport.height}.png`) });
        expect(await other.cookies()).toEqual([]);
        await other.close();
      }
    }
    await first.close();
  });

  it('does not invite the browser to save a passphrase: Chromium’s password manager makes no save prompt after creating or unlocking', async () => {
    const served = await serve(join(tempDir(), 'password-manager'));
    // A real profile, as a monitor's browser has: its password manager logs each decision to chrome://password-manager-internals.
    const context = await chromium.launchPersistentContext(tempDir('vigil-chromium-profile-'), {
      executablePath: chromiumPath,
      args: chromiumFlags,
      viewport: { width: 1280, height: 800 },
      locale: 'en-GB',
    });
    try {
      const internals = await context.newPage();
      await internals.goto('chrome://password-manager-internals');
      const log = () => internals.evaluate(`document.body.innerText`) as Promise<string>;
      const offered = /Decision: ASK the user|Show password prompt/;
      /**
       * What the password manager made of the page's submissions since `from`. A submission is
       * judged when it is seen, or at the next navigation (a form gone by then counts as sent):
       * after two reloads, every judgement of what came before them is in the log.
       */
      const judged = async (page: Page, from: number) => {
        for (const reloads of [1, 2]) {
          await page.reload();
          await expect
            .poll(async () => (await log()).slice(from).split('PasswordManager::OnPasswordFormsRendered').length - 1, { timeout: 30_000 })
            .toBeGreaterThanOrEqual(reloads);
        }
        return (await log()).slice(from);
      };
      const page = await context.newPage();
      await page.goto(served.address);
      await page.getByRole('heading', { name: 'Create an archive' }).waitFor();
      let from = (await log()).length;
      await page.getByLabel('Passphrase', { exact: true }).fill('river stone lantern morning');
      await page.getByLabel('Passphrase again').fill('river stone lantern morning');
      await page.getByRole('button', { name: 'Create the archive' }).click();
      await page.getByRole('heading', { name: 'Write down your recovery code' }).waitFor();
      expect(await judged(page, from)).not.toMatch(offered);

      const field = page.getByLabel('Passphrase', { exact: true });
      await page.getByRole('button', { name: 'Lock' }).click();
      // Still a labelled password field: a screen reader says what it is for and that it is protected.
      expect(await field.getAttribute('type')).toBe('password');
      from = (await log()).length;
      await field.fill('river stone lantern morning');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.getByRole('navigation', { name: 'Sections' }).waitFor();
      expect(await judged(page, from)).not.toMatch(offered);

      // The check can see a prompt: the same field marked as a login's current password, as it was, gets one.
      await page.getByRole('button', { name: 'Lock' }).click();
      await field.evaluate((input) => input.setAttribute('autocomplete', 'current-password'));
      from = (await log()).length;
      await field.fill('river stone lantern morning');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.getByRole('navigation', { name: 'Sections' }).waitFor();
      expect(await judged(page, from)).toMatch(offered);
    } finally {
      await context.close();
    }
  });

  it('unlocks with the passphrase typed in the page, finds a name across scripts as you type, shows marked results, and locks', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));

    await page.goto(address);
    await page.getByRole('heading', { name: 'Unlock the archive' }).waitFor();
    // The token leaves the address bar once the page has it.
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: join(shots, 'unlock.png') });

    await page.getByLabel('Passphrase').fill('not the passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/does not open this archive/);

    await page.getByLabel('Passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();

    await page.getByRole('button', { name: 'Lock' }).focus();
    await page.keyboard.press('Control+K');
    const search = page.getByRole('searchbox', { name: 'Search' });
    expect(await search.evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);
    await search.pressSequentially('Zhaksybekov', { delay: 20 });
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('Руслан Жаксыбеков');
    await page.screenshot({ path: join(shots, 'type-ahead.png') });
    // The keyboard reaches the suggestions too: down to one, up back to the typed text.
    await search.press('ArrowDown');
    expect(await page.getByRole('option', { selected: true }).textContent()).toContain('Руслан Жаксыбеков');
    expect(await search.getAttribute('aria-activedescendant')).toMatch(/^suggestion-/);
    await search.press('ArrowUp');
    expect(await search.getAttribute('aria-activedescendant')).toBeNull();

    await search.press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/2 records found/);
    expect(await page.locator('.snippet mark').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'results.png') });

    // A result opens the record; Back returns to the same results.
    await page.getByRole('button', { name: 'Руслан Жаксыбеков' }).click();
    await page.getByRole('heading', { name: 'Руслан Жаксыбеков', level: 1 }).waitFor();
    const fields = await page.locator('.fields').first().textContent();
    expect(fields).toContain('StatusDetained');
    expect(fields).toContain('CountryKazakhstan');
    await page.screenshot({ path: join(shots, 'record.png') });
    await page.getByRole('button', { name: '← Back' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/2 records found/);

    // A word the archive does not hold is corrected, and the results say what was searched instead.
    await search.fill('Zhaksybkov');
    await search.press('Enter');
    await page
      .locator('.also-searched')
      .filter({ hasText: /^also searched, for “Zhaksybkov”: Жаксыбеков/ })
      .waitFor();
    await search.fill('Zhaksybekov');
    await search.press('Enter');
    await expect.poll(() => page.locator('.also-searched').count()).toBe(0);

    // The rail lists records by kind, newest first, each opening its page.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Detainees' }).click();
    await page.getByRole('heading', { name: 'Detainees' }).waitFor();
    expect(await page.getByRole('row').nth(1).textContent()).toMatch(/Руслан Жаксыбеков.*Kazakhstan/);
    await page.screenshot({ path: join(shots, 'detainees.png') });
    await page.getByRole('button', { name: 'Руслан Жаксыбеков' }).click();
    await page.getByRole('heading', { name: 'Руслан Жаксыбеков', level: 1 }).waitFor();
    await page.getByRole('button', { name: '← Back' }).click();
    await page.getByRole('heading', { name: 'Detainees' }).waitFor();

    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock the archive' }).waitFor();
    expect(problems).toEqual([]);
  });
});
