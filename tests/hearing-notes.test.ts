import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../db/service.js';
import { addHearingNotes } from '../db/hearings/hearing-notes.js';
import { vigil } from './support/run-cli.js';
import { newArchive, passphrase } from './support/temp-archive.js';

async function hearingArchive(): Promise<{ dir: string; engine: Engine; hearing: string; trial: string }> {
  const { dir, archive } = await newArchive();
  const trial = archive.records.create('trial', { title: 'Prosecutor v. Bokayev' });
  const hearing = archive.records.create('hearing', { title: 'Day 3', trial: trial.id, date: { text: '12 April 2012', start: '2012-04-12' } });
  archive.close();
  const engine = createEngine({ checkResults: true });
  const opened = await engine.call('archive.open', { dir, passphrase });
  if (!opened.ok) throw new Error(opened.error.message);
  return { dir, engine, hearing: hearing.id, trial: trial.id };
}

const count = async (engine: Engine) => {
  const listed = await engine.call('records.list', { type: 'note' });
  return listed.ok ? listed.value.total : -1;
};

describe('notes added to a hearing (the screen and the CLI alike)', () => {
  it('stamps a live note with the clock and a note from paper with the time written down on the hearing\u2019s day', async () => {
    const { engine, hearing } = await hearingArchive();
    const before = Date.now();
    const saved = await engine.call('hearing.notes', {
      hearing,
      notes: [
        { text: 'The judge refuses the motion', indicators: ['independence', 'independence'] },
        { text: 'Interpreter absent during the testimony', indicators: ['interpreter'], at: '09:15', reconstructed: true },
      ],
    });
    if (!saved.ok) throw new Error(saved.error.message);
    const [live, paper] = saved.value.map((v) => v.data as { text: string; observedAt: string; recordedAt: string; indicators?: string[]; flags?: object; hearing: string });
    expect(Math.abs(Date.parse(live!.observedAt) - before)).toBeLessThan(60_000);
    expect(live).toMatchObject({ hearing, indicators: ['independence'], sourceKind: 'seen-directly' });
    expect(live!.flags).toBeUndefined();
    expect(paper!.observedAt).toMatch(/^2012-04-12T09:15:00[+-]\d\d:\d\d$/);
    expect(paper).toMatchObject({ flags: { reconstructedFromPaper: true }, indicators: ['interpreter'] });
    expect(Math.abs(Date.parse(paper!.recordedAt) - before)).toBeLessThan(60_000);
    engine.shutdown();
  });

  it('refuses a made-up indicator, a time on a live note, paper without a time and a note to a record that is not a hearing, writing none of the batch', async () => {
    const { engine, hearing, trial } = await hearingArchive();
    const refusals = [
      [
        { hearing, notes: [{ text: 'fine' }, { text: 'Observers admitted', indicators: ['fine'] }] },
        /^note 2: "fine" is not a fair-trial indicator in this archive; expected one of public-hearing, /,
      ],
      [{ hearing, notes: [{ text: 'Recess', at: '10:00' }] }, /a time is given only for a note reconstructed from paper/],
      [{ hearing, notes: [{ text: 'Recess', reconstructed: true }] }, /needs the time written down/],
      [{ hearing: trial, notes: [{ text: 'Recess' }] }, /Prosecutor v\. Bokayev is not a hearing/],
    ] as const;
    for (const [args, message] of refusals) {
      const answer = await engine.call('hearing.notes', args as never);
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringMatching(message) } });
    }
    expect(await count(engine)).toBe(0);
    engine.shutdown();
  });

  it('refuses unknown indicators on notes and hearings written through the contract (merges from peers are not refused)', async () => {
    const { engine, hearing } = await hearingArchive();
    expect(await engine.call('records.create', { type: 'note', data: { text: 'x', hearing, indicators: ['made-up'] } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringMatching(/^"made-up" is not a fair-trial indicator/) },
    });
    expect(await engine.call('records.update', { id: hearing, patch: { indicators: [{ indicator: 'nonsense', value: 'violated' }] } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(await engine.call('records.update', { id: hearing, patch: { indicators: [{ indicator: 'public-hearing', value: 'violated' }] } })).toMatchObject({ ok: true });
    engine.shutdown();
  });

  it('vigil hearing note: one note with tags, paper notes, notes as JSON lines; bad input exits 3 in one line', async () => {
    const { dir, engine, hearing } = await hearingArchive();
    engine.shutdown();
    const env = { VIGIL_PASSPHRASE: passphrase };
    const one = vigil(['hearing', 'note', dir, hearing, 'The defendant says he was beaten', '--tag', 'torture-evidence-excluded', '--tag', 'no-compelled-confession'], { env });
    expect(one.stderr).toBe('');
    expect(one.stdout).toMatch(/^[0-9a-f-]{36} {2}\d\d:\d\d {2}\[torture-evidence-excluded, no-compelled-confession\]\n$/);
    const paper = vigil(['hearing', 'note', dir, hearing, 'Session reopened', '--at', '14:05', '--reconstructed'], { env });
    expect(paper.stdout).toMatch(/ {2}14:05 \(from paper\)\n$/);
    const lines = vigil(['hearing', 'note', dir, hearing, '--jsonl', '-'], { env, input: '{"text":"Witness 1 heard"}\n\n{"text":"Lawyer ejected","indicators":["counsel"]}\n' });
    expect(lines.status).toBe(0);
    expect(
      lines.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { data: { text: string } }).data.text),
    ).toEqual(['Witness 1 heard', 'Lawyer ejected']);
    const live = vigil(['hearing', 'note', dir, hearing, 'Recess', '--at', '11:00'], { env });
    expect(live.status).toBe(3);
    expect(live.stderr.trim().split('\n')).toHaveLength(1);
    expect(live.stderr).toMatch(/a time is given only for a note reconstructed from paper/);
    const bad = vigil(['hearing', 'note', dir, hearing, '--jsonl', '-'], { env, input: '{"text":"Kept"}\n{"text":"Lost","indicators":["vibes"]}\n' });
    expect(bad.status).toBe(3);
    expect(bad.stderr).toMatch(/^vigil: line 2: "vibes" is not a fair-trial indicator/);
  });

  it('keeps the courtroom\u2019s time: notes carry the hearing\u2019s UTC offset, and a time from paper is read on its clocks, whatever the laptop\u2019s zone', async () => {
    const { archive } = await newArchive();
    const almaty = archive.records.create('hearing', { title: 'Atyrau, day 2', date: '2012-04-12', timeZone: 'Asia/Almaty' });
    const newYork = archive.records.create('hearing', { title: 'Summer hearing', date: '2026-07-01', timeZone: 'America/New_York' });
    const now = new Date('2012-04-12T04:30:00Z');
    const [live, paper] = addHearingNotes(archive, almaty.id, [{ text: 'Opened' }, { text: 'Observers admitted', at: '09:15', reconstructed: true }], now);
    expect(live!.data).toMatchObject({ observedAt: '2012-04-12T10:30:00+06:00', recordedAt: '2012-04-12T10:30:00+06:00' });
    expect(paper!.data).toMatchObject({ observedAt: '2012-04-12T09:15:00+06:00' });
    // Daylight saving on the hearing's day, not on the day it was typed.
    const [summer] = addHearingNotes(archive, newYork.id, [{ text: 'Recess', at: '14:05', reconstructed: true }], new Date('2026-12-07T10:00:00Z'));
    expect(summer!.data).toMatchObject({ observedAt: '2026-07-01T14:05:00-04:00' });
    archive.close();
  });
});
