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
