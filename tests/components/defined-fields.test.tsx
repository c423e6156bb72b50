// @vitest-environment jsdom
import { engine, openFreshArchive, value } from './engine-bridge.js';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startI18n } from '../../renderer/src/i18n/setup-i18n.js';
import { RecordForm } from '../../renderer/src/records/record-form.js';
import { DefinedValues } from '../../renderer/src/records/defined-values.js';
import { refreshDefinitions } from '../../renderer/src/shared/use-definitions.js';
import { patchBetween } from '../../renderer/src/records/form-model.js';
import { cellWords } from '../../renderer/src/records/defined-fields.js';
import { RecordList } from '../../renderer/src/records/record-list.js';
import { RecordHistory } from '../../renderer/src/records/record-history.js';

startI18n();
afterEach(cleanup);
// jsdom lays nothing out: the list's scrolling is a no-op here.
Element.prototype.scrollTo ??= () => undefined;

const template = {
  vocabularies: [
    {
      key: 'conditions',
      labels: { en: 'Conditions', ru: 'Условия' },
      terms: [
        { key: 'overcrowding', labels: { en: 'Overcrowding' }, children: [{ key: 'no-bed', labels: { en: 'No bed of one’s own', ru: 'Нет своего спального места' } }] },
        { key: 'no-daylight', labels: { en: 'No daylight' } },
      ],
    },
  ],
  types: [
    {
      key: 'prison-visit',
      labels: { en: 'Prison visit', ru: 'Посещение тюрьмы' },
      fields: [
        { key: 'facility', kind: 'text', labels: { en: 'Facility' }, required: true },
        { key: 'conditions', kind: 'choice', vocabulary: 'conditions', labels: { en: 'Conditions' } },
        { key: 'medical-unit', kind: 'yes-no', labels: { en: 'Medical unit' } },
        { key: 'cells', kind: 'number', labels: { en: 'Cells' } },
      ],
    },
  ],
};

beforeEach(async () => {
  await openFreshArchive();
  await value(engine.call('templates.apply', { template }));
  await refreshDefinitions();
});

describe('fields the organisation defined', () => {
  it('are asked in the form of their type under their labels, saved under defined, and shown on the record page by label', async () => {
    const user = userEvent.setup();
    const saved = vi.fn();
    render(<RecordForm type={'prison-visit' as never} onSaved={saved} onCancel={() => undefined} />);
    expect(await screen.findByRole('heading', { name: 'New: Prison visit' })).toBeTruthy();
    // The values' own container is never a field of its own.
    expect(screen.queryByLabelText(/^Defined/)).toBeNull();
    expect(document.body.textContent).not.toMatch(/docs\/templates|field key/);
    await user.type(screen.getByLabelText(/^Title/), 'Visit to LA-155/14');
    await user.type(await screen.findByLabelText(/^Facility/), 'LA-155/14');
    // A nested term is offered under its broader one.
    const conditions = screen.getByLabelText('Conditions') as HTMLSelectElement;
    expect([...conditions.options].map((o) => o.text)).toEqual(['— choose —', 'Overcrowding', '— No bed of one’s own', 'No daylight']);
    await user.selectOptions(conditions, 'no-bed');
    await user.selectOptions(screen.getByLabelText('Medical unit'), 'no');
    await user.type(screen.getByLabelText('Cells'), '-1.5');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved.mock.calls.length + (screen.queryByRole('alert') ? 1 : 0)).toBeGreaterThan(0));
    expect(screen.queryByRole('alert')?.textContent ?? '').toBe('');
    const created = saved.mock.calls[0]![0] as { id: string; data: Record<string, unknown> };
    expect(created.data.defined).toEqual({ facility: 'LA-155/14', conditions: 'no-bed', 'medical-unit': false, cells: -1.5 });
    cleanup();
    render(<DefinedValues type="prison-visit" values={created.data.defined as Record<string, unknown>} />);
    expect(await screen.findByText('Overcrowding › No bed of one’s own')).toBeTruthy();
    expect(screen.getByText('Medical unit')).toBeTruthy();
    expect(screen.getByText('no')).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/no-bed|medical-unit|defined/);
  });

  it('a value the engine refuses is said, and nothing is written', async () => {
    const user = userEvent.setup();
    const saved = vi.fn();
    render(<RecordForm type={'prison-visit' as never} onSaved={saved} onCancel={() => undefined} />);
    await user.type(screen.getByLabelText(/^Title/), 'Visit');
    await screen.findByLabelText(/^Facility/);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    // Said by the field's label, before anything is sent.
    expect((await screen.findByRole('alert')).textContent).toBe('Facility: is required');
    expect(document.getElementById('field-defined-facility-issue')?.textContent).toBe('is required');
    expect(saved).not.toHaveBeenCalled();
    expect((await value<{ total: number }>(engine.call('records.list', { type: 'prison-visit' as never }))).total).toBe(0);
  });

  it('lists show them as columns, filter by a term with its narrower terms and sort by them', async () => {
    await value(
      engine.call('records.create', { type: 'prison-visit' as never, data: { title: 'Visit B', defined: { facility: 'Zhanaozen', conditions: 'no-bed', 'medical-unit': true } } }),
    );
    await value(engine.call('records.create', { type: 'prison-visit' as never, data: { title: 'Visit A', defined: { facility: 'Aktau', conditions: 'no-daylight' } } }));
    const user = userEvent.setup();
    render(<RecordList type={'prison-visit' as never} onOpen={() => undefined} onCreate={() => undefined} />);
    expect(await screen.findByRole('columnheader', { name: 'Facility' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Conditions' })).toBeTruthy();
    expect(await screen.findByText('No bed of one’s own')).toBeTruthy();
    expect(screen.getByText('yes')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Conditions' }), 'overcrowding');
    await waitFor(() => expect(screen.queryByText('Visit A')).toBeNull());
    expect(screen.getByText('Visit B')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Conditions' }), '');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'field:facility');
    await waitFor(() => expect(screen.getAllByRole('button', { name: /^Visit / }).map((b) => b.textContent)).toEqual(['Visit A', 'Visit B']));
    expect(document.body.textContent).not.toMatch(/no-bed|medical-unit|prison-visit/);
  });

  it('the history shows each changed field of the organisation under its label, a term by its label', async () => {
    const created = await value<{ id: string }>(
      engine.call('records.create', { type: 'prison-visit' as never, data: { title: 'Visit', defined: { facility: 'Aktau', conditions: 'no-bed' } } }),
    );
    const edited = await value<{ revision: string }>(engine.call('records.update', { id: created.id, patch: { defined: { conditions: 'no-daylight', cells: 4 } } }));
    const user = userEvent.setup();
    render(<RecordHistory id={created.id} revision={edited.revision} />);
    await user.click(await screen.findByText(/History/));
    expect(await screen.findByRole('rowheader', { name: 'Conditions' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Cells' })).toBeTruthy();
    expect(screen.getByText('Overcrowding › No bed of one’s own')).toBeTruthy();
    expect(screen.getByText('No daylight')).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/Defined|no-bed|no-daylight/);
  });

  it("a list's cell says a date in words, a range as one, never as stored", () => {
    const date = { key: 'period', kind: 'date', of: 'incident', labels: { en: 'Period' } } as never;
    const t = (key: string) => key;
    expect(cellWords(undefined, date, { text: '2011-12-16', start: '2011-12-16', end: '2011-12-16' }, 'en', t)).toBe('16 December 2011');
    expect(cellWords(undefined, date, { text: '2011-12-16 – 2011-12-17', start: '2011-12-16', end: '2011-12-17' }, 'ru', t)).not.toMatch(/\d{4}-\d\d-\d\d/);
    // Open at one end, as an Uwazi range can be.
    expect(cellWords(undefined, date, { text: '2011-12-20 – …', start: '2011-12-20' }, 'en', t)).toBe('20 December 2011 – …');
    expect(cellWords(undefined, date, { text: '… – 2011-12-20', end: '2011-12-20' }, 'en', t)).toBe('… – 20 December 2011');
  });

  it('an edit that empties a defined field names it as removed in the patch', () => {
    expect(patchBetween({ title: 'x', defined: { a: 1, b: 2 } }, { title: 'x', defined: { a: 1 } })).toEqual({ defined: { b: null } });
  });
});
