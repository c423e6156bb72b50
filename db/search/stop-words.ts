/**
 * Words of grammar that a question carries but an answer need not ("held without access to a
 * lawyer", "abolition of the death penalty"). A query word among them is not required of a
 * passage; it still counts where the query's words stand together as typed. Negations
 * ("не", "without", "no") are not here: they change what is asked.
 */
const words = [
  // English
  'a',
  'an',
  'the',
  'of',
  'to',
  'in',
  'on',
  'at',
  'by',
  'for',
  'with',
  'from',
  'into',
  'and',
  'or',
  'as',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'his',
  'her',
  'its',
  'their',
  'this',
  'that',
  // Russian
  'в',
  'во',
  'на',
  'и',
  'а',
  'по',
  'с',
  'со',
  'о',
  'об',
  'к',
  'ко',
  'у',
  'за',
  'из',
  'от',
  'до',
  'для',
  'его',
  'её',
  'ее',
  // Kazakh
  'және',
  'мен',
  'бен',
  'пен',
  'да',
  'де',
];

const stopWords = new Set(words);

/** Whether a word is one of grammar only (lower-cased first, unless it already is). */
export function isStopWord(word: string): boolean {
  return stopWords.has(word) || stopWords.has(word.toLowerCase());
}
