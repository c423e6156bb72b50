// @vitest-environment jsdom
import { engine, openFreshArchive, value } from './engine-bridge.js';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startI18n } from '../../renderer/src/i18n/setup-i18n.js';
import { DefinitionsEditor, keyFrom } from '../../renderer/src/templates/definitions-editor.js';
import { RecordForm } from '../../renderer/src/records/record-form.js';
import { refreshDefinitions } from '../../renderer/src/shared/use-definitions.js';

startI18n();
afterEach(cleanup);
beforeEach(async () => {
  await openFreshArchive();
  await refreshDefinitions();
});

describe('defining record types and fields in Settings', () => {
  it('defines a new record type with a repeating group and a nested vocabulary, which its form then asks', async () => {
    const user = userEvent.setup();
    render(<DefinitionsEditor />);
    // A list of terms, nested.
    await user.selectOptions(await screen.findByLabelText('List of terms'), '(new)');
    await user.type(screen.getByLabelText('Name of the new list (English)'), 'Conditions');
    await user.type(screen.getByLabelText('Term (English)'), 'Overcrowding');
    await user.click(screen.getByRole('button', { name: 'Add the term' }));
    expect(await screen.findByText('Term added: Overcrowding.')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Under'), 'overcrowding');
    await user.type(screen.getByLabelText('Term (English)'), 'No bed');
    await user.type(screen.getByLabelText('Term (Russian)'), 'Нет спального места');
    await user.click(screen.getByRole('button', { name: 'Add the term' }));
    expect(await screen.findByText('Term added: No bed.')).toBeTruthy();
    // A new type whose first field is a repeating group, one member choosing from that list.
    await user.selectOptions(screen.getByLabelText('To records of type'), '(new)');
    await user.type(screen.getByLabelText('Name of the new type (English)'), 'Prison visit');
    await user.type(screen.getByLabelText('Field name (English)'), 'Cells seen');
    await user.selectOptions(screen.getByLabelText('Kind of value'), 'group');
    await user.click(screen.getByRole('button', { name: 'Add a field to each entry' }));
    await user.type(screen.getByLabelText('Entry field 1, name (English)'), 'Cell');
    await user.click(screen.getByRole('button', { name: 'Add a field to each entry' }));
    await user.type(screen.getByLabelText('Entry field 2, name (English)'), 'Conditions');
    await user.selectOptions(screen.getByLabelText('Entry field 2, kind of value'), 'choice');
    await user.selectOptions(screen.getByLabelText('Entry field 2, list of terms'), 'conditions');
    await user.click(screen.getByRole('button', { name: 'Add the field' }));
    expect(await screen.findByText('Field added: Cells seen. It is asked in the form of its records.')).toBeTruthy();
    const shown = await value<{
      types: { key: string }[];
      fields: { of: string; key: string; kind: string; fields?: { key: string; vocabulary?: string }[] }[];
      vocabularies: { key: string; terms: unknown[] }[];
    }>(engine.call('templates.definitions', {}));
    expect(shown.types.map((d) => d.key)).toEqual(['prison-visit']);
    expect(shown.fields).toEqual([
      expect.objectContaining({
        of: 'prison-visit',
        key: 'cells-seen',
        kind: 'group',
        fields: [expect.objectContaining({ key: 'cell' }), expect.objectContaining({ key: 'conditions', vocabulary: 'conditions' })],
      }),
    ]);
    expect(shown.vocabularies.find((v) => v.key === 'conditions')!.terms).toEqual([
      { key: 'overcrowding', labels: { en: 'Overcrowding' }, children: [{ key: 'no-bed', labels: { en: 'No bed', ru: 'Нет спального места' } }] },
    ]);
    cleanup();
    await refreshDefinitions();
    render(<RecordForm type={'prison-visit' as never} onSaved={() => undefined} onCancel={() => undefined} />);
    await user.click(await screen.findByRole('button', { name: 'Add: Cells seen' }));
    await waitFor(() => expect(screen.getByLabelText('Cell')).toBeTruthy());
    const conditions = screen.getByLabelText('Conditions') as HTMLSelectElement;
    expect([...conditions.options].map((o) => o.text)).toEqual(['— choose —', 'Overcrowding', '— No bed']);
  });

  it('refuses what the engine refuses, in one line, and keys come from English names', async () => {
    expect(keyFrom('Prison visit')).toBe('prison-visit');
    expect(keyFrom('  Médical unit! ')).toBe('medical-unit');
    expect(keyFrom('Учреждение')).toBe('');
    const user = userEvent.setup();
    render(<DefinitionsEditor />);
    await user.selectOptions(await screen.findByLabelText('To records of type'), '(new)');
    await user.type(screen.getByLabelText('Name of the new type (English)'), 'Detainee');
    await user.type(screen.getByLabelText('Field name (English)'), 'Ethnicity');
    await user.click(screen.getByRole('button', { name: 'Add the field' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/"detainee" is a built-in record type/);
    expect((await value<{ fields: unknown[] }>(engine.call('templates.definitions', {}))).fields).toEqual([]);
  });

  it('removes a field and brings it back, keeping its values; a change of kind the values would not fit is refused naming the record', async () => {
    await value(
      engine.call('templates.apply', {
        template: { fields: [{ type: 'detainee', key: 'cell-number', kind: 'text', labels: { en: 'Cell number', ru: 'Номер камеры' } }] },
      }),
    );
    await value(engine.call('records.create', { type: 'detainee', data: { title: 'Aigerim N.', defined: { 'cell-number': 'twelve' } } }));
    await refreshDefinitions();
    const user = userEvent.setup();
    render(<DefinitionsEditor />);
    await user.click(await screen.findByRole('button', { name: 'Remove the field Cell number' }));
    expect(await screen.findByText(/Cell number is removed: forms no longer ask it/)).toBeTruthy();
    const fieldsNow = async () => (await value<{ fields: { key: string; hidden?: boolean }[] }>(engine.call('templates.definitions', {}))).fields;
    expect((await fieldsNow())[0]!.hidden).toBe(true);
    const held = await value<{ records: { defined?: Record<string, unknown> }[] }>(engine.call('records.list', { type: 'detainee' }));
    expect(held.records[0]!.defined).toEqual({ 'cell-number': 'twelve' });
    await user.click(await screen.findByRole('button', { name: 'Bring back' }));
    expect(await screen.findByText('Cell number is asked again in forms.')).toBeTruthy();
    expect((await fieldsNow())[0]!.hidden).toBeFalsy();

    await user.click(screen.getByRole('button', { name: 'Change the kind of value of Cell number' }));
    await user.selectOptions(screen.getByLabelText('New kind of value of Cell number'), 'number');
    await user.click(screen.getByRole('button', { name: 'Change' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /the field "Cell number" \(detainee\.cell-number\) cannot become a number field: 1 existing value would not fit \("Aigerim N\."\)/,
    );
    expect((await fieldsNow())[0]).toMatchObject({ kind: 'text' });
    await user.selectOptions(screen.getByLabelText('New kind of value of Cell number'), 'long-text');
    await user.click(screen.getByRole('button', { name: 'Change' }));
    expect(await screen.findByText('Cell number now holds: Long text.')).toBeTruthy();
    expect((await fieldsNow())[0]).toMatchObject({ kind: 'long-text' });
  });

  it('gives a field a Kazakh name, help, a sensitivity of its values and the types a link may name', async () => {
    const user = userEvent.setup();
    render(<DefinitionsEditor />);
    await user.selectOptions(await screen.findByLabelText('To records of type'), 'detainee');
    await user.type(screen.getByLabelText('Field name (English)'), 'Informant');
    await user.selectOptions(screen.getByLabelText('Kind of value'), 'link');
    await user.click(screen.getByRole('checkbox', { name: 'Person' }));
    await user.click(screen.getByText('More: help, sensitivity'));
    await user.type(screen.getByLabelText('Field name (Kazakh)'), 'Ақпарат беруші');
    await user.type(screen.getByLabelText('Help shown under the field in forms'), 'Who told the monitor; never shared outside the team.');
    await user.selectOptions(screen.getByLabelText('How sensitive its values are'), 'confidential');
    await user.click(screen.getByRole('button', { name: 'Add the field' }));
    expect(await screen.findByText('Field added: Informant. It is asked in the form of its records.')).toBeTruthy();
    const { fields } = await value<{ fields: Record<string, unknown>[] }>(engine.call('templates.definitions', {}));
    expect(fields).toEqual([
      expect.objectContaining({
        of: 'detainee',
        key: 'informant',
        kind: 'link',
        labels: { en: 'Informant', kk: 'Ақпарат беруші' },
        help: { en: 'Who told the monitor; never shared outside the team.' },
        valueSensitivity: 'confidential',
        linkTypes: ['person'],
      }),
    ]);
  });
});
