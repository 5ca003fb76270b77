import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { GuidePage } from '../../src/tabs/guidePage';
import { TabShell } from '../shared/TabShell';
import { languageOf } from '../shared/teamsHost';
import { GuideView, type GuideLanguage } from './GuideView';
import { guideStyles } from './guideStyles';

/** Each language's texts, asked for once; a failed request may be asked again. */
const loads = new Map<GuideLanguage, Promise<GuidePage | undefined>>();
function loadPage(language: GuideLanguage): Promise<GuidePage | undefined> {
  let load = loads.get(language);
  if (!load) {
    load = fetch(`/api/tabs/guide?lang=${language}`)
      .then((answer) => (answer.ok ? (answer.json() as Promise<GuidePage>) : undefined))
      .catch(() => undefined);
    void load.then((page) => page ?? loads.delete(language));
    loads.set(language, load);
  }
  return load;
}

/** The guide tab: the language Teams (or the browser) gives, switchable on the page; its texts from /api/tabs/guide. */
function GuideTab({ initialLanguage }: { initialLanguage: GuideLanguage }) {
  const [language, setLanguage] = useState(initialLanguage);
  const [pages, setPages] = useState<Partial<Record<GuideLanguage, GuidePage>>>({});
  // While another language loads, the one shown stays (and keeps the focus on its switch).
  const page = pages[language] ?? Object.values(pages)[0];
  useEffect(() => {
    if (pages[language]) return;
    let gone = false;
    void loadPage(language).then((loaded) => {
      if (loaded && !gone) setPages((known) => ({ ...known, [language]: loaded }));
    });
    return () => {
      gone = true;
    };
  }, [language, pages]);
  useEffect(() => {
    if (!page) return;
    document.documentElement.lang = page.language;
    document.title = page.labels.title;
  }, [page]);
  if (!page) return <div className="guide" aria-busy="true" />;
  return <GuideView page={page} onLanguage={setLanguage} />;
}

// Outside Teams the browser's language is the one shown: its texts load while Teams is asked.
void loadPage(languageOf(navigator.language));
const style = document.createElement('style');
style.textContent = guideStyles;
document.head.append(style);
createRoot(document.getElementById('root')!).render(<TabShell>{(host) => <GuideTab initialLanguage={host.language} />}</TabShell>);
