import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { addHearingNotes } from '../db/hearings/hearing-notes.js';
import { createArchive } from '../db/store/archive.js';
import { importFiles } from '../db/import/import-files.js';
import { corpus } from './search-corpus.js';
import { seededRandom, syntheticRecord } from './synthetic-records.js';

/**
 * `npm run bench:ui`: the interface in browser mode (Debian's Chromium against `vigil serve`)
 * on an archive of N detainee records (100,000 by default). Measures, in the page, the time
 * from a keystroke to painted type-ahead suggestions and from Enter to a painted results page;
 * the frame times while flinging through the whole list; unlock to the first screen; and in
 * hearing mode, at a hearing already holding 500 notes, Enter to the painted note and a number
 * key to the painted tag; and a 340 KB report (the NGO shadow report of ../shared/corpus when
 * there, else a synthetic one of the same size) opened from a search hit on its passage, and its
 * edit form opened from there. The
 * baseline, run in the same process, is the same contract call over HTTP with no page: the
 * difference is what the interface adds.
 */
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '40' },
    report: { type: 'string', default: '../shared/corpus/ngo-iccpr-shadow-report.txt' },
  },
});
const records = Number(values.records);
const queryCount = Number(values.queries);
const chromiumPath = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const passphrase = 'bench passphrase for the interface';

if (!existsSync(chromiumPath)) {
  console.error('bench:ui needs Chromium at /usr/bin/chromium (apt-get install chromium)');
  process.exit(1);
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const summary = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? NaN, n: xs.length };
};
const round = (x: number) => Math.round(x * 10) / 10;

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-ui-'));
const archiveDir = join(dir, 'archive');
let server: ReturnType<typeof spawn> | undefined;
try {
  process.stderr.write(`making an archive of ${records} detainee records…\n`);
  const seedStarted = performance.now();
  const { archive } = await createArchive(archiveDir, passphrase);
  const random = seededRandom(11);
  for (let from = 0; from < records; from += 5000) {
    // Every record a detainee (the synthetic mix's kinds 6–8), so the list holds them all.
    const batch = Array.from({ length: Math.min(5000, records - from) }, (_, i) => syntheticRecord((from + i) * 10 + 6 + ((from + i) % 3), random));
    archive.records.createMany(batch);
  }
  // A trial whose hearing already holds 500 notes: the courtroom screen at the end of a long day.
  const trial = archive.records.create('trial', { title: 'Bench trial', status: 'ongoing' });
  const hearing = archive.records.create('hearing', { title: 'Bench hearing, day 12', trial: trial.id, date: new Date().toISOString().slice(0, 10) });
  addHearingNotes(
    archive,
    hearing.id,
    Array.from({ length: 500 }, (_, i) => ({
      text: `Earlier note ${i + 1}: the witness answers the defence's question about the search`,
      ...(i % 4 ? {} : { indicators: ['equality-of-arms'] }),
    })),
  );
  // A long report, as monitors archive them: imported as a file is, cut into passages and indexed.
  const reportFile = join(dir, 'long-report.txt');
  const realReport = existsSync(join(root, values.report!));
  writeFileSync(reportFile, realReport ? readFileSync(join(root, values.report!)) : syntheticReport(343_000));
  const [importedReport] = await importFiles(archive, [reportFile]);
  const reportId = importedReport!.id!;
  const reportBytes = readFileSync(reportFile).length;
  archive.close();
  process.stderr.write(`  made in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s\n`);

  server = spawn(process.execPath, [join(root, 'cli', 'bin.js'), 'serve', archiveDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    server!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(out);
      if (found) resolve(found[0]);
    });
    server!.on('exit', (code) => reject(new Error(`vigil serve exited (${code})`)));
  });
  const origin = new URL(address).origin;
  // The page trades the address's one-time token for a session cookie; the baseline calls use that session.
  let cookie = '';
  const api = async (method: string, args: unknown) => {
    const response = await fetch(`${origin}/api/call`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Vigil': 'page', Cookie: cookie },
      body: JSON.stringify({ method, args }),
    });
    const reply = (await response.json()) as { ok: boolean; error?: { message: string } };
    if (!reply.ok) throw new Error(reply.error!.message);
    return reply;
  };

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(address);
  await page.locator('#passphrase').fill(passphrase);
  cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

  // Unlock to first screen: from the click to the search field on screen.
  const unlockStarted = performance.now();
  await page.locator('form button[type="submit"]').click();
  await page.getByRole('searchbox', { name: 'Search' }).waitFor();
  const unlockMs = performance.now() - unlockStarted;

  await installPaintClock(page);
  // Queries made from records that exist: Latin and Cyrillic names with their numbers, a typo, a surname alone, a prefix.
  const pickRandom = seededRandom(29);
  const queries: string[] = [];
  const withResults = new Set<string>();
  for (let i = 0; i < queryCount; i++) {
    const listed = (await api('records.list', { type: 'detainee', limit: 1, offset: Math.floor(pickRandom() * records) })) as unknown as { value: { records: { id: string }[] } };
    const record = (await api('records.get', { id: listed.value.records[0]!.id })) as unknown as { value: { data: { names: { name: string }[] } } };
    const [latin, cyrillic] = record.value.data.names.map((n) => n.name) as [string, string];
    const surname = latin.split(' ')[0]!;
    const typo = surname.slice(0, 3) + surname.slice(4);
    const query = [latin, cyrillic, typo, cyrillic.split(' ')[0]!, surname.slice(0, 6)][i % 5]!;
    // Type-ahead draws nothing for a query that suggests nothing; such a query cannot be timed here.
    const found = (await api('search.find', { text: query, limit: 8 })) as unknown as { value: unknown[] };
    const searched = (await api('search.query', { query, limit: 50 })) as unknown as { value: { total: number } };
    if (found.value.length) queries.push(query);
    // Likewise a results page with no hits draws the same "0 records" as the search before it.
    if (found.value.length && searched.value.total > 0) withResults.add(query);
  }

  const search = page.getByRole('searchbox', { name: 'Search' });
  const typeahead: number[] = [];
  const results: number[] = [];
  const stamp = (name: '__input' | '__key') => page.evaluate<number>(`window.${name}`);
  let showingResults = false;
  for (const query of queries) {
    // A search with no hits first, so that the next results always change what is drawn.
    if (showingResults) {
      await search.fill('qqqzzxx');
      await search.press('Enter');
      await waitQuiet(page, 'results', await stamp('__key'));
    } else {
      await search.fill('');
    }
    showingResults = withResults.has(query);
    await search.fill(query);
    typeahead.push(
      await waitQuiet(page, 'searchbar', await stamp('__input')).catch((err: Error) => {
        throw new Error(`${err.message} for "${query}"`);
      }),
    );
    await search.press('Enter');
    if (withResults.has(query)) results.push(await waitQuiet(page, 'results', await stamp('__key')));
    else await page.waitForTimeout(300);
  }

  // The same calls with no page: the engine and HTTP alone.
  const rawFind: number[] = [];
  const rawQuery: number[] = [];
  for (const query of queries) {
    let t = performance.now();
    await api('search.find', { text: query, limit: 8 });
    rawFind.push(performance.now() - t);
    t = performance.now();
    await api('search.query', { query, limit: 50 });
    rawQuery.push(performance.now() - t);
  }

  // Flinging through the whole list, then reading speed, frame by frame.
  await page.getByRole('navigation').getByRole('button', { name: 'Detainees' }).click();
  await page.locator('.list-viewport tbody tr td .link').first().waitFor();
  const frames = await page.evaluate<number[]>(flingThroughList());
  const listRows = Number((await page.locator('.list [role="status"]').textContent())?.replace(/\D/g, '') ?? 0);
  const loadedAtEnd = await page.locator('.list-viewport td .link').count();

  // Hearing mode at a hearing of 500 notes: Enter → the note drawn in the list, a number key → its tag drawn.
  await page.getByRole('navigation').getByRole('button', { name: 'Hearing mode' }).click();
  await page.locator('#hearing-trial').selectOption({ label: 'Bench trial' });
  await page.locator('#hearing-pick').selectOption({ label: 'Bench hearing, day 12' });
  await page.locator('.notes li').nth(499).waitFor();
  const noteField = page.getByLabel('Note', { exact: true });
  const notePaint: number[] = [];
  const noteFirstPaint: number[] = [];
  const tagPaint: number[] = [];
  const rawNote: number[] = [];
  const rawTag: number[] = [];
  for (let i = 0; i < 40; i++) {
    await noteField.fill(`Prosecutor asks question ${i + 1} about the search of the flat`);
    await noteField.press('Enter');
    const enter = await stamp('__key');
    notePaint.push(await waitQuiet(page, 'notes', enter));
    // The first frame that shows it (while it is being saved), as against the last (saved, with its buttons).
    noteFirstPaint.push(await page.evaluate<number>(`window.__paints.notes.find((at) => at > ${enter}) - ${enter}`));
    // The tag key pressed once the note is in the list, as an observer does after a glance.
    await noteField.press(String((i % 9) + 1));
    tagPaint.push(await waitQuiet(page, 'notes', await stamp('__key')));
  }
  const shownNotes = await page.locator('.notes > li').count();

  // Last, so its large page does not weigh on the measures above: a 340 KB report opened on a
  // search hit (the passage drawn, highlighted), then its edit form.
  await installUntil(page);
  const reportQueries = realReport
    ? [
        'torture',
        'Zhanaozen',
        'peaceful assembly',
        'journalists',
        'death penalty',
        'extremism',
        'religious',
        'trade union',
        'ombudsman',
        'domestic violence',
        'migrants',
        'prison',
        'censorship',
        'elections',
        'fair trial',
        'children',
        'refugees',
        'Article 142',
        'disabilities',
        'lawyers',
      ]
    : [
        'Zhaksybekov',
        'Akhmetova',
        'Ablyazov',
        'Massimov',
        'Dzhumabaev',
        'Nurpeisova',
        'Sadykov',
        'Tokayeva',
        'Utemisov',
        'Bekova',
        'Kassymov',
        'Ospanova',
        'Almaty',
        'Aktau',
        'Atyrau',
        'Semey',
        'Taraz',
        'Oral',
        'Shymkent',
        'Pavlodar',
      ];
  const openReport: number[] = [];
  const openForm: number[] = [];
  const rawReport: number[] = [];
  for (const word of reportQueries) {
    const query = `${word} type:report`;
    const found = (await api('search.query', { query, limit: 20 })) as unknown as { value: { hits: { id: string }[] } };
    if (!found.value.hits.some((h) => h.id === reportId)) continue;
    await page.keyboard.press('Control+k');
    await search.fill(query);
    await search.press('Enter');
    await page.locator('.results li').first().waitFor();
    openReport.push(
      await page.evaluate<number>(`(async () => {
        const start = performance.now();
        document.querySelector('.results li button').click();
        return (await window.__until('.passage.focused')) - start;
      })()`),
    );
    openForm.push(
      await page.evaluate<number>(`(async () => {
        const start = performance.now();
        [...document.querySelectorAll('.record-buttons button')].find((b) => b.textContent === 'Edit').click();
        return (await window.__until('form textarea')) - start;
      })()`),
    );
    await page.getByRole('button', { name: 'Cancel' }).click();
    const t = performance.now();
    await api('records.get', { id: reportId });
    rawReport.push(performance.now() - t);
  }

  await browser.close();
  for (let i = 0; i < 40; i++) {
    let t = performance.now();
    const saved = (await api('hearing.notes', { hearing: hearing.id, notes: [{ text: `Baseline note ${i + 1}` }] })) as unknown as { value: { id: string }[] };
    rawNote.push(performance.now() - t);
    t = performance.now();
    await api('records.update', { id: saved.value[0]!.id, patch: { indicators: ['interpreter'] } });
    rawTag.push(performance.now() - t);
  }

  const ta = summary(typeahead);
  const rp = summary(results);
  const fr = summary(frames);
  const rf = summary(rawFind);
  const rq = summary(rawQuery);
  const np = summary(notePaint);
  const nf = summary(noteFirstPaint);
  const tp = summary(tagPaint);
  const rn = summary(rawNote);
  const rt = summary(rawTag);
  const ro = summary(openReport);
  const rf2 = summary(openForm);
  const rr = summary(rawReport);
  const over50 = frames.filter((f) => f > 50).length;
  const slowFrames = frames
    .map((f, i) => [i, f] as const)
    .filter(([, f]) => f > 50)
    .map(([i, f]) => `#${i} ${f.toFixed(0)} ms`);
  console.log(`\nbench:ui — ${records} detainee records, ${queries.length} queries (${withResults.size} with results), browser mode (Chromium ${browser.version()})\n`);
  console.log('measure                         p50 ms   p95 ms   max ms   target        baseline (HTTP call, no page) p50/p95   ratio p95');
  console.log(
    `type-ahead, keystroke → paint  ${ta.p50.toFixed(1).padStart(7)}  ${ta.p95.toFixed(1).padStart(7)}  ${ta.max.toFixed(1).padStart(7)}   p95 ≤ 100     search.find  ${rf.p50.toFixed(1)} / ${rf.p95.toFixed(1)}               ${(ta.p95 / rf.p95).toFixed(2)}×`,
  );
  console.log(
    `results page, Enter → paint     ${rp.p50.toFixed(1).padStart(7)}  ${rp.p95.toFixed(1).padStart(7)}  ${rp.max.toFixed(1).padStart(7)}   p95 ≤ 250     search.query ${rq.p50.toFixed(1)} / ${rq.p95.toFixed(1)}               ${(rp.p95 / rq.p95).toFixed(2)}×`,
  );
  console.log(
    `list scroll, frame time         ${fr.p50.toFixed(1).padStart(7)}  ${fr.p95.toFixed(1).padStart(7)}  ${fr.max.toFixed(1).padStart(7)}   none > 50     ${over50} of ${frames.length} frames over 50 ms${slowFrames.length ? ` (${slowFrames.join(', ')})` : ''}; list of ${listRows} rows, ${loadedAtEnd} rows drawn at the end`,
  );
  console.log(
    `hearing, Enter → painted note   ${np.p50.toFixed(1).padStart(7)}  ${np.p95.toFixed(1).padStart(7)}  ${np.max.toFixed(1).padStart(7)}   p95 ≤ 50      hearing.notes ${rn.p50.toFixed(1)} / ${rn.p95.toFixed(1)}              ${(np.p95 / rn.p95).toFixed(2)}×  (${shownNotes} notes listed)`,
  );
  console.log(
    `  of which first drawn           ${nf.p50.toFixed(1).padStart(7)}  ${nf.p95.toFixed(1).padStart(7)}  ${nf.max.toFixed(1).padStart(7)}                 (the first frame showing the note, saved or, past 30 ms, being saved; the line above is to the saved note drawn)`,
  );
  console.log(
    `hearing, digit → painted tag    ${tp.p50.toFixed(1).padStart(7)}  ${tp.p95.toFixed(1).padStart(7)}  ${tp.max.toFixed(1).padStart(7)}   p95 ≤ 50      records.update ${rt.p50.toFixed(1)} / ${rt.p95.toFixed(1)}             ${(tp.p95 / rt.p95).toFixed(2)}×`,
  );
  console.log(
    `report ${realReport ? '(shadow report)' : '(synthetic)'}, hit → passage ${ro.p50.toFixed(1).padStart(7)}  ${ro.p95.toFixed(1).padStart(7)}  ${ro.max.toFixed(1).padStart(7)}   p95 ≤ 500     records.get ${rr.p50.toFixed(1)} / ${rr.p95.toFixed(1)}               ${(ro.p95 / rr.p95).toFixed(2)}×  (${openReport.length} hits, ${(reportBytes / 1024).toFixed(0)} KB)`,
  );
  console.log(`  its edit form, Edit → drawn   ${rf2.p50.toFixed(1).padStart(7)}  ${rf2.p95.toFixed(1).padStart(7)}  ${rf2.max.toFixed(1).padStart(7)}   p95 ≤ 500`);
  console.log(`unlock → first screen           ${unlockMs.toFixed(0).padStart(7)}                      ≤ 2000        (includes scrypt key derivation)`);
  if (errors.length) console.log(`page errors: ${errors.join(' | ')}`);
  console.log(
    JSON.stringify({
      records,
      queries: queries.length,
      typeahead_ms: { p50: round(ta.p50), p95: round(ta.p95) },
      results_ms: { p50: round(rp.p50), p95: round(rp.p95) },
      scroll_frame_ms: { p50: round(fr.p50), p95: round(fr.p95), max: round(fr.max), over_50: over50, frames: frames.length },
      unlock_ms: Math.round(unlockMs),
      hearing_note_ms: { p50: round(np.p50), p95: round(np.p95), first_drawn_p95: round(nf.p95), notes_listed: shownNotes },
      hearing_tag_ms: { p50: round(tp.p50), p95: round(tp.p95) },
      report_open_ms: { p50: round(ro.p50), p95: round(ro.p95), hits: openReport.length, kb: Math.round(reportBytes / 1024), real: realReport },
      report_form_ms: { p50: round(rf2.p50), p95: round(rf2.p95) },
      baseline_http_ms: { find_p95: round(rf.p95), query_p95: round(rq.p95), note_p95: round(rn.p95), tag_p95: round(rt.p95), report_get_p95: round(rr.p95) },
    }),
  );
} finally {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Paint times in the page: each DOM change inside the search bar (type-ahead) or the results
 * is stamped at the next animation frame, i.e. when it is drawn. `__input` and `__key` are the
 * last input event and key press.
 */
async function installPaintClock(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__input = 0;
    window.__key = 0;
    window.__paint = { searchbar: 0, results: 0, notes: 0 };
    window.__paints = { searchbar: [], results: [], notes: [] };
    document.addEventListener('input', () => (window.__input = performance.now()), true);
    document.addEventListener('keydown', () => (window.__key = performance.now()), true);
    new MutationObserver((mutations) => {
      const areas = new Set();
      for (const m of mutations) {
        const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
        if (node && node.closest('.searchbar')) areas.add('searchbar');
        if (node && (node.closest('.results') || node.querySelector('.results'))) areas.add('results');
        if (node && node.closest('ol.notes')) areas.add('notes');
      }
      if (areas.size) requestAnimationFrame(() => areas.forEach((a) => { const at = performance.now(); window.__paint[a] = at; window.__paints[a].push(at); }));
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
}

/** In the page: 400 frames flinging from the top to the bottom of the list, then 400 at reading speed; each frame's duration. */
function flingThroughList(): string {
  return `(async () => {
  const viewport = document.querySelector('.list-viewport');
  const times = [];
  const run = (step, count) => new Promise((done) => {
    let last = performance.now();
    let left = count;
    const frame = (now) => {
      times.push(now - last);
      last = now;
      viewport.scrollTop += step;
      if (--left > 0) requestAnimationFrame(frame);
      else done();
    };
    requestAnimationFrame(frame);
  });
  await run(Math.ceil(viewport.scrollHeight / 400), 400);
  viewport.scrollTop = 0;
  await run(120, 400);
  return times.filter((_, i) => i !== 0 && i !== 400);
})()`;
}

/** Waits until the area has been painted after `since` and then stays still for 250 ms; returns paint − since. */
async function waitQuiet(page: Page, area: 'searchbar' | 'results' | 'notes', since: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { painted, now } = await page.evaluate<{ painted: number; now: number }>(`({ painted: window.__paint['${area}'], now: performance.now() })`);
    if (painted > since && now - painted > 250) return painted - since;
    if (Date.now() > deadline) throw new Error(`nothing was drawn in ${area} within 10 s (last drawn at ${painted}, waiting since ${since})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** In the page: `window.__until(selector)` resolves at the first frame drawn once the selector matches. */
async function installUntil(page: Page): Promise<void> {
  await page.evaluate(`window.__until = (selector) => new Promise((resolve) => {
    const found = () => {
      if (!document.querySelector(selector)) return false;
      requestAnimationFrame(() => resolve(performance.now()));
      return true;
    };
    if (found()) return;
    const watch = new MutationObserver(() => found() && watch.disconnect());
    watch.observe(document.body, { subtree: true, childList: true, attributes: true });
  })`);
}

/** A report of about `bytes` of English and Russian paragraphs under numbered headings, with page breaks, for when the real one is not here. */
function syntheticReport(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  let section = 0;
  for (const doc of corpus(400, 10, 3)) {
    parts.push(`${++section}. ${doc.title.toUpperCase()}`, ...doc.paragraphs, '\f');
    size += doc.paragraphs.reduce((n, p) => n + p.length, 0);
    if (size >= bytes) break;
  }
  return parts.join('\n\n');
}
