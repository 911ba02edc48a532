/** Light or dark: the OS's choice (prefers-color-scheme) unless the user picked one. */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'shoebox.theme';

class Theme {
  choice = $state<ThemeChoice>(read());

  constructor() {
    // Chosen in another window of the app (the browser's storage event): this one follows.
    if (typeof window !== 'undefined')
      window.addEventListener('storage', (e) => {
        if (e.key !== KEY && e.key !== null) return;
        this.choice = read();
        apply(this.choice);
      });
  }

  set(choice: ThemeChoice): void {
    this.choice = choice;
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
    apply(choice);
  }
}

function read(): ThemeChoice {
  const v = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** The stylesheet follows the OS by default; data-theme overrides it. */
export function apply(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

export const theme = new Theme();
