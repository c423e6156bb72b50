import type { TFunction } from 'i18next';

/**
 * The schemas' field messages in the interface's language. The engine words them in English
 * (its CLI and logs read them so); the form recognises each and says it in the chosen language,
 * keeping the original for anything it does not know.
 */
const known: [RegExp, string, (m: RegExpExecArray) => Record<string, string>][] = [
  [/^is required$/, 'validation.required', () => ({})],
  [/^must not be empty$/, 'validation.empty', () => ({})],
  [/^must be text$/, 'validation.text', () => ({})],
  [/^at most (\d+) characters$/, 'validation.tooLong', (m) => ({ max: m[1]! })],
  [/^expected a date as YYYY-MM-DD$/, 'validation.isoDate', () => ({})],
  [/^expected a time as HH:MM$/, 'validation.time', () => ({})],
  [/^expected an IANA time zone/, 'validation.timeZone', () => ({})],
  [/^expected a web address/, 'validation.url', () => ({})],
  [/^expected a two-letter country code/, 'validation.country', () => ({})],
  [/^expected a language code/, 'validation.language', () => ({})],
  [/^expected a record id/, 'validation.recordId', () => ({})],
  [/^a date needs words or a start\/end$/, 'validation.dateEmpty', () => ({})],
  [/^the date range ends \((.+)\) before it starts \((.+)\)$/, 'validation.dateOrder', (m) => ({ end: m[1]!, start: m[2]! })],
  [/^Invalid option/, 'validation.option', () => ({})],
  [/^Too small/, 'validation.tooSmall', () => ({})],
  [/^Invalid input: expected number/, 'validation.number', () => ({})],
];

export function localIssue(message: string, t: TFunction): string {
  for (const [pattern, key, params] of known) {
    const m = pattern.exec(message);
    if (m) return t(key, params(m));
  }
  return message;
}
