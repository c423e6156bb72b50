import { randomBytes } from 'node:crypto';
import { VigilError } from '../errors.js';

/**
 * Recovery codes are 130 random bits in Crockford base32 with a 10-bit checksum, shown as
 * seven groups of four (e.g. `7KQ2-...`). The checksum catches a mistyped code at once,
 * before a slow scrypt derivation, and the alphabet avoids letters that look like digits.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const dataSymbols = 26;
const checkSymbols = 2;

export function generateRecoveryCode(): string {
  const bytes = randomBytes(dataSymbols);
  const symbols = Array.from(bytes, (b) => alphabet[b & 31]!).join('');
  return group(symbols + checksum(symbols));
}

/** Canonical form used as the scrypt secret: upper case, no separators, look-alikes mapped. */
export function normalizeRecoveryCode(input: string): string {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== dataSymbols + checkSymbols || [...cleaned].some((c) => !alphabet.includes(c))) {
    throw new VigilError('auth_failed', 'that is not a recovery code: it has 28 letters and digits in groups of four');
  }
  const data = cleaned.slice(0, dataSymbols);
  if (checksum(data) !== cleaned.slice(dataSymbols)) {
    throw new VigilError('auth_failed', 'the recovery code has a typo: check each group of four');
  }
  return cleaned;
}

function checksum(symbols: string): string {
  // Polynomial over the symbol values, reduced mod 1021 (a prime below 32²), spread over two symbols.
  let sum = 0;
  for (const c of symbols) sum = (sum * 37 + alphabet.indexOf(c) + 1) % 1021;
  return alphabet[sum >> 5]! + alphabet[sum & 31]!;
}

function group(symbols: string): string {
  return symbols.match(/.{1,4}/g)!.join('-');
}
