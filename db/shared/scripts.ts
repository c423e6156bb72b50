/**
 * Letters by script, and the look-alike letters that PDF extraction and mixed keyboards put
 * into the wrong script ("sanctiоns" with a Cyrillic о, "Kазахстан" with a Latin K).
 */

const cyrillicLetter = /[\u0400-\u04FF\u0500-\u052F]/u;
const latinLetter = /[A-Za-z\u00C0-\u024F]/u;

/** Kazakh letters Russian does not have: a word with them is Kazakh. */
export const kazakhLetters = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/u;

const cyrillicToLatinLookAlike: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  х: 'x',
  у: 'y',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  һ: 'h',
  к: 'k',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
};
const latinToCyrillicLookAlike: Record<string, string> = Object.fromEntries(
  Object.entries(cyrillicToLatinLookAlike)
    .filter(([cyr]) => !['і', 'ј', 'ѕ', 'һ', 'І', 'Ј', 'Ѕ'].includes(cyr))
    .map(([cyr, lat]) => [lat, cyr]),
);

/**
 * Puts a word's stray look-alike letters into the script most of its letters are in.
 * A word whose minority letters have no look-alike (a real mix, like "Qazaqстан") is left alone.
 */
export function unifyWordScript(word: string): string {
  let cyrillic = 0;
  let latin = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x400 && c <= 0x52f) cyrillic++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) latin++;
  }
  // Nearly every word is in one script: nothing to do.
  if (!cyrillic || !latin || cyrillic === latin) return word;
  const toLatin = latin > cyrillic;
  const map = toLatin ? cyrillicToLatinLookAlike : latinToCyrillicLookAlike;
  const minority = toLatin ? cyrillicLetter : latinLetter;
  let out = '';
  for (const ch of word) {
    if (minority.test(ch)) {
      const replacement = map[ch];
      if (replacement === undefined) return word;
      out += replacement;
    } else out += ch;
  }
  return out;
}

export function hasCyrillic(word: string): boolean {
  return cyrillicLetter.test(word);
}

/** OCR's own confusions beside the printed look-alikes: "аге" for "are", "Раде" for "Page". */
const ocrCyrillicToLatin: Record<string, string> = { ...cyrillicToLatinLookAlike, г: 'r', д: 'g', п: 'n' };

/**
 * OCR reading several scripts at once puts whole short words in the wrong one ("ог" for "or"
 * in an English line, "Тһе" for "The"). In a line that is mostly in one script, a word made
 * only of the other script's look-alike letters is put into the line's script; words with a
 * letter that has no look-alike (a Russian name in an English line) stay as they are.
 */
export function unifyLineScript(line: string): string {
  let cyrillic = 0;
  let latin = 0;
  for (const ch of line) {
    if (cyrillicLetter.test(ch)) cyrillic++;
    else if (latinLetter.test(ch)) latin++;
  }
  const toLatin = latin > 2 * cyrillic;
  if (!cyrillic || !latin || (!toLatin && cyrillic <= 2 * latin)) return line;
  const map = toLatin ? ocrCyrillicToLatin : latinToCyrillicLookAlike;
  const minority = toLatin ? cyrillicLetter : latinLetter;
  return line.replace(/[\p{L}]+/gu, (word) => {
    let out = '';
    for (const ch of word) {
      if (!minority.test(ch)) return word;
      const replacement = map[ch];
      if (replacement === undefined) return word;
      out += replacement;
    }
    return out;
  });
}
