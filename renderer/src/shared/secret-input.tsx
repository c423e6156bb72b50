import type { InputHTMLAttributes } from 'react';

/**
 * A passphrase field that browsers are not invited to save. It stays a password field with
 * its label, so a screen reader says what it is for and that it is protected, and nothing
 * typed is shown. autocomplete="off" does not keep Chromium from offering "Save password?"
 * (it ignores that on password fields); "one-time-code" does: Chromium's form parser takes
 * the field for a one-time code, not a password, and makes no save prompt after the form is
 * sent. Measured in Chromium 156 through chrome://password-manager-internals (see
 * tests/ui.e2e.test.ts).
 */
export function SecretInput(props: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'autoComplete'>) {
  return <input {...props} type="password" autoComplete="one-time-code" />;
}
