import { describe, expect, it } from 'vitest';
import { generateRecoveryCode, normalizeRecoveryCode } from '../db/store/recovery-code.js';

describe('recovery codes', () => {
  it('are seven groups of four and unique', () => {
    const codes = new Set(Array.from({ length: 200 }, generateRecoveryCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('accept lower case, spaces and look-alike letters', () => {
    const code = generateRecoveryCode();
    const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(normalizeRecoveryCode(typed)).toBe(code.replace(/-/g, ''));
  });

  it('catch a mistyped symbol before any key derivation', () => {
    const code = generateRecoveryCode();
    const i = 5;
    const wrong = code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
    expect(() => normalizeRecoveryCode(wrong)).toThrow(/typo/);
    expect(() => normalizeRecoveryCode('not a code')).toThrow(/not a recovery code/);
  });
});
