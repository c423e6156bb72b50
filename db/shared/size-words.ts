/** A file's size as people read it: "840 bytes", "83 KB", "1.2 MB" ("1,2 МБ" in Russian). */
export function sizeInWords(bytes: number, language: string): string {
  const ru = language.startsWith('ru');
  const units = ru ? ['КБ', 'МБ', 'ГБ'] : ['KB', 'MB', 'GB'];
  if (bytes < 1024) {
    if (!ru) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
    return `${bytes} ${new Intl.PluralRules('ru').select(bytes) === 'few' ? 'байта' : 'байт'}`;
  }
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 && unit > 0 ? 1 : 0;
  return `${new Intl.NumberFormat(ru ? 'ru-RU' : 'en-GB', { maximumFractionDigits: digits }).format(value)}\u00a0${units[unit]}`;
}
