import { FluentProvider, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import { useEffect, useState, type ReactNode } from 'react';
import { connectTeamsHost, type TabLanguage, type TabTheme } from './teamsHost';

const fluentThemes: Record<TabTheme, Theme> = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

/** What a tab's page gets from the shell once the host has settled. */
export interface TabHostState {
  inTeams: boolean;
  /** The language Teams (or the browser) asked for; the page may offer a switch of its own. */
  language: TabLanguage;
  theme: TabTheme;
}

interface TabShellProps {
  /** The page, drawn once the host has settled (within a second outside Teams). */
  children: (host: TabHostState) => ReactNode;
}

/**
 * The frame of every tab: waits for Teams (or the fallback), then draws the page inside Fluent UI's provider with the
 * Teams theme, and follows theme changes. `data-theme` on <html> says which theme is on (for print CSS and tests).
 */
export function TabShell({ children }: TabShellProps) {
  const [host, setHost] = useState<TabHostState>();
  useEffect(() => {
    let stop: (() => void) | undefined;
    let gone = false;
    void connectTeamsHost().then((teams) => {
      if (gone) return;
      setHost({ inTeams: teams.inTeams, language: teams.language, theme: teams.theme });
      stop = teams.onThemeChange((theme) => setHost((current) => current && { ...current, theme }));
    });
    return () => {
      gone = true;
      stop?.();
    };
  }, []);
  useEffect(() => {
    if (host) document.documentElement.dataset.theme = host.theme;
  }, [host]);
  if (!host) return null;
  return (
    <FluentProvider theme={fluentThemes[host.theme]} style={{ minHeight: '100vh' }}>
      {children(host)}
    </FluentProvider>
  );
}
