// @vitest-environment jsdom
import { engine, openFreshArchive, value } from './engine-bridge.js';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startI18n } from '../../renderer/src/i18n/setup-i18n.js';
import { FuzzyDateInput, RecordForm } from '../../renderer/src/records/record-form.js';
import { recordForm } from '../../renderer/src/records/form-model.js';

startI18n();
afterEach(cleanup);
beforeEach(async () => {
  await openFreshArchive();
});

type View = { id: string; data: Record<string, unknown>; revision: string; type: 'detainee' };

describe('the fuzzy-date input', () => {
  it('keeps the words as written and shows the range it reads, or says it read none', async () => {
    const user = userEvent.setup();
    let current: unknown;
    const { rerender } = render(<FuzzyDateInput id="d" value="" onChange={(v) => (current = v)} required={false} aria-describedby={undefined} aria-invalid={undefined} />);
    await user.type(screen.getByRole('textbox'), 'x');
    expect(current).toBe('x');
    rerender(<FuzzyDateInput id="d" value="early January 2022" onChange={() => undefined} required={false} aria-describedby={undefined} aria-invalid={undefined} />);
    expect(screen.getByText('reads as 1 – 10 January 2022')).toBeTruthy();
    rerender(<FuzzyDateInput id="d" value="11.01.2022" onChange={() => undefined} required={false} aria-describedby={undefined} aria-invalid={undefined} />);
    expect(screen.getByText('reads as 11 January 2022')).toBeTruthy();
    rerender(<FuzzyDateInput id="d" value="after the elections" onChange={() => undefined} required={false} aria-describedby={undefined} aria-invalid={undefined} />);
    expect(screen.getByText('kept as written (no date range recognised)')).toBeTruthy();
    // An existing date shows its words.
    rerender(
      <FuzzyDateInput
        id="d"
        value={{ text: 'spring 2021', start: '2021-03-01', end: '2021-05-31' }}
        onChange={() => undefined}
        required={false}
        aria-describedby={undefined}
        aria-invalid={undefined}
      />,
    );
    expect((screen.getByRole('textbox') as HTMLInputElement).value).toBe('spring 2021');
  });
});

describe('record forms generated from the schemas', () => {
  it('have a form for every record type, with the type’s own fields', () => {
    expect(recordForm('detainee').map((f) => f.key)).toEqual(expect.arrayContaining(['title', 'names', 'arrests', 'charges', 'custody', 'access', 'decisions']));
    expect(recordForm('detainee').find((f) => f.key === 'arrests')!.spec).toMatchObject({ kind: 'list', item: { kind: 'group' } });
    expect(recordForm('hearing').find((f) => f.key === 'trial')!.spec).toEqual({ kind: 'record', targets: ['trial'] });
    expect(recordForm('hearing').find((f) => f.key === 'date')!.spec).toEqual({ kind: 'fuzzyDate' });
    expect(recordForm('note').find((f) => f.key === 'sourceKind')!.spec).toMatchObject({ kind: 'choice' });
    expect(
      recordForm('report')
        .map((f) => f.key)
        .slice(-2),
    ).toEqual(['sources', 'links']);
    expect(recordForm('report').some((f) => f.key === 'attachments')).toBe(false);
  });

  it('refuse a record without a title at the field, writing nothing', async () => {
    const user = userEvent.setup();
    const saved = vi.fn();
    render(<RecordForm type="detainee" onSaved={saved} onCancel={() => undefined} />);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Full name: is required');
    expect(document.getElementById('field-title-issue')!.textContent).toBe('is required');
    expect(screen.getByLabelText(/^Full name/).getAttribute('aria-invalid')).toBe('true');
    expect(saved).not.toHaveBeenCalled();
    expect((await value<{ total: number }>(engine.call('records.list', { type: 'detainee' }))).total).toBe(0);
  });

  it('create a detainee with an arrest, then edit it: the change is a merge patch, a cleared field is removed', async () => {
    const user = userEvent.setup();
    const saved = vi.fn();
    render(<RecordForm type="detainee" onSaved={saved} onCancel={() => undefined} />);
    await user.type(screen.getByLabelText(/^Full name/), 'Aigul Utepova');
    await user.type(screen.getByLabelText('Occupation'), 'journalist');
    await user.click(screen.getByRole('heading', { name: 'Arrest and detention' }));
    await user.click(screen.getByRole('button', { name: 'Add an arrest' }));
    await user.type(document.getElementById('field-arrests-0-date')!, 'late March 2022');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    const created = saved.mock.calls[0]![0] as View;
    expect(created.data).toMatchObject({
      title: 'Aigul Utepova',
      occupation: 'journalist',
      arrests: [{ date: { text: 'late March 2022', start: '2022-03-21', end: '2022-03-31' } }],
    });
    cleanup();

    const edited = vi.fn();
    render(<RecordForm type="detainee" initial={created as never} onSaved={edited} onCancel={() => undefined} />);
    expect((screen.getByLabelText(/^Full name/) as HTMLInputElement).value).toBe('Aigul Utepova');
    await user.clear(screen.getByLabelText('Occupation'));
    await user.selectOptions(screen.getByLabelText('Status'), 'released');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(edited).toHaveBeenCalled());
    const after = await value<View>(engine.call('records.get', { id: created.id }));
    expect(after.data.status).toBe('released');
    expect(after.data).not.toHaveProperty('occupation');
    expect(after.data.arrests).toEqual(created.data.arrests);
    expect(await value<unknown[]>(engine.call('records.history', { id: created.id }))).toHaveLength(2);
  });
});

describe('field messages in Russian', () => {
  it('says a missing title in the interface’s language', async () => {
    const { setLanguage } = await import('../../renderer/src/i18n/setup-i18n.js');
    setLanguage('ru');
    try {
      const user = userEvent.setup();
      render(<RecordForm type="detainee" onSaved={() => undefined} onCancel={() => undefined} />);
      await user.click(screen.getByRole('button', { name: 'Сохранить' }));
      expect((await screen.findByRole('alert')).textContent).toBe('Полное имя: обязательное поле');
    } finally {
      setLanguage('en');
    }
  });

  it('says an engine refusal in the interface’s language: an edit made on a version someone else changed', async () => {
    const { setLanguage } = await import('../../renderer/src/i18n/setup-i18n.js');
    const opened = await value<View>(engine.call('records.create', { type: 'detainee', data: { title: 'Aigul Utepova' } }));
    await engine.call('records.update', { id: opened.id, patch: { status: 'released' } });
    setLanguage('ru');
    try {
      const user = userEvent.setup();
      render(<RecordForm type="detainee" initial={opened as never} onSaved={() => undefined} onCancel={() => undefined} />);
      await user.type(screen.getByLabelText(/^Род занятий/), 'journalist');
      await user.click(screen.getByRole('button', { name: 'Сохранить' }));
      expect((await screen.findByRole('alert')).textContent).toBe('Запись изменилась после того, как её открыли: обновите её и внесите изменение снова.');
    } finally {
      setLanguage('en');
    }
  });
});

describe('a record picker in a form', () => {
  it('offers only records of the type the field takes; ArrowDown and Enter pick one, and Enter never saves the form without it', async () => {
    const trial = await value<View>(engine.call('records.create', { type: 'trial', data: { title: 'Bokayev trial' } }));
    await engine.call('records.create', { type: 'detainee', data: { title: 'Bokayev Max' } });
    const saved = vi.fn();
    const user = userEvent.setup();
    render(<RecordForm type="hearing" onSaved={saved} onCancel={() => undefined} />);
    await user.type(screen.getByLabelText(/^Name of the hearing/), 'Day one');
    const picker = screen.getByRole('combobox', { name: /^Trial/ });
    await user.type(picker, 'Bokayev');
    await waitFor(() => expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(1));
    expect(within(screen.getByRole('listbox')).getByRole('option').textContent).toBe('Trial Bokayev trial');
    // Enter with no suggestion chosen yet picks the only one offered; it does not save.
    await user.keyboard('{Enter}');
    expect(saved).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.getByText('Trial: Bokayev trial')).toBeTruthy());
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toHaveBeenCalledWith(expect.objectContaining({ data: expect.objectContaining({ trial: trial.id }) })));
  });

  it('moves through several suggestions with the arrow keys', async () => {
    for (const title of ['Ayanov trial', 'Ayanov appeal']) await engine.call('records.create', { type: 'trial', data: { title } });
    const saved = vi.fn();
    const user = userEvent.setup();
    render(<RecordForm type="hearing" onSaved={saved} onCancel={() => undefined} />);
    const picker = screen.getByRole('combobox', { name: /^Trial/ });
    await user.type(picker, 'Ayanov');
    await waitFor(() => expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(2));
    const second = within(screen.getByRole('listbox')).getAllByRole('option')[1]!.textContent!;
    await user.keyboard('{Enter}');
    // Two offered and none chosen: Enter does nothing at all.
    expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(2);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(within(screen.getByRole('listbox')).getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByText(`Trial: ${second.replace(/^Trial /, '')}`)).toBeTruthy());
    expect(saved).not.toHaveBeenCalled();
  });
});
