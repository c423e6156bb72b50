import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CommandFailed } from './command-support.js';

/** Where Chromium or Chrome lives on the systems monitors use; VIGIL_CHROMIUM names another. */
const candidates: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: [
    join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Google\\Chrome\\Application\\chrome.exe'),
    join(process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', 'Google\\Chrome\\Application\\chrome.exe'),
    join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Microsoft\\Edge\\Application\\msedge.exe'),
  ],
};

export function findChromium(): string | null {
  const named = process.env.VIGIL_CHROMIUM;
  if (named) return existsSync(named) ? named : null;
  return (candidates[process.platform] ?? []).find((path) => existsSync(path)) ?? null;
}

/**
 * Prints HTML to PDF with headless Chromium, as the desktop app prints with Electron's
 * printToPDF: the same engine, the same page CSS (A4, running header, page numbers). The HTML
 * exists only in a private temporary folder for the seconds the print takes; its style sheet
 * allows no script and nothing fetched.
 */
export async function printHtmlToPdf(html: string, timeoutMs = 120_000): Promise<Buffer> {
  const chromium = findChromium();
  if (!chromium)
    throw new CommandFailed('printing a PDF needs Chromium or Google Chrome (or VIGIL_CHROMIUM naming it); write --format html and print it from a browser instead', 5);
  const work = mkdtempSync(join(tmpdir(), 'vigil-print-'));
  try {
    const page = join(work, 'report.html');
    const pdf = join(work, 'report.pdf');
    writeFileSync(page, html, { mode: 0o600 });
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(work, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${pdf}`,
      // Chromium's sandbox cannot start as root (a container, a live USB session); the page runs no script either way.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      pathToFileURL(page).href,
    ];
    const failure = await new Promise<string | null>((resolve) => {
      const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let said = '';
      child.stderr.on('data', (chunk: Buffer) => (said = (said + chunk.toString('utf8')).slice(-2000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (err) => resolve(err.message));
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(code === 0 && existsSync(pdf) ? null : (said.trim().split('\n').at(-1) ?? `exit ${code}`));
      });
    });
    if (failure) throw new CommandFailed(`Chromium could not print the PDF: ${failure}`, 5);
    return readFileSync(pdf);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
