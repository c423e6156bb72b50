import snowball from 'snowball-stemmers';

/**
 * Russian and English stemming (Snowball), with two corrections so that the forms monitors
 * search for meet: Snowball reads the "-ов" of a surname as a plural ending in the nominative
 * (Ахметов → ахмет) but not in other cases (Ахметова → ахметов), and leaves the participle
 * "-ан" on some forms (задержан → задержа, задержанию → задержан).
 */
const russian = snowball.newStemmer('russian');
const english = snowball.newStemmer('english');

export function stemRussian(lower: string): string {
  let stem = russian.stem(lower);
  if (stem.length >= 5 && /[ая]н$/u.test(stem)) stem = stem.slice(0, -1);
  return stem;
}

export function stemEnglish(lower: string): string {
  return english.stem(lower);
}
