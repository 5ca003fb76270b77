import { authentication } from '@microsoft/teams-js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { DashboardBody, DashboardRefusal } from '../../src/tabs/dashboardAnswer';
import { TabShell, type TabHostState } from '../shared/TabShell';
import { DashboardView, RefusedView } from './DashboardView';

/** The figures are fetched again this often while the tab is open. */
const refreshMs = 30_000;

type Shown = { kind: 'figures'; body: DashboardBody } | { kind: 'refused'; refusal: DashboardRefusal } | { kind: 'failed'; status: number };

/** Inside Teams the SSO token for the API; outside Teams none (the API then answers 401, or serves the development mode). */
async function tokenFor(host: TabHostState): Promise<string | undefined> {
  if (!host.inTeams) return undefined;
  try {
    return await authentication.getAuthToken();
  } catch {
    return undefined;
  }
}

async function load(host: TabHostState): Promise<Shown> {
  const token = await tokenFor(host);
  const answer = await fetch(`/api/tabs/dashboard?lang=${host.language}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
  const body = (await answer.json().catch(() => undefined)) as DashboardBody | DashboardRefusal | undefined;
  if (answer.ok && body && 'tickets' in body) return { kind: 'figures', body };
  if (body && 'message' in body) return { kind: 'refused', refusal: body };
  return { kind: 'failed', status: answer.status };
}

/** The servicedesk dashboard tab: its figures from /api/tabs/dashboard, again every 30 seconds and on the button. */
function DashboardTab({ host }: { host: TabHostState }) {
  const [shown, setShown] = useState<Shown>();
  const [busy, setBusy] = useState(false);
  const gone = useRef(false);
  const refresh = useCallback(async () => {
    setBusy(true);
    try {
      const next = await load(host);
      // A failed refresh keeps the figures already shown.
      if (!gone.current) setShown((current) => (next.kind === 'failed' && current?.kind === 'figures' ? current : next));
    } catch {
      if (!gone.current) setShown((current) => current ?? { kind: 'failed', status: 0 });
    } finally {
      if (!gone.current) setBusy(false);
    }
  }, [host]);
  useEffect(() => {
    gone.current = false;
    void refresh();
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => {
      gone.current = true;
      clearInterval(timer);
    };
  }, [refresh]);
  useEffect(() => {
    const language = shown?.kind === 'figures' ? shown.body.language : host.language;
    document.documentElement.lang = language;
    if (shown?.kind === 'figures') document.title = shown.body.labels.heading ?? document.title;
  }, [shown, host.language]);

  if (!shown) return <main aria-busy="true" />;
  if (shown.kind === 'refused') return <RefusedView refusal={shown.refusal} />;
  // No texts without an answer from the API: only the status code, for the servicedesk's own support.
  if (shown.kind === 'failed') return <main role="alert" data-status={shown.status} />;
  return <DashboardView body={shown.body} busy={busy} onRefresh={() => void refresh()} />;
}

createRoot(document.getElementById('root')!).render(<TabShell>{(host) => <DashboardTab host={host} />}</TabShell>);
