/**
 * Languages a document in the archive is written in, as ISO 639 codes: those of the region
 * Vigil's monitors work in first, then the UN's and neighbours'. A code not listed here (stored
 * by an import or a teammate) is still valid and shown by its name.
 */
export const documentLanguages = ['en', 'ru', 'kk', 'ky', 'uz', 'tg', 'tk', 'az', 'hy', 'ka', 'uk', 'be', 'mn', 'fr', 'es', 'de', 'ar', 'zh', 'tr', 'fa', 'ug'] as const;

const namers = new Map<string, Intl.DisplayNames>();

/** A language's name in the interface's language ("kk" → "Kazakh", "казахский"); the code itself when no name is known. */
export function languageName(code: string, uiLanguage: string): string {
  let namer = namers.get(uiLanguage);
  if (!namer) namers.set(uiLanguage, (namer = new Intl.DisplayNames([uiLanguage], { type: 'language', fallback: 'code' })));
  try {
    const name = namer.of(code) ?? code;
    // Russian names languages in lower case ("казахский"); a label reads better capitalised.
    return name.charAt(0).toLocaleUpperCase(uiLanguage) + name.slice(1);
  } catch {
    return code;
  }
}

/** A language's name inside a sentence: Russian writes it in lower case ("на русском"), English keeps its capital. */
export function inSentence(name: string): string {
  return /^\p{Script=Cyrillic}/u.test(name) ? name.toLocaleLowerCase('ru') : name;
}
