/**
 * Light or dark: by default the system's setting (a dim courtroom, a laptop in night mode),
 * or the one chosen in Settings, kept with the page's preferences (it reveals nothing).
 */
export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

const storageKey = 'vigil-theme';

export function chosenTheme(): Theme {
  const stored = localStorage.getItem(storageKey);
  return (themes as readonly string[]).includes(stored ?? '') ? (stored as Theme) : 'system';
}

/** Sets the theme on the page: the style sheet reads `data-theme`, and follows the system without it. */
export function applyTheme(theme: Theme = chosenTheme()): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function chooseTheme(theme: Theme): void {
  localStorage.setItem(storageKey, theme);
  applyTheme(theme);
}
