import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { GuidePage } from '../../src/tabs/guidePage';
import { TabShell } from '../shared/TabShell';
import { GuideView, type GuideLanguage } from './GuideView';
import { guideStyles } from './guideStyles';

/** The guide tab: the language Teams (or the browser) gives, switchable on the page; its texts from /api/tabs/guide. */
function GuideTab({ initialLanguage }: { initialLanguage: GuideLanguage }) {
  const [language, setLanguage] = useState(initialLanguage);
  const [pages, setPages] = useState<Partial<Record<GuideLanguage, GuidePage>>>({});
  // While another language loads, the one shown stays (and keeps the focus on its switch).
  const page = pages[language] ?? Object.values(pages)[0];
  useEffect(() => {
    if (pages[language]) return;
    let gone = false;
    void fetch(`/api/tabs/guide?lang=${language}`)
      .then((answer) => (answer.ok ? (answer.json() as Promise<GuidePage>) : undefined))
      .then((loaded) => {
        if (loaded && !gone) setPages((known) => ({ ...known, [language]: loaded }));
      })
      .catch(() => undefined);
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

const style = document.createElement('style');
style.textContent = guideStyles;
document.head.append(style);
createRoot(document.getElementById('root')!).render(<TabShell>{(host) => <GuideTab initialLanguage={host.language} />}</TabShell>);
