import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Response } from '../db/contract.js';
import { createEngine } from '../db/service.js';
import { passphrase, tempDir } from './support/temp-archive.js';

/** A spreadsheet long enough that importing it takes many parts (seconds, not milliseconds). */
function longSpreadsheet(rows: number): string {
  const path = join(tempDir(), 'detainees.csv');
  const lines = ['Name,Country,Notes'];
  for (let i = 0; i < rows; i++) lines.push(`Detainee ${i},KZ,Held in pre-trial detention centre ${i % 40}; lawyer denied access on ${1 + (i % 28)} May`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const codeOf = (response: Response<unknown>) => (response.ok ? 'ok' : response.error.code);

describe('the engine host', () => {
  it('answers a lock ahead of queued work: the running import stops and rolls back, queued calls find the archive locked', async () => {
    const engine = createEngine({ checkResults: true });
    const dir = join(tempDir(), 'lock-ahead');
    expect((await engine.call('archive.create', { dir, passphrase })).ok).toBe(true);
    const csv = longSpreadsheet(40_000);
    const answered: string[] = [];
    const note = (name: string) => (response: Response<unknown>) => {
      answered.push(`${name}:${codeOf(response)}`);
      return response;
    };
    let lock: Promise<Response<unknown>> | undefined;
    let queued: Promise<Response<unknown>>[] = [];
    const importing = engine
      .call(
        'import.files',
        { paths: [csv], as: 'detainee' },
        {
          onProgress: () => {
            // As soon as the import is under way: two calls queue behind it, then the laptop is suspended.
            if (lock) return;
            queued = [engine.call('records.list', {}).then(note('list')), engine.call('search.query', { query: 'Detainee' }).then(note('search'))];
            lock = engine.call('archive.close', {}).then(note('lock'));
          },
        },
      )
      .then(note('import'));
    const imported = await importing;
    await Promise.all([lock, ...queued]);
    expect(imported).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(answered).toEqual(['import:cancelled', 'lock:ok', 'list:not_open', 'search:not_open']);
    expect(await lock).toEqual({ ok: true, value: { closed: true } });
    // Nothing of the interrupted spreadsheet was kept.
    expect((await engine.call('archive.open', { dir, passphrase })).ok).toBe(true);
    expect(await engine.call('records.list', {})).toMatchObject({ ok: true, value: { total: 0 } });
    expect(await engine.call('archive.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
    engine.shutdown();
  }, 120_000);

  it('cancels an import from its screen: the running one stops with nothing written, a queued one never starts, other calls run on', async () => {
    const engine = createEngine({ checkResults: true });
    const dir = join(tempDir(), 'cancel');
    expect((await engine.call('archive.create', { dir, passphrase })).ok).toBe(true);
    const csv = longSpreadsheet(40_000);
    let cancel: Promise<Response<unknown>> | undefined;
    let queued: Promise<Response<unknown>> | undefined;
    let list: Promise<Response<unknown>> | undefined;
    const running = engine.call(
      'import.files',
      { paths: [csv], as: 'detainee' },
      {
        onProgress: () => {
          if (cancel) return;
          queued = engine.call('import.files', { paths: [csv], as: 'detainee' });
          list = engine.call('records.list', {});
          cancel = engine.call('import.cancel', {});
        },
      },
    );
    const reason = { code: 'cancelled', message: 'the import was cancelled: the file it was reading was not saved' };
    expect(await running).toEqual({ ok: false, error: reason });
    expect(await queued).toEqual({ ok: false, error: reason });
    expect(await cancel).toEqual({ ok: true, value: {} });
    // Not a lock: the archive stays open and the next call runs.
    expect(await list).toMatchObject({ ok: true, value: { total: 0 } });
    // A cancel with nothing to cancel changes nothing.
    expect(await engine.call('import.cancel', {})).toEqual({ ok: true, value: {} });
    expect(await engine.call('records.list', {})).toMatchObject({ ok: true, value: { total: 0 } });
    engine.shutdown();
  }, 120_000);

  it('stops a call past its time limit with a clear error, and starts the next only once it has stopped', async () => {
    const engine = createEngine({ checkResults: true, timeLimitMs: 1_500 });
    const dir = join(tempDir(), 'time-limit');
    expect((await engine.call('archive.create', { dir, passphrase })).ok).toBe(true);
    const csv = longSpreadsheet(200_000);
    const importing = engine.call('import.files', { paths: [csv], as: 'detainee' });
    const next = engine.call('records.list', {});
    const imported = await importing;
    expect(imported).toMatchObject({ ok: false, error: { code: 'timeout', message: expect.stringMatching(/^import\.files took longer than 1500 ms and was stopped/) } });
    // The call behind it saw the archive as the stopped import left it: nothing of it.
    expect(await next).toMatchObject({ ok: true, value: { total: 0 } });
    engine.shutdown();
  }, 120_000);
});
