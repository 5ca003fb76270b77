import { pages } from '@microsoft/teams-js';
import { connectTeamsHost } from '../shared/teamsHost';
import { createRoot } from 'react-dom/client';

/**
 * The page Teams shows when the servicedesk adds the dashboard as a tab to a channel: it says what the tab is and
 * saves the tab (the dashboard's address, its name). Its texts come from the locale files, written into the page
 * by the bot's server (src/bot/http/tabRoutes.ts), per language.
 */
interface ConfigTexts {
  heading: string;
  intro: string;
  tabName: string;
  outsideTeams: string;
}

const all = JSON.parse(document.getElementById('tab-texts')?.textContent ?? '{}') as Record<string, ConfigTexts>;
const root = createRoot(document.getElementById('root')!);
const show = (texts: ConfigTexts, inTeams: boolean) =>
  root.render(
    <main>
      <h1>{texts.heading}</h1>
      <p>{inTeams ? texts.intro : texts.outsideTeams}</p>
    </main>,
  );

/** As the other tabs: Teams within a second, or the browser's language outside it (web/shared/teamsHost.ts). */
async function configure(): Promise<void> {
  const host = await connectTeamsHost();
  const texts = all[host.language] ?? all.nl;
  show(texts, host.inTeams);
  if (!host.inTeams) return;
  pages.config.registerOnSaveHandler((save) => {
    const contentUrl = `${window.location.origin}/tabs/dashboard`;
    pages.config.setConfig({ entityId: 'dashboard', contentUrl, websiteUrl: contentUrl, suggestedDisplayName: texts.tabName }).then(
      () => save.notifySuccess(),
      (error: Error) => save.notifyFailure(error.message),
    );
  });
  pages.config.setValidityState(true);
}

void configure();
