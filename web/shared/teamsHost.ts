import { app } from '@microsoft/teams-js';

/** The tabs speak the bot's two languages. */
export type TabLanguage = 'nl' | 'en';
/** Teams' three themes ("default" is the light one); anything else Teams may send is shown light. */
export type TabTheme = 'default' | 'dark' | 'contrast';

/** What a tab knows about where it runs, settled within a second in Teams or outside it. */
export interface TeamsHost {
  /** Whether Teams answered `app.initialize()` in time (not proof of identity: that is the SSO token's job). */
  inTeams: boolean;
  language: TabLanguage;
  theme: TabTheme;
  /** Calls `listener` on each theme change Teams reports; returns a function that stops it. */
  onThemeChange(listener: (theme: TabTheme) => void): () => void;
}

/**
 * Outside Teams `app.initialize()` rejects at once (top level) or never settles (a foreign frame or popup): it is
 * raced against this, so the page falls back to the browser's language and the light theme within a second.
 */
export const initializeTimeoutMs = 800;

/** The language of a locale such as "en-us", "nl-NL" or "fr": English for "en…", Dutch otherwise (the bot's default). */
export function languageOf(locale: string | undefined): TabLanguage {
  return /^en(\b|[-_])/i.test(locale ?? '') ? 'en' : 'nl';
}

/** Teams' theme name to ours: "dark" and "contrast" as they are, everything else (default, glass, missing) light. */
export function themeOf(name: string | undefined): TabTheme {
  return name === 'dark' || name === 'contrast' ? name : 'default';
}

/** The performance mark set when the tab starts asking Teams. */
export const connectMark = 'teams-host:connect';

const timeout = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));

/** Connects to Teams if the page is in a Teams frame, and falls back within a second otherwise. Never rejects. */
export async function connectTeamsHost(win: Window = window): Promise<TeamsHost> {
  // Where the second starts (the tests measure the fallback from here; the bundle's own loading comes before it).
  win.performance?.mark?.(connectMark);
  const listeners = new Set<(theme: TabTheme) => void>();
  const host: TeamsHost = {
    inTeams: false,
    language: languageOf(win.navigator.language),
    theme: 'default',
    onThemeChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const handleThemeChange = (name: string) => {
    host.theme = themeOf(name);
    for (const listener of listeners) listener(host.theme);
  };

  // Top level: no Teams around us, so no need to wait for initialize() to say so.
  if (win.parent === win && !win.opener) return host;
  try {
    // One deadline for initialize() and getContext() together.
    const deadline = timeout(initializeTimeoutMs);
    const started = app.initialize().then(() => 'ready' as const);
    started.catch(() => undefined);
    if ((await Promise.race([started, deadline])) !== 'ready') return host;
    const context = await Promise.race([app.getContext(), deadline]);
    if (context === 'timeout') return host;
    host.inTeams = true;
    host.language = languageOf(context.app.locale);
    host.theme = themeOf(context.app.theme);
    app.registerOnThemeChangeHandler(handleThemeChange);
  } catch {
    // initialize() or getContext() failed: the fallback above stands.
  }
  return host;
}
