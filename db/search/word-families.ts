import { stemEnglish } from './stem.js';

/**
 * English words of one family whose stems part ways, so that matching a stem as a prefix
 * does not carry one to the other: "abolition" (abolit-) and "abolish", "detention" (detent-)
 * and "detain". A query word of a family also searches the others. Families where one stem
 * begins the other ("torture", "tortured"; "acquit", "acquittal") need nothing here.
 */
const families: string[][] = [
  ['abolish', 'abolition'],
  ['detain', 'detention'],
  ['expel', 'expulsion'],
  ['admit', 'admission'],
  ['permit', 'permission'],
  ['exclude', 'exclusion'],
  ['suspend', 'suspension'],
  ['extend', 'extension'],
  ['decide', 'decision'],
  ['compel', 'compulsion', 'compulsory'],
  ['describe', 'description'],
  ['convene', 'convention'],
  ['assemble', 'assembly'],
  ['prohibit', 'prohibition'],
  ['restrict', 'restriction'],
  ['violate', 'violation'],
  ['deprive', 'deprivation'],
  ['inhuman', 'inhumane'],
  ['interrogate', 'interrogation'],
  ['intimidate', 'intimidation'],
  ['persecute', 'persecution'],
  ['prosecute', 'prosecution', 'prosecutor'],
  ['confess', 'confession'],
  ['discriminate', 'discrimination', 'discriminatory'],
  ['imprison', 'imprisonment'],
  ['punish', 'punishment', 'punitive'],
];

const byStem = new Map<string, string[]>();
for (const family of families) for (const word of family) byStem.set(stemEnglish(word), family);

/** The other words of an English word's family, or none. */
export function familyOf(word: string): string[] {
  const lower = word.toLowerCase();
  if (!/^[a-z]+$/.test(lower)) return [];
  const family = byStem.get(stemEnglish(lower));
  return family ? family.filter((w) => stemEnglish(w) !== stemEnglish(lower)) : [];
}
