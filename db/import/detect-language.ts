/**
 * The main language of a document, among those Vigil's users archive most: English, Russian
 * and Kazakh. Script first, then how many ordinary (lower-case) words carry letters only Kazakh
 * uses, and common function words.
 * Undefined when there is too little text to tell.
 */
export function detectLanguage(text: string): 'en' | 'ru' | 'kk' | undefined {
  const sample = text.slice(0, 200_000);
  const cyrillic = sample.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = sample.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic + latin < 40) return undefined;
  const words = sample.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  const share = (list: Set<string>) => words.filter((w) => list.has(w)).length / words.length;
  if (cyrillic >= latin) {
    // Words in lower case only: a Russian text naming Қасым or Жаңаөзен is still Russian.
    const common = sample.match(/(?<!\p{L})\p{Ll}[\p{Ll}-]*/gu)?.filter((w) => /\p{Script=Cyrillic}/u.test(w)) ?? [];
    const kazakhOnly = common.filter((w) => /[әғқңөұүһі]/u.test(w)).length / Math.max(1, common.length);
    if (kazakhOnly > 0.1 || share(kazakhWords) > share(russianWords)) return 'kk';
    return 'ru';
  }
  return share(englishWords) > 0.03 ? 'en' : undefined;
}

const englishWords = new Set(['the', 'and', 'of', 'to', 'in', 'was', 'is', 'that', 'for', 'on', 'with', 'by', 'as', 'be', 'were', 'his', 'her', 'from']);
const russianWords = new Set(['и', 'в', 'не', 'на', 'что', 'с', 'по', 'к', 'был', 'была', 'его', 'от', 'для', 'о', 'за', 'из', 'это']);
const kazakhWords = new Set(['және', 'мен', 'бойынша', 'туралы', 'үшін', 'бұл', 'оның', 'деп', 'жылы', 'болды', 'да', 'де', 'сот', 'емес']);
