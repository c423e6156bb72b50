// @vitest-environment jsdom
import { engine, openFreshArchive, value } from './engine-bridge.js';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startI18n } from '../../renderer/src/i18n/setup-i18n.js';
import { UnlockScreen } from '../../renderer/src/archive/unlock-screen.js';
import { passphrase } from '../support/temp-archive.js';

startI18n();
afterEach(cleanup);

describe('the unlock screen', () => {
  it('clears a wrong passphrase from the field and says so; the right one unlocks', async () => {
    await openFreshArchive();
    await engine.call('archive.close', {});
    const unlocked = vi.fn();
    const user = userEvent.setup();
    render(<UnlockScreen onUnlocked={unlocked} onFolderChanged={() => undefined} />);
    const field = screen.getByLabelText('Passphrase') as HTMLInputElement;
    await user.type(field, 'not the passphrase{Enter}');
    expect(await screen.findByText('That passphrase does not open this archive.')).toBeTruthy();
    await waitFor(() => expect(field.value).toBe(''));
    expect(document.activeElement).toBe(field);
    await user.type(field, `${passphrase}{Enter}`);
    await waitFor(() => expect(unlocked).toHaveBeenCalled());
    expect(await value<{ open: boolean }>(engine.call('archive.status', {}))).toMatchObject({ open: true });
  });

  it('asks for the new passphrase twice when the recovery code resets it, and refuses two that differ before trying', async () => {
    await openFreshArchive();
    await engine.call('archive.close', {});
    const user = userEvent.setup();
    render(<UnlockScreen onUnlocked={() => undefined} onFolderChanged={() => undefined} />);
    await user.click(screen.getByRole('button', { name: 'Forgot the passphrase? Use the recovery code' }));
    await user.type(screen.getByLabelText('Recovery code'), 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA');
    await user.type(screen.getByLabelText('New passphrase'), 'a new passphrase here');
    const reset = screen.getByRole('button', { name: 'Reset and unlock' }) as HTMLButtonElement;
    expect(reset.disabled).toBe(true);
    await user.type(screen.getByLabelText('New passphrase again'), 'a new passphrase there');
    await user.click(reset);
    expect((await screen.findByRole('alert')).textContent).toBe('The two passphrases differ.');
    expect(await value<{ open: boolean }>(engine.call('archive.status', {}))).toMatchObject({ open: false });
  });
});
