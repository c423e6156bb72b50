/**
 * Russian and Kazakh Cyrillic to Latin, the way names are most often written in English
 * sources. Exactness does not matter here: the result is folded further (see fold-word.ts),
 * so "Жақсыбеков" and "Zhaksybekov" meet whatever the transliteration convention.
 */
const table: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  // Kazakh
  ә: 'a',
  ғ: 'gh',
  қ: 'q',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
  // Ukrainian and Belarusian letters that turn up in the region's names
  є: 'ye',
  ї: 'yi',
  ґ: 'g',
  ў: 'w',
};

/** Transliterates lower-case Cyrillic; other characters pass through. */
export function transliterate(lower: string): string {
  let out = '';
  for (const ch of lower) out += table[ch] ?? ch;
  return out;
}
