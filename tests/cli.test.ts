import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prisonVisitTemplate } from './support/template-fixtures.js';
import { uwaziExportCsv, uwaziTemplates, uwaziThesauri } from './support/uwazi-fixtures.js';
import { openArchive } from '../db/store/archive.js';
import { syncAll } from './support/replicas.js';
import { vigil, type CliResult } from './support/run-cli.js';
import { expectSameFiles, newArchive, passphrase, snapshotFolder, tempDir } from './support/temp-archive.js';

const env = { VIGIL_PASSPHRASE: passphrase };

function ok(result: CliResult): string {
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** Errors are one line on stderr, never a stack trace. */
function failed(result: CliResult, status: number, message: RegExp): void {
  expect(result.status, result.stderr).toBe(status);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

async function archiveDir(): Promise<string> {
  const { dir, archive } = await newArchive();
  archive.close();
  return dir;
}

describe('vigil command', () => {
  it('prints help and refuses unknown commands and bad arguments with exit 1', () => {
    const help = ok(vigil(['--help']));
    // Fits an 80-column terminal.
    expect(help.split('\n').filter((line) => [...line].length > 80)).toEqual([]);
    for (const command of [
      'init',
      'add',
      'get',
      'update',
      'delete',
      'list',
      'history',
      'conflicts',
      'resolve',
      'attach',
      'search',
      'find',
      'import',
      'alias',
      'concept',
      'reindex',
      'verify',
      'passwd',
      'wipe',
    ]) {
      expect(help).toContain(`vigil ${command} `);
    }
    failed(vigil(['frobnicate']), 1, /unknown command "frobnicate"/);
    failed(vigil(['get']), 1, /usage: vigil get DIR ID/);
    failed(vigil(['list', '/tmp/x', '--bogus']), 1, /unknown option '--bogus'/);
    failed(vigil(['add', '/tmp/x', 'Space Ship', '--json', '-']), 1, /unknown record type "Space Ship"/);
    expect(ok(vigil(['--version']))).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('init creates an archive with the real key derivation and shows the recovery code once', () => {
    const dir = join(tempDir(), 'new');
    const out = JSON.parse(ok(vigil(['init', dir, '--json'], { env }))) as { recoveryCode: string };
    expect(out.recoveryCode).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    expect(new Set(readdirSync(dir))).toEqual(new Set(['archive.db', 'keys.json', 'failed-unlocks']));
    failed(vigil(['init', dir], { env }), 3, /already holds a Vigil archive/);
    const human = ok(vigil(['init', join(tempDir(), 'other')], { env }));
    expect(human).toMatch(/Recovery code: [0-9A-Z-]{34}/);
    expect(human).toMatch(/shown only now/);
    failed(vigil(['init', join(tempDir(), 'short')], { env: { VIGIL_PASSPHRASE: 'short' } }), 3, /at least 8 characters/);
  });

  it('adds, gets, updates, lists, shows history and deletes records', async () => {
    const dir = await archiveDir();
    const recordFile = join(tempDir(), 'detainee.json');
    writeFileSync(recordFile, JSON.stringify({ title: 'Mukhtar Ablyazov', country: 'KZ', arrests: [{ date: 'early January 2022' }] }));
    const id = ok(vigil(['add', dir, 'detainee', '--json', recordFile], { env })).trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const fromStdin = ok(vigil(['add', dir, 'report', '--json', '-'], { env, input: '{"title":"Shadow report","body":"text"}' })).trim();

    const record = JSON.parse(ok(vigil(['get', dir, id, '--json'], { env })));
    expect(record).toMatchObject({ id, type: 'detainee', data: { title: 'Mukhtar Ablyazov', arrests: [{ date: { start: '2022-01-01', end: '2022-01-10' } }] } });
    const readable = ok(vigil(['get', dir, id], { env }));
    expect(readable).toMatch(/^detainee: Mukhtar Ablyazov/);
    expect(readable).toMatch(/text: early January 2022/);

    const revision = ok(vigil(['update', dir, id, '--json', '-'], { env, input: '{"status":"exiled","country":null}' })).trim();
    const updated = JSON.parse(ok(vigil(['get', dir, id, '--json'], { env })));
    expect(updated.revision).toBe(revision);
    expect(updated.data.status).toBe('exiled');
    expect(updated.data.country).toBeUndefined();

    const history = JSON.parse(ok(vigil(['history', dir, id, '--json'], { env })));
    expect(history.map((r: { id: string }) => r.id)).toEqual([record.revision, revision]);

    expect(JSON.parse(ok(vigil(['list', dir, '--json'], { env }))).map((r: { id: string }) => r.id)).toEqual([id, fromStdin]);
    expect(JSON.parse(ok(vigil(['list', dir, '--type', 'report', '--json'], { env }))).map((r: { id: string }) => r.id)).toEqual([fromStdin]);
    expect(JSON.parse(ok(vigil(['list', dir, '--limit', '1', '--json'], { env })))).toHaveLength(1);
    expect(ok(vigil(['list', dir], { env }))).toMatch(/detainee\s+Mukhtar Ablyazov/);

    expect(ok(vigil(['delete', dir, id], { env }))).toMatch(`deleted ${id}`);
    failed(vigil(['get', dir, id], { env }), 4, /no record/);
    failed(vigil(['delete', dir, id], { env }), 4, /no record/);
  });

  it('adds one record per line, printing each id once committed; a bad line stops with its number', async () => {
    const dir = await archiveDir();
    const lines = ['{"title":"first"}', '', '{"title":"second","text":"Judge entered"}', '{"title":"third","sensitivity":"secret"}', '{"title":"never"}'].join('\n');
    const result = vigil(['add', dir, 'note', '--jsonl', '-'], { env, input: lines });
    failed(result, 3, /^vigil: line 4: note: sensitivity: /);
    const ids = result.stdout.trim().split('\n');
    expect(ids).toHaveLength(2);
    const listed = JSON.parse(ok(vigil(['list', dir, '--json'], { env })));
    expect(listed.map((r: { id: string }) => r.id)).toEqual(ids);
    failed(vigil(['add', dir, 'note', '--jsonl', '-'], { env, input: '{"title":"ok"}\n{not json\n' }), 3, /line 2 is not valid JSON/);
    failed(vigil(['add', dir, 'note', '--jsonl', join(tempDir(), 'missing.jsonl')], { env }), 4, /cannot read/);
    failed(vigil(['add', dir, 'note', '--jsonl', tempDir()], { env }), 4, /cannot read/);
  });

  it('rejects invalid input with exit 3, a missing record with 4, a wrong passphrase with 2 and changes nothing', async () => {
    const dir = await archiveDir();
    failed(vigil(['add', dir, 'detainee', '--json', '-'], { env, input: '{"title":"X","titel":"typo"}' }), 3, /unknown field titel/);
    failed(vigil(['add', dir, 'detainee', '--json', '-'], { env, input: '{"title":' }), 3, /not valid JSON/);
    failed(vigil(['get', dir, 'not-an-id'], { env }), 3, /expected a record id/);
    failed(vigil(['get', dir, '01a20158-5811-7698-808c-8bcf005cf7ea'], { env }), 4, /no record/);
    const before = snapshotFolder(dir);
    failed(vigil(['list', dir], { env: { VIGIL_PASSPHRASE: 'wrong passphrase' } }), 2, /^vigil: wrong passphrase$/m);
    expect(expectSameFiles(before, snapshotFolder(dir))).toEqual([]);
    failed(vigil(['list', join(tempDir(), 'none')], { env }), 4, /no Vigil archive/);
    failed(vigil(['list', dir]), 1, /no passphrase: set VIGIL_PASSPHRASE/);
  });

  it('stops quietly when the reader closes the pipe early (vigil list | head)', async () => {
    const { dir, archive } = await newArchive();
    archive.records.createMany(Array.from({ length: 3000 }, (_, i) => ({ type: 'note' as const, data: { title: `note number ${i} with a longer title` } })));
    archive.close();
    const { spawn } = await import('node:child_process');
    const { cliPath } = await import('./support/run-cli.js');
    const child = spawn(process.execPath, [cliPath, 'list', dir, '--json'], { env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('reads the passphrase from a file', async () => {
    const dir = await archiveDir();
    const file = join(tempDir(), 'pass.txt');
    writeFileSync(file, `${passphrase}\n`);
    expect(ok(vigil(['list', dir, '--passphrase-file', file]))).toMatch(/no records/);
  });

  it('attaches a file and verifies the archive; verify fails with exit 3 after tampering', async () => {
    const dir = await archiveDir();
    const id = ok(vigil(['add', dir, 'report', '--json', '-'], { env, input: '{"title":"Opinion 57/2022"}' })).trim();
    const file = join(tempDir(), 'opinion.pdf');
    writeFileSync(file, '%PDF-1.7 pretend');
    const sha = ok(vigil(['attach', dir, id, file], { env })).trim();
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(ok(vigil(['get', dir, id, '--json'], { env }))).data.attachments).toEqual([{ sha256: sha, name: 'opinion.pdf', size: 16 }]);
    failed(vigil(['attach', dir, id, join(tempDir(), 'missing.pdf')], { env }), 4, /cannot read/);
    expect(ok(vigil(['verify', dir], { env }))).toMatch(/^ok: 2 revisions of 1 records, \d+ audit entries, 1 attachments/);

    const archive = await openArchive(dir, { passphrase });
    archive.db.exec(`DROP TRIGGER audit_no_update; UPDATE audit SET action = 'record.delete' WHERE seq = 2`);
    archive.close();
    failed(vigil(['verify', dir], { env }), 3, /verify failed: audit log: entry 2 .* was altered/);
  });

  it('lists conflicts and resolves one by picking a version', async () => {
    const a = await newArchive();
    const b = await newArchive();
    const rec = a.archive.records.create('trial', { title: 'Case 2-17/2022' });
    syncAll(a.archive, b.archive);
    a.archive.records.update(rec.id, { status: 'ongoing' });
    b.archive.records.update(rec.id, { status: 'verdict' });
    syncAll(b.archive, a.archive);
    a.archive.close();
    b.archive.close();
    const conflicts = JSON.parse(ok(vigil(['conflicts', a.dir, '--json'], { env })));
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0].leaves).toHaveLength(2);
    const pick = conflicts[0].leaves.find((l: { data: { status: string } }) => l.data.status === 'verdict').id;
    expect(ok(vigil(['conflicts', a.dir], { env }))).toContain(pick);
    ok(vigil(['resolve', a.dir, rec.id, '--pick', pick], { env }));
    expect(JSON.parse(ok(vigil(['conflicts', a.dir, '--json'], { env })))).toEqual([]);
    expect(JSON.parse(ok(vigil(['get', a.dir, rec.id, '--json'], { env }))).data.status).toBe('verdict');
    failed(vigil(['resolve', a.dir, rec.id, '--pick', pick], { env }), 3, /no conflict to resolve/);
  });

  it('changes the passphrase, and sets a new one with the recovery code', async () => {
    const { dir, archive, recoveryCode } = await newArchive();
    archive.close();
    ok(vigil(['passwd', dir], { env: { ...env, VIGIL_NEW_PASSPHRASE: 'second passphrase' } }));
    failed(vigil(['list', dir], { env }), 2, /wrong passphrase/);
    ok(vigil(['list', dir], { env: { VIGIL_PASSPHRASE: 'second passphrase' } }));
    // Never on the command line, where the process list and the shell's history keep it.
    failed(vigil(['passwd', dir, '--recovery-code', recoveryCode], { env: { VIGIL_NEW_PASSPHRASE: 'third passphrase' } }), 1, /never goes on the command line/);
    failed(
      vigil(['passwd', dir, '--recovery-code', '-'], { input: 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA\n', env: { VIGIL_NEW_PASSPHRASE: 'third passphrase' } }),
      2,
      /recovery code/,
    );
    // Piped, one secret per line: the code, then the new passphrase.
    ok(vigil(['passwd', dir, '--recovery-code', '-'], { input: `${recoveryCode.toLowerCase()}\nthird passphrase\n` }));
    ok(vigil(['list', dir], { env: { VIGIL_PASSPHRASE: 'third passphrase' } }));
    ok(vigil(['passwd', dir, '--recovery-code', '-'], { env: { VIGIL_RECOVERY_CODE: recoveryCode, VIGIL_NEW_PASSPHRASE: 'fourth passphrase' } }));
    ok(vigil(['list', dir], { env: { VIGIL_PASSPHRASE: 'fourth passphrase' } }));
    const codeFile = join(tempDir(), 'code.txt');
    writeFileSync(codeFile, `${recoveryCode}\n`, { mode: 0o600 });
    ok(vigil(['passwd', dir, '--recovery-code-file', codeFile], { env: { VIGIL_NEW_PASSPHRASE: 'fifth passphrase' } }));
    // The current passphrase and the new one, piped.
    ok(vigil(['passwd', dir], { input: 'fifth passphrase\nsixth passphrase\n' }));
    ok(vigil(['list', dir], { env: { VIGIL_PASSPHRASE: 'sixth passphrase' } }));
  });

  it('records failed unlocks from separate commands, shows the checked log, exports it, and verifies without writing an unlock', async () => {
    const dir = await archiveDir();
    failed(vigil(['list', dir], { env: { VIGIL_PASSPHRASE: 'a wrong guess' } }), 2, /wrong passphrase/);
    failed(vigil(['list', dir], { env: { VIGIL_PASSPHRASE: 'another guess' } }), 2, /wrong passphrase/);
    const count = async () => {
      const archive = await openArchive(dir, { passphrase }, { recordUnlock: false });
      const n = archive.audit.list().length;
      archive.close();
      return n;
    };
    const before = await count();
    ok(vigil(['verify', dir], { env }));
    ok(vigil(['verify', dir], { env }));
    expect(await count()).toBe(before);
    const log = ok(vigil(['audit', dir], { env }));
    expect(log).toMatch(/failed unlock attempts: 2 attempts \(passphrase\), \d+ \w{3} \d{4}, \d\d:\d\d/);
    expect(log).toMatch(/unlocked: with the passphrase\n.*the log checks out: \d+ entries, the newest signed by this device\n$/s);
    expect(log).not.toMatch(/\d{4}-\d\d-\d\dT|[0-9a-f]{32}/);
    const csv = join(tempDir(), 'audit.csv');
    const written = vigil(['audit', dir, '--out', csv], { env });
    expect(written.status).toBe(0);
    expect(written.stderr).toMatch(/NOT encrypted/);
    expect(readFileSync(csv, 'utf8')).toMatch(/^\uFEFFNo\.,Date,Time,What,Record,Device,Details\r\n1,/);
  });

  it('wipes only with --yes, and without a passphrase', async () => {
    const dir = await archiveDir();
    failed(vigil(['wipe', dir]), 1, /add --yes/);
    expect(existsSync(join(dir, 'keys.json'))).toBe(true);
    expect(ok(vigil(['wipe', dir, '--yes']))).toMatch(/wiped: keys.json, archive.db/);
    expect(existsSync(dir)).toBe(false);
    failed(vigil(['list', dir], { env }), 4, /no Vigil archive/);
  });
});

describe('vigil search, find, alias and reindex', () => {
  it('searches with --json giving id, type, title, score, snippet, anchor and more passages, best first', async () => {
    const { dir, archive } = await newArchive();
    const detainee = archive.records.create('detainee', { title: 'Ruslan Zhaksybekov', names: [{ name: 'Жақсыбеков Руслан' }] });
    const report = archive.records.create('report', { title: 'Zhanaozen report', body: 'Жақсыбековтың ісі Ақтау қаласында қаралды.' });
    archive.close();
    const hits = JSON.parse(ok(vigil(['search', dir, 'Zhaksybekov', '--json'], { env })));
    expect(hits.map((h: { id: string }) => h.id)).toEqual([detainee.id, report.id]);
    expect(Object.keys(hits[0]).sort()).toEqual(['anchor', 'id', 'more', 'score', 'snippet', 'title', 'type']);
    expect(hits[0].snippet).toMatch(/\*\*Zhaksybekov\*\*/);
    expect(hits[0].score).toBeGreaterThanOrEqual(hits[1].score);
    expect(JSON.parse(ok(vigil(['search', dir, 'Zhaksybekov', '--type', 'report', '--json'], { env }))).map((h: { id: string }) => h.id)).toEqual([report.id]);
    expect(JSON.parse(ok(vigil(['search', dir, 'Zhaksybekov', '--limit', '1', '--json'], { env })))).toHaveLength(1);
    const human = ok(vigil(['search', dir, 'Жаксыбеков'], { env }));
    expect(human).toMatch(/^2 results \(1 detainee, 1 report\)/);
    expect(human).toMatch(/1\. \[detainee\] Ruslan Zhaksybekov/);
    failed(vigil(['search', dir, '"unclosed'], { env }), 3, /quoted phrase is not closed/);
    expect(ok(vigil(['search', dir, 'nothingatallhere'], { env }))).toMatch(/no results/);
  });

  it('imports files: --json outcomes, exit 3 when any file is rejected, --dry-run writes nothing', async () => {
    const dir = await archiveDir();
    const files = tempDir();
    const csv = join(files, 'detainees.csv');
    writeFileSync(csv, 'ФИО,Дата ареста,Статус\nЖақсыбеков Руслан,11.01.2022,задержан\n');
    const md = join(files, 'brief.md');
    writeFileSync(md, '# Briefing\n\nThe trial in Aktau resumed.\n');
    const empty = join(files, 'empty.pdf');
    writeFileSync(empty, '');

    const dry = ok(vigil(['import', dir, csv, '--as', 'detainee', '--dry-run'], { env }));
    expect(dry).toMatch(/ФИО → name/);
    expect(dry).toMatch(/Дата ареста → date of arrest/);
    // --map is the CLI's spelling of the columns chosen by hand; a spreadsheet without --as is a usage mistake.
    expect(ok(vigil(['import', dir, csv, '--as', 'detainee', '--map', 'Статус=-', '--dry-run'], { env }))).toMatch(/Статус → left out/);
    failed(vigil(['import', dir, csv, '--as', 'detainee', '--map', 'Статус'], { env }), 1, /--map expects "Column=field" pairs/);
    failed(vigil(['import', dir, csv], { env }), 1, /a spreadsheet needs --as TYPE/);
    expect(JSON.parse(ok(vigil(['list', dir, '--json'], { env })))).toEqual([]);

    const imported = vigil(['import', dir, csv, md, '--as', 'detainee', '--json'], { env });
    expect(imported.status, imported.stderr).toBe(0);
    // With --json, progress goes to stderr as JSON lines; stdout is the result alone.
    for (const line of imported.stderr.trim().split('\n')) expect(JSON.parse(line)).toHaveProperty('progress.files', 2);
    const good = JSON.parse(imported.stdout) as { file: string; status: string; id?: string; ids?: string[] }[];
    expect(good.map((o) => [o.file, o.status])).toEqual([
      [csv, 'imported'],
      [md, 'imported'],
    ]);
    expect(good[0]!.ids).toHaveLength(1);
    expect(good[1]!.id).toMatch(/^[0-9a-f-]{36}$/);

    const mixed = vigil(['import', dir, md, empty, '--json'], { env });
    expect(mixed.status).toBe(3);
    // The progress lines, then the one line that says why the exit is 3.
    expect(mixed.stderr.trim().split('\n').at(-1)).toBe('vigil: 1 of 2 files were rejected');
    expect(
      mixed.stderr
        .trim()
        .split('\n')
        .slice(0, -1)
        .every((line) => 'progress' in JSON.parse(line)),
    ).toBe(true);
    expect(JSON.parse(mixed.stdout)).toEqual([
      { file: md, status: 'duplicate', format: 'markdown', id: good[1]!.id },
      { file: empty, status: 'rejected', error: 'the file is empty' },
    ]);
    failed(vigil(['import', dir, csv, '--as', 'detainee', '--date-order', 'ymd'], { env }), 1, /--date-order is dmy/);
  });

  it('defines templates from a file, adds and finds a record of a defined type, and refuses a bad file with exit 3 and one line', async () => {
    const dir = await archiveDir();
    const file = join(tempDir(), 'template.json');
    writeFileSync(file, JSON.stringify(prisonVisitTemplate));
    expect(ok(vigil(['template', 'apply', dir, file], { env }))).toMatch(/vocabularies: 1 added, 0 changed\nrecord types: 1 added, 0 changed\nfields: 3 added, 0 changed/);
    const shown = ok(vigil(['template', 'show', dir], { env }));
    expect(shown).toMatch(/type prison-visit {2}Prison visit\n {4}facility {2}text {2}Facility/);
    expect(shown).toMatch(/ {6}no-bed {2}No bed of one’s own \/ Нет своего спального места/);
    expect(JSON.parse(ok(vigil(['template', 'show', dir, '--json'], { env })))).toMatchObject({ format: 'vigil-templates', version: 1, types: [{ key: 'prison-visit' }] });
    const id = ok(
      vigil(['add', dir, 'prison-visit', '--json', '-'], {
        env,
        input: JSON.stringify({ title: 'Visit to LA-155/14', defined: { facility: 'LA-155/14', conditions: ['no-bed'] } }),
      }),
    ).trim();
    expect(JSON.parse(ok(vigil(['search', dir, 'conditions:overcrowding', '--json'], { env }))).map((h: { id: string }) => h.id)).toEqual([id]);
    failed(vigil(['add', dir, 'prison-vist', '--json', '-'], { env, input: '{"title":"x"}' }), 3, /^vigil: unknown record type "prison-vist"; expected one of .*prison-visit\n$/);
    failed(
      vigil(['add', dir, 'prison-visit', '--json', '-'], { env, input: '{"title":"x","defined":{"conditions":["mould"]}}' }),
      3,
      /"mould" is not a term of the vocabulary conditions/,
    );
    writeFileSync(file, '{"vocabularies":[');
    failed(vigil(['template', 'apply', dir, file], { env }), 3, /^vigil: .*template\.json is not valid JSON[^\n]*\n$/);
    writeFileSync(file, '{"fields":[{"type":"spaceship","key":"x","kind":"text","labels":{"en":"X"}}]}');
    failed(vigil(['template', 'apply', dir, file], { env }), 3, /^vigil: template file: field spaceship\.x: no record type "spaceship" here[^\n]*\n$/);
    expect(JSON.parse(ok(vigil(['template', 'schema'])))).toMatchObject({ title: 'Vigil template file, version 1' });
    failed(vigil(['template', 'frob', dir], { env }), 1, /unknown template action "frob"/);
  });

  it('carries Uwazi CSV in and out, and vocabularies as thesaurus CSV; a damaged file is refused with exit 3 and one line, nothing written', async () => {
    const dir = await archiveDir();
    const folder = tempDir();
    const csv = join(folder, 'incidents.csv');
    const template = join(folder, 'templates.json');
    const thesauri = join(folder, 'thesauri.json');
    writeFileSync(csv, uwaziExportCsv);
    writeFileSync(template, JSON.stringify(uwaziTemplates));
    writeFileSync(thesauri, JSON.stringify(uwaziThesauri));
    const first = ok(vigil(['import', dir, csv, '--as', 'incident', '--uwazi', '--template', template, '--thesauri', thesauri], { env }));
    expect(first).toMatch(
      /^imported {2}.*incidents\.csv as incident: 2 new, 0 updated, 0 unchanged\n {2}defined: the type incident, 10 fields, 4 new terms\n {2}columns:\n {4}Title → title\n/,
    );
    expect(first).toMatch(/ {4}Location → location_geolocation\n/);
    expect(first).toMatch(/ {4}Documents → left out \(Uwazi's own column, not a property\)\n/);
    expect(first).toMatch(/note: property "Old table" \(nested\) left out: Vigil keeps no nested values/);
    expect(ok(vigil(['import', dir, csv, '--as', 'incident', '--uwazi'], { env }))).toMatch(/: 0 new, 0 updated, 2 unchanged\n/);
    expect(JSON.parse(ok(vigil(['search', dir, 'violations:beating', '--json'], { env }))).map((h: { title: string }) => h.title)).toEqual(['Zhanaozen, 16 December']);
    const out = join(folder, 'for-uwazi.csv');
    const exported = vigil(['export', dir, '--format', 'uwazi-csv', '--type', 'incident', '--out', out], { env });
    expect(exported.status).toBe(0);
    expect(exported.stderr).toMatch(/NOT encrypted/);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
      'title,country,description,victims,date,period,hearings,location_geolocation,violations,related_incidents,source,case_id',
    );
    failed(vigil(['export', dir, '--format', 'uwazi-csv', '--out', out], { env }), 1, /needs one --type/);
    const thesaurus = join(folder, 'violations.csv');
    const wrote = vigil(['template', 'export-vocabulary', dir, 'uwazi-violations', '--out', thesaurus], { env });
    expect([wrote.status, wrote.stdout, wrote.stderr]).toEqual([0, expect.stringMatching(/wrote 4 terms of uwazi-violations/), expect.stringMatching(/NOT encrypted/)]);
    expect(readFileSync(thesaurus, 'utf8')).toBe('English\nTorture\n- Beating\n- Stress positions\nArbitrary detention\n');
    expect(ok(vigil(['template', 'import-vocabulary', dir, thesaurus, '--key', 'uwazi-violations'], { env }))).toMatch(/read 4 terms into uwazi-violations: nothing new/);

    const revisions = () => JSON.parse(ok(vigil(['template', 'show', dir, '--json'], { env }))) as unknown;
    const before = revisions();
    writeFileSync(template, '{"rows":[{"name":"Incident","properties":[{"name":"x","type":"text"}],');
    failed(
      vigil(['import', dir, csv, '--as', 'protest', '--uwazi', '--template', template], { env }),
      3,
      /^vigil: the Uwazi template file templates\.json is not valid JSON; nothing was imported\n$/,
    );
    writeFileSync(csv, uwaziExportCsv.replace(',14,', ',fourteen,'));
    failed(
      vigil(['import', dir, csv, '--as', 'incident', '--uwazi'], { env }),
      3,
      /^vigil: incidents\.csv, row 3, column "Victims": "fourteen" is not a number; nothing was imported\n$/,
    );
    writeFileSync(thesaurus, 'English\n- Orphan\n');
    failed(
      vigil(['template', 'import-vocabulary', dir, thesaurus, '--key', 'uwazi-violations'], { env }),
      3,
      /^vigil: violations\.csv, row 2: a term marked "-" needs a term above it, one level up; nothing was imported\n$/,
    );
    expect(revisions()).toEqual(before);
    // Damaged files: bytes that are no CSV, a thesaurus file of binary noise.
    writeFileSync(csv, Buffer.from([0, 159, 146, 150, 0, 255, 1, 2, 3, 10, 0, 0]));
    failed(vigil(['import', dir, csv, '--as', 'incident', '--uwazi'], { env }), 3, /^vigil: incidents\.csv [^\n]*; nothing was imported\n$/);
    writeFileSync(thesaurus, Buffer.from([0xff, 0xfe, 0, 0, 0x2d, 0, 10, 0]));
    failed(vigil(['template', 'import-vocabulary', dir, thesaurus, '--key', 'uwazi-violations'], { env }), 3, /^vigil: [^\n]*nothing was imported\n$/);
    expect(revisions()).toEqual(before);
    failed(vigil(['import', dir, csv, csv, '--as', 'incident', '--uwazi'], { env }), 1, /one CSV file at a time/);
  });

  it('finds by prefix, manages aliases and concepts, and reindexes', async () => {
    const { dir, archive } = await newArchive();
    const rec = archive.records.create('organisation', { title: 'Department of Internal Affairs', names: [{ name: 'ДВД' }] });
    archive.close();
    expect(JSON.parse(ok(vigil(['find', dir, 'Departm', '--json'], { env })))[0]).toMatchObject({ id: rec.id, type: 'organisation' });
    expect(ok(vigil(['find', dir, 'zzzz'], { env }))).toMatch(/nothing found/);
    expect(ok(vigil(['alias', 'add', dir, 'DVD', 'Department of Internal Affairs', 'ДВД'], { env }))).toMatch(/DVD = Department of Internal Affairs = ДВД/);
    expect(ok(vigil(['alias', 'list', dir], { env }))).toMatch(/DVD = Department of Internal Affairs/);
    expect(JSON.parse(ok(vigil(['search', dir, 'DVD', '--json'], { env }))).map((h: { id: string }) => h.id)).toEqual([rec.id]);
    ok(vigil(['alias', 'remove', dir, 'DVD'], { env }));
    failed(vigil(['alias', 'remove', dir, 'DVD'], { env }), 4, /not an alias/);
    failed(vigil(['alias', 'add', dir, 'lonely'], { env }), 1, /at least one synonym/);
    failed(vigil(['alias', 'rename', dir], { env }), 1, /unknown alias action/);
    // Concepts: shipped, listed, the archive's own to extend and trim.
    expect(ok(vigil(['concept', 'list', dir], { env }))).toMatch(/death penalty = capital punishment/);
    expect(ok(vigil(['concept', 'add', dir, 'internal affairs', 'police'], { env }))).toMatch(/internal affairs = police/);
    expect(JSON.parse(ok(vigil(['concept', 'list', dir, '--json'], { env }))).some((g: { terms: string[] }) => g.terms.includes('police'))).toBe(true);
    ok(vigil(['concept', 'remove', dir, 'police'], { env }));
    failed(vigil(['concept', 'remove', dir, 'police'], { env }), 4, /not in a concept/);
    failed(vigil(['concept', 'frob', dir], { env }), 1, /unknown concept action/);
    expect(ok(vigil(['reindex', dir], { env }))).toMatch(/reindexed 1 records \(\d+ passages\)/);
  });
  it('exchanges bundles: identity, export, import with --json, sync through a folder; a wrong bundle passphrase exits 2, a damaged bundle 3', async () => {
    const a = await archiveDir();
    const b = await archiveDir();
    const teamEnv = { ...env, VIGIL_BUNDLE_PASSPHRASE: 'the team passphrase for bundles' };
    const files = tempDir();
    const id = ok(vigil(['add', a, 'detainee', '--json', '-'], { env, input: JSON.stringify({ title: 'Руслан Жаксыбеков', status: 'detained' }) })).trim();

    const identity = JSON.parse(ok(vigil(['identity', b, '--json'], { env }))) as { deviceId: string; fingerprint: string; recipient: string };
    expect(identity).toEqual({
      deviceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      fingerprint: expect.stringMatching(/^([0-9A-F]{4}-){7}[0-9A-F]{4}$/),
      recipient: expect.stringMatching(/^age1/),
    });

    const bundle = join(files, 'a.vigil');
    expect(ok(vigil(['bundle', 'export', a, '--out', bundle], { env: teamEnv }))).toMatch(
      /wrote .*a\.vigil: 1 revision, 0 attachments, \d+ bytes, encrypted to the team passphrase/,
    );
    failed(vigil(['bundle', 'import', b, bundle], { env: { ...env, VIGIL_BUNDLE_PASSPHRASE: 'not it' } }), 2, /wrong bundle passphrase/);
    const summary = JSON.parse(ok(vigil(['bundle', 'import', b, bundle, '--json'], { env: teamEnv }))) as Record<string, unknown>;
    expect(summary).toMatchObject({ new: 1, updated: 0, conflicts: 0, unchanged: 0, fingerprint: expect.stringMatching(/^[0-9A-F]{4}-/), newDevice: true });
    expect(JSON.parse(ok(vigil(['get', b, id, '--json'], { env })))).toMatchObject({ id, data: { title: 'Руслан Жаксыбеков' } });

    const toB = join(files, 'to-b.vigil');
    ok(vigil(['bundle', 'export', a, '--out', toB, '--all', '--to', identity.recipient, '--type', 'detainee'], { env }));
    expect(JSON.parse(ok(vigil(['bundle', 'import', b, toB, '--json'], { env })))).toMatchObject({ new: 0, unchanged: 1 });
    const damaged = readFileSync(toB);
    damaged[damaged.length - 5]! ^= 0xff;
    writeFileSync(toB, damaged);
    failed(vigil(['bundle', 'import', b, toB], { env }), 3, /damaged/);
    failed(vigil(['bundle', 'export', a, '--out', toB, '--all', '--since-last', 'hq'], { env: teamEnv }), 1, /exclude each other/);
    failed(vigil(['bundle', 'send', a], { env: teamEnv }), 1, /expected "vigil bundle export/);

    const stick = join(files, 'stick');
    mkdirSync(stick);
    expect(ok(vigil(['sync', a, stick], { env: teamEnv }))).toMatch(/wrote [0-9a-f]{32}\.vigil: 1 revisions/);
    expect(ok(vigil(['sync', b, stick], { env: teamEnv }))).toMatch(/read [0-9a-f]{32}\.vigil: 0 new/);
    expect(readdirSync(stick)).toHaveLength(2);
  });
  it('exports JSON, CSV, HTML and DOCX, saying on the terminal that the files are not encrypted', async () => {
    const dir = await archiveDir();
    const out = tempDir();
    ok(vigil(['add', dir, 'detainee', '--json', '-'], { env, input: JSON.stringify({ title: 'Руслан Жаксыбеков', status: 'detained' }) }));
    const json = vigil(['export', dir, '--format', 'json', '--out', join(out, 'all.json')], { env });
    expect(json.status).toBe(0);
    expect(json.stderr).toBe('vigil: warning: the exported file is NOT encrypted: anyone who holds it can read it\n');
    expect(json.stdout).toMatch(/exported 1 record to .*all\.json/);
    expect(JSON.parse(readFileSync(join(out, 'all.json'), 'utf8'))).toMatchObject({
      format: 'vigil-export',
      encrypted: false,
      records: [{ data: { title: 'Руслан Жаксыбеков' } }],
    });
    const csv = vigil(['export', dir, '--format', 'csv', '--out', join(out, 'csv'), '--type', 'detainee', '--json'], { env });
    expect(JSON.parse(csv.stdout)).toMatchObject({ format: 'csv', records: 1, encrypted: false });
    expect(readFileSync(join(out, 'csv', 'detainee.csv'), 'utf8')).toMatch(/^\uFEFFvigil_id,title/);
    expect(vigil(['export', dir, '--format', 'html', '--query', 'Zhaksybekov', '--out', join(out, 'r.html')], { env }).status).toBe(0);
    expect(readFileSync(join(out, 'r.html'), 'utf8')).toMatch(/<mark>/);
    const docx = vigil(['export', dir, '--format', 'docx', '--type', 'detainee', '--lang', 'ru', '--out', join(out, 'profiles.docx')], { env });
    expect(docx.status).toBe(0);
    expect(docx.stderr).toMatch(/NOT encrypted/);
    expect(readFileSync(join(out, 'profiles.docx')).subarray(0, 2).toString()).toBe('PK');
    failed(vigil(['export', dir, '--format', 'pdf', '--out', join(out, 'x')], { env }), 1, /--format is json, csv, html, docx or uwazi-csv/);
    failed(vigil(['export', dir, '--format', 'json'], { env }), 1, /needs --out FILE/);
    expect(JSON.parse(ok(vigil(['export-schema'])))).toMatchObject({ title: 'Vigil export, version 1' });
  });
});
