import { hasCyrillic, kazakhLetters, unifyWordScript } from '../shared/scripts.js';
import { stemEnglish, stemRussian } from './stem.js';
import { transliterate } from './transliterate.js';
import { wordPattern } from './tokenize.js';

/**
 * The folded form of one word, shared by the index and the query so that spellings meet:
 * lower case, look-alike letters unified, Cyrillic transliterated, diacritics removed, common
 * transliteration variants unified (zh/j, kh/h, y/i, q/k, z/s, …), doubled letters collapsed,
 * and surname case endings dropped.
 *
 *   Zhaksybekov, Jaksybekov, Жақсыбеков → jaksibek
 *   Ablyazov, Ablyasov, Аблязов → ablias
 *
 * The index holds words folded as written. A query word is also stemmed first (Russian and
 * English Snowball; Kazakh words are not stemmed) and matched as a prefix, so "задержанию"
 * finds "задержан" and "Жақсыбеков" finds "Жақсыбековтың".
 */
export function foldWord(word: string, options: { stem: boolean }): string {
  return cached(options.stem ? 'stem' : 'surface', word);
}

/**
 * The fold for type-ahead, where the word is still being typed: the same, except the rules
 * about how a word ends (surname endings, a final й), which would fold "Akhmeto" and
 * "Tleuzh" differently from the words they begin.
 */
export function foldPrefix(word: string): string {
  return cached('prefix', word);
}

type FoldMode = 'surface' | 'stem' | 'prefix';
/**
 * Words follow Zipf's law: a bounded cache of the recent ones saves most of the work. Two
 * generations, so that filling it up does not forget the common words all at once: a word
 * found in the older one moves to the newer.
 */
const cacheSize = 100_000;
const caches: Record<FoldMode, { recent: Map<string, string>; older: Map<string, string> }> = {
  surface: { recent: new Map(), older: new Map() },
  stem: { recent: new Map(), older: new Map() },
  prefix: { recent: new Map(), older: new Map() },
};

function cached(mode: FoldMode, word: string): string {
  const cache = caches[mode];
  let folded = cache.recent.get(word);
  if (folded !== undefined) return folded;
  folded = cache.older.get(word) ?? foldUncached(word, mode);
  if (cache.recent.size >= cacheSize) {
    cache.older = cache.recent;
    cache.recent = new Map();
  }
  cache.recent.set(word, folded);
  return folded;
}

function foldUncached(word: string, mode: FoldMode): string {
  let w = unifyWordScript(word.normalize('NFC')).toLowerCase();
  // A Cyrillic word of one or two letters keeps its script: transliterated, "УК" (the Criminal
  // Code) would be the UK, "ст." (article) "St." and "ЕС" the Spanish "es".
  if (/^\p{Script=Cyrillic}{1,2}$/u.test(w)) return w.replace(/ё/g, 'е');
  if (hasCyrillic(w)) {
    if (mode === 'stem' && !kazakhLetters.test(w)) w = stemRussian(w);
    w = transliterate(w);
  } else if (mode === 'stem' && /^[a-z]+$/.test(w)) {
    w = stemEnglish(w);
  }
  w = stripDiacritics(w);
  return unifyVariants(w, { endings: mode !== 'prefix' });
}

function stripDiacritics(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ıł]/g, (c) => (c === 'ı' ? 'i' : 'l'))
    .replace(/ß/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[øœ]/g, 'o');
}

const vowel = '[aeiou]';

/**
 * Transliteration variants folded to one spelling; applied identically to every word, and
 * repeated until nothing changes, so that folding is idempotent (one rule's output can be
 * another rule's input: "azча" → "azcha" → "ascha" → "asha").
 */
export function unifyVariants(word: string, options: { endings: boolean } = { endings: true }): string {
  let current = word;
  for (let pass = 0; pass < 5; pass++) {
    const next = unifyOnce(current, options.endings);
    if (next === current) break;
    current = next;
  }
  return current;
}

function unifyOnce(w: string, endings: boolean): string {
  let s = w
    .replace(/shch|sch/g, 'sh')
    .replace(/tch/g, 'ch')
    .replace(/dzh|dj|zh/g, 'j')
    .replace(/kh/g, 'h')
    .replace(/gh/g, 'g')
    .replace(/q/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/yo/g, 'e')
    .replace(/y/g, 'i')
    .replace(/w/g, 'v');
  // j between a consonant and a vowel, or after a vowel at the end, is the й/i of German-style spellings (Abljazov, Sergej).
  s = s.replace(new RegExp(`(?<=[^aeiou])j(?=${vowel})`, 'g'), 'i');
  if (endings) s = s.replace(new RegExp(`(?<=${vowel})j$`), 'i');
  // Doubled letters, not digits: "99" is not "9", nor 2011 2001.
  s = s.replace(/ie/g, 'e').replace(/(\p{L})\1+/gu, '$1');
  // Surname endings in any case: -ov/-ev(a/u/oi/im/om/e/ih/ii) dropped, -in(a/u/…) kept as -in.
  if (endings && s.length >= 6) s = s.replace(/(ov|ev)(a|u|oi|im|om|e|ih|ii)?$/, '').replace(/in(a|u|oi|im|om|e|ih)$/, 'in');
  // z and s are one letter here (Ablyazov, Ablyasov); a word-initial z is kept to spare zip/sip.
  return s.replace(/(?<=.)z/g, 's').replace(/(\p{L})\1+/gu, '$1');
}

/** A text as the folded columns hold it: each word folded as written, in order. */
export function foldText(text: string): string {
  const words = text.match(wordPattern);
  if (!words) return '';
  let out = '';
  for (const word of words) {
    const folded = cached('surface', word);
    if (folded) out += out ? ` ${folded}` : folded;
  }
  return out;
}
