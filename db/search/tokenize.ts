/** A word of a text and where it is: the unit that is folded, indexed and highlighted. */
export interface WordToken {
  word: string;
  start: number;
  end: number;
}

// Letters and digits, with apostrophes inside a word kept (O'Brien, Qazaq'stan spellings).
export const wordPattern = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

export function tokenize(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const m of text.matchAll(wordPattern)) tokens.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  return tokens;
}
