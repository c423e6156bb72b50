// @vitest-environment jsdom
import { engine, openFreshArchive, value } from './engine-bridge.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HearingClock, HearingMode, indicatorKeys, tagWindowMs } from '../../renderer/src/hearing/hearing-mode.js';
import { startI18n } from '../../renderer/src/i18n/setup-i18n.js';

startI18n();
afterEach(cleanup);

type View = { id: string; data: Record<string, unknown> };
let hearingId = '';

beforeEach(async () => {
  await openFreshArchive();
  const trial = await value<View>(engine.call('records.create', { type: 'trial', data: { title: 'Trial of Zhanbolat Mamay' } }));
  hearingId = (await value<View>(engine.call('records.create', { type: 'hearing', data: { title: 'First hearing', trial: trial.id, date: '2022-02-01' } }))).id;
});

async function openCourtroom() {
  const user = userEvent.setup();
  render(<HearingMode onOpen={() => undefined} />);
  await waitFor(() => expect(screen.getByRole('option', { name: 'Trial of Zhanbolat Mamay' })).toBeTruthy());
  await user.selectOptions(document.getElementById('hearing-trial')!, 'Trial of Zhanbolat Mamay');
  await waitFor(() => expect(screen.getByRole('option', { name: 'First hearing' })).toBeTruthy());
  await user.selectOptions(document.getElementById('hearing-pick')!, 'First hearing');
  const field = await screen.findByLabelText('Note', { selector: 'textarea' });
  return { user, field };
}

const notes = () => value<View[]>(engine.call('records.children', { parent: hearingId, type: 'note' }));

describe('hearing mode keys', () => {
  it('Enter saves a timestamped note; Shift+Enter is a new line', async () => {
    const { user, field } = await openCourtroom();
    await user.type(field, 'The judge enters{Shift>}{Enter}{/Shift}All rise');
    expect(await notes()).toHaveLength(0);
    await user.type(field, '{Enter}');
    await waitFor(async () => expect(await notes()).toHaveLength(1));
    const [note] = await notes();
    expect(note!.data).toMatchObject({ text: 'The judge enters\nAll rise', hearing: hearingId, sourceKind: 'seen-directly' });
    expect(String(note!.data.observedAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect((field as HTMLTextAreaElement).value).toBe('');
    // An empty Enter saves nothing.
    await user.type(field, '{Enter}');
    expect(await notes()).toHaveLength(1);
  });

  it('in paper mode, Alt+number from the time field tags the note just saved, and the time field keeps its digits', async () => {
    const { user, field } = await openCourtroom();
    await user.click(screen.getByRole('switch', { name: 'Reconstructed from paper' }));
    const time = screen.getByLabelText('Observed at');
    await user.type(time, '09:15');
    await user.type(field, 'Observers searched at the door{Enter}');
    await waitFor(async () => expect(await notes()).toHaveLength(1));
    // Saved: the time field has the focus for the next note's time.
    await waitFor(() => expect(document.activeElement).toBe(time));
    await user.keyboard('{Alt>}2{/Alt}');
    await waitFor(async () => expect((await notes())[0]!.data.indicators).toEqual([indicatorKeys[1]]));
    expect((time as HTMLInputElement).value).toBe('');
    // The list of keys tags by a click too.
    await user.click(screen.getByRole('button', { name: 'Tag the last note: Equality of arms' }));
    await waitFor(async () => expect((await notes())[0]!.data.indicators).toEqual([indicatorKeys[1], indicatorKeys[2]]));
  });

  it('keeps an assessment’s reasoning typed a moment before a lock', async () => {
    const { user } = await openCourtroom();
    await user.click(screen.getByText(/^Assess this hearing/));
    await user.selectOptions(document.getElementById('assess-public-hearing')!, 'violated');
    await waitFor(async () =>
      expect((await value<View>(engine.call('records.get', { id: hearingId }))).data.indicators).toEqual([{ indicator: 'public-hearing', value: 'violated' }]),
    );
    await user.type(document.getElementById('assess-public-hearing-reason')!, 'Closed without a decision');
    // Locked at once, the reasoning still in its field: the lock waits for it.
    const { writeBeforeLock } = await import('../../renderer/src/archive/before-lock.js');
    await writeBeforeLock();
    expect((await value<View>(engine.call('records.get', { id: hearingId }))).data.indicators).toEqual([
      { indicator: 'public-hearing', value: 'violated', note: 'Closed without a decision' },
    ]);
  });

  it('number keys tag the note just saved; with text typed, or a while later, they are text; Alt+number always tags', async () => {
    const { user, field } = await openCourtroom();
    await user.type(field, 'Defence counsel not admitted{Enter}');
    await waitFor(async () => expect(await notes()).toHaveLength(1));
    await user.type(field, '7');
    await waitFor(async () => expect((await notes())[0]!.data.indicators).toEqual([indicatorKeys[6]]));
    await user.type(field, 'Article 17');
    expect((field as HTMLTextAreaElement).value).toBe('Article 17');
    await user.keyboard('{Alt>}1{/Alt}');
    await waitFor(async () => expect((await notes())[0]!.data.indicators).toEqual([indicatorKeys[6], indicatorKeys[0]]));
    expect((field as HTMLTextAreaElement).value).toBe('Article 17');
    expect(indicatorKeys.slice(0, 2)).toEqual(['public-hearing', 'independence']);
    expect(screen.getByText(/^The note of \d\d:\d\d tagged: Public hearing$/)).toBeTruthy();
    // A while after the last save, a digit in the empty field starts the next note instead.
    await user.clear(field);
    const later = Date.now() + tagWindowMs + 1000;
    const clock = vi.spyOn(Date, 'now').mockReturnValue(later);
    try {
      await user.type(field, '3 witnesses did not appear');
      expect((field as HTMLTextAreaElement).value).toBe('3 witnesses did not appear');
      expect((await notes())[0]!.data.indicators).toEqual([indicatorKeys[6], indicatorKeys[0]]);
    } finally {
      clock.mockRestore();
    }
  });

  it('number keys typed while a slow save is on its way tag that note, in order, never the note before', async () => {
    const { user, field } = await openCourtroom();
    await user.type(field, 'Defence counsel not admitted{Enter}');
    await waitFor(async () => expect(await notes()).toHaveLength(1));
    const bridge = (window as unknown as { vigil: { call: (method: string, args: unknown) => Promise<unknown> } }).vigil;
    const direct = bridge.call;
    bridge.call = async (method, args) => {
      if (method === 'hearing.notes') await new Promise((resolve) => setTimeout(resolve, 400));
      return direct(method, args);
    };
    try {
      await user.type(field, 'Prosecutor reads the indictment{Enter}79');
      expect((field as HTMLTextAreaElement).value).toBe('');
      await waitFor(
        async () => expect((await notes()).find((n) => n.data.text === 'Prosecutor reads the indictment')?.data.indicators).toEqual([indicatorKeys[6], indicatorKeys[8]]),
        {
          timeout: 3000,
        },
      );
      expect((await notes()).find((n) => n.data.text === 'Defence counsel not admitted')!.data.indicators).toBeUndefined();
    } finally {
      bridge.call = direct;
    }
  });

  it('paper mode stays visible, asks each note its own time, and live notes after it take the clock time and no paper flag', async () => {
    const { user, field } = await openCourtroom();
    await user.click(screen.getByLabelText('Reconstructed from paper'));
    const time = screen.getByLabelText('Observed at') as HTMLInputElement;
    fireEvent.change(time, { target: { value: '10:15' } });
    expect(screen.getByText('Typing from paper notes — time 10:15')).toBeTruthy();
    await user.type(field, 'Observer searched at the entrance{Enter}');
    await waitFor(async () => expect(await notes()).toHaveLength(1));
    expect((await notes())[0]!.data).toMatchObject({ flags: { reconstructedFromPaper: true }, observedAt: expect.stringMatching(/^2022-02-01T10:15:00/) });
    // Still in paper mode, but the time of the note before is not reused.
    await waitFor(() => expect(time.value).toBe(''));
    expect(screen.getByText('Typing from paper notes — type the time this note happened')).toBeTruthy();
    await user.type(field, 'Judge refuses the motion{Enter}');
    expect(screen.getByText('Type the time this happened, from the paper notes, first.')).toBeTruthy();
    expect((field as HTMLTextAreaElement).value).toBe('Judge refuses the motion');
    expect(await notes()).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Back to live notes' }));
    expect(screen.queryByLabelText('Observed at')).toBeNull();
    const before = Date.now();
    await user.type(field, '{Enter}');
    await waitFor(async () => expect(await notes()).toHaveLength(2));
    const live = (await notes()).find((n) => n.data.text === 'Judge refuses the motion')!.data;
    expect(live.flags).toBeUndefined();
    expect(Math.abs(new Date(String(live.observedAt)).getTime() - before)).toBeLessThan(5000);
  });

  it('keeps what is being typed as a draft in the archive and restores it', async () => {
    const { user, field } = await openCourtroom();
    await user.type(field, 'The prosecutor');
    await waitFor(async () => expect(await value<{ text: string } | null>(engine.call('drafts.get', { key: `hearing:${hearingId}` }))).toMatchObject({ text: 'The prosecutor' }), {
      timeout: 3000,
    });
    cleanup();
    const again = await openCourtroom();
    await waitFor(() => expect((again.field as HTMLTextAreaElement).value).toBe('The prosecutor'));
    expect(screen.getByText('A draft from before was restored.')).toBeTruthy();
  });

  it('keeps the draft of a hearing left at once for another', async () => {
    const { records } = await value<{ records: View[] }>(engine.call('records.list', { type: 'trial' }));
    await engine.call('records.create', { type: 'hearing', data: { title: 'Second hearing', trial: records[0]!.id, date: '2022-02-02' } });
    const { user, field } = await openCourtroom();
    await user.type(field, 'The judge leaves the room');
    await user.selectOptions(document.getElementById('hearing-pick')!, 'Second hearing');
    await waitFor(async () =>
      expect(await value<{ text: string } | null>(engine.call('drafts.get', { key: `hearing:${hearingId}` }))).toMatchObject({ text: 'The judge leaves the room' }),
    );
  });

  it('shows and stores times on the courtroom’s clocks when the laptop is in another time zone', async () => {
    process.env.TZ = 'UTC';
    const trial = await value<View>(engine.call('records.create', { type: 'trial', data: { title: 'Trial in Aktau' } }));
    const hearing = await value<View>(
      engine.call('records.create', { type: 'hearing', data: { title: 'Aktau hearing', trial: trial.id, date: '2022-02-01', timeZone: 'Asia/Aqtau' } }),
    );
    // A note typed on a laptop set to UTC before this version: shown at the courtroom's 15:00.
    await engine.call('records.create', { type: 'note', data: { text: 'Verdict read out', hearing: hearing.id, observedAt: '2022-02-01T10:00:00+00:00' } });
    const user = userEvent.setup();
    render(<HearingMode onOpen={() => undefined} />);
    await waitFor(() => expect(screen.getByRole('option', { name: 'Trial in Aktau' })).toBeTruthy());
    await user.selectOptions(document.getElementById('hearing-trial')!, 'Trial in Aktau');
    await waitFor(() => expect(screen.getByRole('option', { name: 'Aktau hearing' })).toBeTruthy());
    await user.selectOptions(document.getElementById('hearing-pick')!, 'Aktau hearing');
    expect((await screen.findByText('15:00')).closest('time')!.getAttribute('datetime')).toBe('2022-02-01T10:00:00+00:00');
    // The clock shows the courtroom's time, and the laptop's beside it.
    const clock = screen.getByLabelText('Hearing clock').textContent!;
    const courtroom = new Date().toLocaleTimeString('en-US', { timeZone: 'Asia/Aqtau', hour: 'numeric' }).split(' ')[0]!;
    expect(clock).toMatch(new RegExp(`^${courtroom}:\\d\\d:\\d\\d [AP]M \\(Asia/Aqtau; this computer: `));
    // A note typed now is stored with the courtroom's UTC offset.
    const field = screen.getByLabelText('Note', { selector: 'textarea' });
    await user.type(field, 'Sentence announced{Enter}');
    await waitFor(async () => {
      const saved = (await value<View[]>(engine.call('records.children', { parent: hearing.id, type: 'note' }))).find((n) => n.data.text === 'Sentence announced');
      expect(saved?.data.observedAt).toMatch(/\+05:00$/);
    });
  });

  it('keeps the clock and the elapsed time right after the laptop sleeps: read again the moment the window comes back', async () => {
    process.env.TZ = 'UTC';
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      vi.setSystemTime(new Date('2026-12-07T10:00:00Z'));
      render(<HearingClock start="09:00" day="2026-12-07" zone="UTC" />);
      expect(screen.getByLabelText('Hearing clock').textContent).toContain('+1:00:00');
      // Asleep for two and a half hours: no timer ran.
      vi.setSystemTime(new Date('2026-12-07T12:30:00Z'));
      fireEvent(document, new Event('visibilitychange'));
      await waitFor(() => expect(screen.getByLabelText('Hearing clock').textContent).toContain('+3:30:00'));
    } finally {
      vi.useRealTimers();
    }
  });
});
