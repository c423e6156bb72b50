// @vitest-environment jsdom
import { engine, openFreshArchive, value } from './engine-bridge.js';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startI18n } from '../../renderer/src/i18n/setup-i18n.js';
import { SettingsScreen } from '../../renderer/src/archive/settings-screen.js';

startI18n();
afterEach(cleanup);

describe('settings', () => {
  it('switch to a dark theme for a dim courtroom, back to light, or to the system’s choice, and keep it', async () => {
    await openFreshArchive();
    const user = userEvent.setup();
    render(<SettingsScreen onWiped={() => undefined} onActivityLog={() => undefined} onNewRecoveryCode={() => undefined} />);
    const theme = screen.getByLabelText('Appearance');
    expect((theme as HTMLSelectElement).value).toBe('system');
    expect(document.documentElement.dataset.theme).toBeUndefined();
    await user.selectOptions(theme, 'dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('vigil-theme')).toBe('dark');
    await user.selectOptions(theme, 'light');
    expect(document.documentElement.dataset.theme).toBe('light');
    await user.selectOptions(theme, 'system');
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });

  it('keep an observer in a hearing unlocked as they chose, and say that locking keeps the note being typed', async () => {
    await openFreshArchive();
    const user = userEvent.setup();
    const { autoLockMinutes, setHearingOpen } = await import('../../renderer/src/archive/idle-lock.js');
    render(<SettingsScreen onWiped={() => undefined} onActivityLog={() => undefined} onNewRecoveryCode={() => undefined} />);
    await user.selectOptions(screen.getByLabelText('While a hearing is open'), 'never');
    expect(autoLockMinutes()).toBe(10);
    setHearingOpen(true);
    try {
      expect(autoLockMinutes()).toBe(0);
      await user.selectOptions(screen.getByLabelText('While a hearing is open'), '60');
      expect(autoLockMinutes()).toBe(60);
    } finally {
      setHearingOpen(false);
    }
    expect(autoLockMinutes()).toBe(10);
    expect(screen.getByText(/Locking never loses the note being typed/)).toBeTruthy();
  });

  it('show the archive’s concepts and names for search, and add to and remove from them', async () => {
    await openFreshArchive();
    const user = userEvent.setup();
    render(<SettingsScreen onWiped={() => undefined} onActivityLog={() => undefined} onNewRecoveryCode={() => undefined} />);
    // Listed once asked for: hundreds of terms would bury the rest of Settings.
    await user.click(await screen.findByRole('button', { name: /Show all \d+ groups/ }));
    const concepts = screen.getByRole('list', { name: 'Concepts' });
    expect(concepts.textContent).toContain('смертная казнь');
    const everything = concepts.querySelectorAll('li').length;
    await user.type(screen.getByLabelText('Find a term'), 'death');
    expect(concepts.querySelectorAll('li').length).toBeLessThan(Math.min(4, everything));
    await user.type(screen.getByLabelText('A term'), 'glass box');
    await user.type(screen.getByLabelText('What means the same (separate terms with commas)'), 'cage, клетка');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('Searched together: glass box = cage = клетка')).toBeTruthy();
    expect((await value<{ terms: string[] }[]>(engine.call('search.concepts.list', {}))).some((g) => g.terms.includes('клетка'))).toBe(true);
    await user.clear(screen.getByLabelText('Find a term'));
    await user.click(screen.getByRole('button', { name: 'Remove “клетка”' }));
    await screen.findByText('“клетка” is no longer searched for with the others.');
    expect((await value<{ terms: string[] }[]>(engine.call('search.concepts.list', {}))).some((g) => g.terms.includes('клетка'))).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Names' }));
    await user.type(screen.getByLabelText('Find a term'), 'KNB');
    await waitFor(() => expect(screen.getByRole('list', { name: 'Names' }).textContent).toContain('National Security Committee'));
  });

  it('wipes the archive only after WIPE is typed, then says so', async () => {
    const dir = await openFreshArchive();
    const user = userEvent.setup();
    const wiped = vi.fn();
    render(<SettingsScreen onWiped={wiped} onActivityLog={() => undefined} onNewRecoveryCode={() => undefined} />);
    const button = screen.getByRole('button', { name: 'Wipe the archive now' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await user.type(screen.getByLabelText('Type WIPE to confirm'), 'wipe');
    expect(button.disabled).toBe(true);
    await user.clear(screen.getByLabelText('Type WIPE to confirm'));
    await user.type(screen.getByLabelText('Type WIPE to confirm'), 'WIPE');
    expect(existsSync(join(dir, 'keys.json'))).toBe(true);
    await user.click(button);
    await waitFor(() => expect(wiped).toHaveBeenCalled());
    expect(existsSync(join(dir, 'keys.json'))).toBe(false);
    expect(await value<{ open: boolean }>(engine.call('archive.status', {}))).toMatchObject({ open: false });
  });

  it('leads to the activity log from its own section', async () => {
    await openFreshArchive();
    const user = userEvent.setup();
    const toLog = vi.fn();
    render(<SettingsScreen onWiped={() => undefined} onActivityLog={toLog} onNewRecoveryCode={() => undefined} />);
    expect(screen.getByRole('heading', { name: 'Activity log', level: 2 })).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Activity log…' }));
    expect(toLog).toHaveBeenCalledOnce();
  });

  it('changes the passphrase with the current one, and the new one then unlocks', async () => {
    const dir = await openFreshArchive();
    const user = userEvent.setup();
    render(<SettingsScreen onWiped={() => undefined} onActivityLog={() => undefined} onNewRecoveryCode={() => undefined} />);
    await user.type(screen.getByLabelText('Current passphrase'), 'correct horse battery staple');
    await user.type(screen.getByLabelText('New passphrase'), 'a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Change' }));
    await screen.findByText(/The passphrase was changed\. The archive’s key is the same/);
    await engine.call('archive.close', {});
    expect((await engine.call('archive.open', { dir, passphrase: 'a brand new passphrase' })).ok).toBe(true);
  });

  it('re-keys when asked, says so, and hands the new recovery code to the app to show', async () => {
    const dir = await openFreshArchive();
    const user = userEvent.setup();
    const shown = vi.fn();
    render(<SettingsScreen onWiped={() => undefined} onActivityLog={() => undefined} onNewRecoveryCode={shown} />);
    await user.type(screen.getByLabelText('Current passphrase'), 'correct horse battery staple');
    await user.type(screen.getByLabelText('New passphrase'), 'a brand new passphrase');
    await user.click(screen.getByLabelText('Also re-encrypt the archive under a new key'));
    await user.click(screen.getByRole('button', { name: 'Change' }));
    await screen.findByText(/archive re-encrypted under a new key/);
    expect(shown).toHaveBeenCalledTimes(1);
    const code = shown.mock.calls[0]![0] as string;
    expect(code).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    await engine.call('archive.close', {});
    expect((await engine.call('archive.open', { dir, recoveryCode: code })).ok).toBe(true);
  });
});
