import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { ru } from './ru.js';

/** The languages the interface speaks; adding one is a file beside these and a line here. */
export const languages = { en: 'English', ru: 'Русский' } as const;
export type Language = keyof typeof languages;

const storageKey = 'vigil-language';

function initialLanguage(): Language {
  const chosen = localStorage.getItem(storageKey);
  if (chosen && chosen in languages) return chosen as Language;
  const preferred = navigator.language.slice(0, 2);
  return preferred in languages ? (preferred as Language) : 'en';
}

export function setLanguage(language: Language): void {
  localStorage.setItem(storageKey, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export function startI18n(): void {
  const language = initialLanguage();
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ru: { translation: ru } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  document.documentElement.lang = language;
}

/** Dates and times in the user's own regional format where it is in the interface's language (en-GB, not en), else in that language's. */
export function displayLocale(language: string): string {
  return navigator.language.toLowerCase().startsWith(language.toLowerCase()) ? navigator.language : language;
}
