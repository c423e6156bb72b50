/** A file name people recognise: the trial's title and the day, in any script, without characters file systems refuse. */
export function reportFileName(title: string, format: string, now = new Date()): string {
  const name = title
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80);
  return `${name || 'trial'}-${now.toISOString().slice(0, 10)}.${format}`;
}
