import { app, pages } from '@microsoft/teams-js';
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
const pick = (locale: string | undefined): ConfigTexts => all[locale?.toLowerCase().startsWith('en') ? 'en' : 'nl'] ?? all.nl;
const root = createRoot(document.getElementById('root')!);
const show = (texts: ConfigTexts, inTeams: boolean) =>
  root.render(
    <main>
      <h1>{texts.heading}</h1>
      <p>{inTeams ? texts.intro : texts.outsideTeams}</p>
    </main>,
  );

async function configure(): Promise<void> {
  if (window.parent === window) return show(pick(navigator.language), false);
  await app.initialize();
  const context = await app.getContext();
  const texts = pick(context.app.locale);
  show(texts, true);
  pages.config.registerOnSaveHandler((save) => {
    const contentUrl = `${window.location.origin}/tabs/dashboard`;
    pages.config.setConfig({ entityId: 'dashboard', contentUrl, websiteUrl: contentUrl, suggestedDisplayName: texts.tabName }).then(
      () => save.notifySuccess(),
      (error: Error) => save.notifyFailure(error.message),
    );
  });
  pages.config.setValidityState(true);
}

configure().catch(() => show(pick(navigator.language), false));
