// @vitest-environment jsdom
import { engine, openFreshArchive, value } from './engine-bridge.js';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openArchive } from '../../db/store/archive.js';
import { startI18n } from '../../renderer/src/i18n/setup-i18n.js';
import { ActivityLog, detailWords, wordingFor } from '../../renderer/src/archive/activity-log.js';
import { passphrase, tempDir } from '../support/temp-archive.js';

startI18n();
beforeAll(() => {
  // Dates in the British form the brief shows ("7 Dec 2026, 05:12"), whatever jsdom says.
  Object.defineProperty(navigator, 'language', { value: 'en-GB', configurable: true });
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await act(() => i18next.changeLanguage('en'));
});

type Created = { id: string };
const create = (type: string, data: Record<string, unknown>) => value<Created>(engine.call('records.create', { type, data } as never));

/** A failed unlock, then the right passphrase: the log notes the attempt at the unlock. */
async function failOnceThenUnlock(dir: string): Promise<void> {
  await engine.call('archive.close', {});
  expect((await engine.call('archive.open', { dir, passphrase: 'not the passphrase at all' })).ok).toBe(false);
  await value(engine.call('archive.open', { dir, passphrase }));
}

const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);
const rowWith = (text: string) => screen.getAllByRole('row').find((r) => r.textContent!.includes(text))!;
/** "7 Dec 2026, 05:12" and «7 дек. 2026 г., 05:12». */
const englishTime = /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/;
const russianTime = /^\d{1,2} [а-я]{3,4}\.? \d{4} г\., \d\d:\d\d$/;

describe('the activity log', () => {
  it('says the log checks out, shows what happened in words newest first, 50 at a time, and opens a record by its title', async () => {
    await failOnceThenUnlock(await openFreshArchive());
    const detainee = await create('detainee', { title: 'Max Bokayev', status: 'detained' });
    await value(engine.call('records.update', { id: detainee.id, patch: { status: 'released', statusNote: 'Released on parole' } }));
    const gone = await create('note', { text: 'A note typed by mistake' });
    await value(engine.call('records.delete', { id: gone.id }));
    for (let i = 1; i <= 50; i++) await create('person', { title: `Witness ${i}` });
    const { total } = await value<{ total: number }>(engine.call('audit.page', { limit: 1 }));
    expect(total).toBe(58);

    const user = userEvent.setup();
    const opened = vi.fn();
    const { container } = render(<ActivityLog active onOpen={opened} onBack={() => undefined} />);
    expect((await screen.findByRole('status')).textContent).toBe('The log is intact: 58 entries; the newest is signed by this device.');
    const table = screen.getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['No.', 'When', 'What happened', 'Record', 'Device', 'Details']);
    expect(within(table).getByText('The newest 50 of 58 entries')).toBeDefined();
    // Newest first: the last witness at the top.
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(50);
    const [no, when, ...rest] = cells(rows[0]!);
    expect([no, rest]).toEqual(['58', ['Record created', 'Witness 50', 'this device', 'Person']]);
    expect(when).toMatch(englishTime);

    await user.click(screen.getByRole('button', { name: 'Show older' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(59));
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull();
    expect(within(table).getByText('All 58 entries')).toBeDefined();
    expect(cells(rowWith('Record edited')).slice(2)).toEqual(['Record edited', 'Max Bokayev', 'this device', 'Changed: Status and Status note']);
    expect(cells(rowWith('Record deleted')).slice(2)).toEqual(['Record deleted', 'A note typed by mistake (deleted)', 'this device', 'Note']);
    expect(within(rowWith('Record deleted')).queryByRole('button')).toBeNull();
    const failed = cells(rowWith('Failed unlock attempts'));
    expect(failed[4]).toBe('this device');
    expect(failed[5]).toMatch(/^1 attempt with the passphrase, at \d{1,2}\s[A-Z][a-z]{2}\s\d{4},\s\d\d:\d\d$/);
    expect(cells(rowWith('Archive created'))[0]).toBe('1');
    expect(
      cells(
        within(table)
          .getAllByRole('row')
          .filter((r) => r.textContent!.includes('Unlocked'))[0]!,
      ).slice(5),
    ).toEqual(['with the passphrase']);

    // Nothing internal on the screen: no ids, no ISO times, no field or action names.
    const shown = container.textContent!;
    for (const id of [detainee.id, gone.id]) expect(shown).not.toContain(id);
    expect(shown).not.toMatch(/[0-9a-f]{32}|\d{4}-\d\d-\d\dT\d\d|statusNote|record\.update|unlock\.failed/);

    await user.click(within(rowWith('Record edited')).getByRole('button', { name: 'Max Bokayev' }));
    expect(opened).toHaveBeenCalledWith(detainee.id);

    // The same log in Russian.
    await act(() => i18next.changeLanguage('ru'));
    expect(screen.getByRole('status').textContent).toBe('Журнал цел: 58 записей; последняя подписана этим устройством.');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['№', 'Когда', 'Что произошло', 'Запись', 'Устройство', 'Подробности']);
    expect(within(table).getByText('Все 58 записей')).toBeDefined();
    expect(cells(rowWith('Запись изменена')).slice(2)).toEqual(['Запись изменена', 'Max Bokayev', 'это устройство', 'Изменено: Статус и Пояснение к статусу']);
    expect(cells(rowWith('Запись удалена'))[3]).toBe('A note typed by mistake (удалена)');
    expect(cells(rowWith('Неудачные попытки'))[5]).toMatch(/^1 попытка с парольной фразой, \d{1,2}\s[а-я]{3,4}\.?\s\d{4}\sг\.,\s\d\d:\d\d$/);
    expect(cells(rowWith('Архив создан'))[1]).toMatch(russianTime);
    expect(screen.getByRole('button', { name: 'Экспортировать журнал (без шифрования)' })).toBeDefined();
  });

  it('exports the whole log as CSV after the plaintext warning, and the export is then in the log', async () => {
    await openFreshArchive();
    await create('trial', { title: 'Trial of Talgat Ayanov' });
    const out = join(tempDir('vigil-log-export-'), 'activity.csv');
    const bridge = (window as unknown as { vigil: { choose: (purpose: string) => Promise<string[] | null> } }).vigil;
    const choose = vi.spyOn(bridge, 'choose').mockResolvedValue([out]);
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    const user = userEvent.setup();
    render(<ActivityLog active onOpen={() => undefined} onBack={() => undefined} />);
    await screen.findByText('The log is intact: 3 entries; the newest is signed by this device.');
    const button = screen.getByRole('button', { name: 'Export the log (not encrypted)' });

    // Declined: nothing is asked or written.
    await user.click(button);
    expect(confirm).toHaveBeenCalledWith(expect.stringMatching(/NOT encrypted/));
    expect(choose).not.toHaveBeenCalled();
    expect(existsSync(out)).toBe(false);

    await user.click(button);
    await screen.findByText('The activity log was written to activity.csv: 3 entries. The file is not encrypted.');
    expect(choose).toHaveBeenCalledWith('export-log');
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFNo.,Date,Time,What,Record,Device,Details');
    expect(csv).toContain('Trial of Talgat Ayanov');
    await screen.findByText('The log is intact: 4 entries; the newest is signed by this device.');
    expect(cells(screen.getAllByRole('row')[1]!).slice(2)).toEqual(['Exported (not encrypted)', '', 'this device', 'the activity log, CSV, to activity.csv: 3 entries']);
  });

  it('words a sync folder\u2019s bundle without the device id it is kept under', () => {
    const words = detailWords(
      {
        action: 'bundle.export',
        detail: { file: '0123456789abcdef0123456789abcdef.vigil', peer: 'sync:0123456789abcdef0123456789abcdef', revisions: 3, blobs: 0, to: 'passphrase' },
      },
      wordingFor(i18next.t, 'en'),
    );
    expect(words).toMatch(/to the shared sync folder$/);
    expect(words).not.toMatch(/sync:|[0-9a-f]{32}/);
  });

  it('warns, in the interface’s language, when the log does not check out', async () => {
    const dir = await openFreshArchive();
    await create('detainee', { title: 'Max Bokayev' });
    // Someone with the key edits an entry behind Vigil's back.
    await engine.call('archive.close', {});
    const archive = await openArchive(dir, { passphrase });
    archive.db.exec('DROP TRIGGER audit_no_update');
    archive.db.prepare(`UPDATE audit SET detail = '{"type":"person"}' WHERE seq = 3`).run();
    archive.close();
    await value(engine.call('archive.open', { dir, passphrase }));

    render(<ActivityLog active onOpen={() => undefined} onBack={() => undefined} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(
      /^The log does not check out: entry 3 \(Record created\) was changed after it was written\. Entries may have been changed or removed outside Vigil\./,
    );
    expect(screen.queryByText(/The log is intact/)).toBeNull();
    // The entries are still shown, to see what the log says.
    expect(screen.getAllByRole('row').length).toBeGreaterThan(3);
    await act(() => i18next.changeLanguage('ru'));
    expect(screen.getByRole('alert').textContent).toMatch(/^Журнал не прошёл проверку: запись № 3 \(Запись создана\) изменена после того, как была сделана\./);
  });
});
