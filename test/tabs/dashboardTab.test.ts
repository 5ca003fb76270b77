import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PeopleStore } from '../../src/rollout/peopleStore';
import { RolloutStore } from '../../src/rollout/rolloutStore';
import { servicedesk, startTestApp, translate, type TestApp } from '../helpers/appHarness';
import { ticketDraft } from '../helpers/ticketDraft';
import { TabBrowser } from '../helpers/tabBrowser';

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const nl = translate('nl');
const en = translate('en');

let app: TestApp;
let browser: Browser;
const ids: string[] = [];

/** The dashboard in headless Chromium, outside Teams, in development mode: what the servicedesk sees of a test store. */
beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium (as .ci/run does)`);
  app = await startTestApp({ env: { TABS_DEV_MODE: 'true', PUBLIC_BASE_URL: 'http://127.0.0.1:3978' } });
  const { tickets } = app.app;
  for (const [n, name] of ['Jan', 'Els'].entries()) {
    const { ticket } = await tickets.escalate({ conversationId: `a:tab-${n}`, activityId: '1' }, async () => ({ ...ticketDraft(`a:tab-${n}`), user: { ...ticketDraft(`a:tab-${n}`).user, name } }));
    ids.push(ticket.id);
  }
  await tickets.update(ids[1], (ticket) => ({ ...ticket, status: 'assigned', agent: { ...servicedesk.agent, at: new Date().toISOString() } }));
  const rollouts = new RolloutStore(app.bot.storage);
  const people = new PeopleStore(app.bot.storage);
  const at = new Date().toISOString();
  await rollouts.create({ id: 'r-tab', groupId: 'g-1', startedAt: at, channel: app.channelReference(), phase: 'finished', finishedAt: at });
  await rollouts.addMembers('r-tab', ['m-1', 'm-2', 'm-3', 'm-4', 'm-5'].map((id) => ({ id, state: 'invited' as const, at })));
  await people.rememberProgress('m-1', 'mfasetup.scanQrCode', false, at);
  await people.rememberProgress('m-2', 'done.finished', true, at);
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}, 30_000);
afterAll(() => browser?.close());

async function open(width: number, locale: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, locale });
  // Nothing but the bot's own server.
  await page.route('**/*', (route) => (route.request().url().startsWith(app.bot.url) ? route.continue() : route.abort()));
  await page.goto(`${app.bot.url}/tabs/dashboard`);
  await page.getByTestId('tickets').waitFor({ timeout: 10_000 });
  return page;
}

const cellTexts = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent?.trim() ?? '')));

describe('the dashboard tab', () => {
  it('shows the open tickets, the counts and the funnel from the store, in the browser\'s language outside Teams', async () => {
    const page = await open(1280, 'en-US');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(en('tabs.dashboard.heading'));
    expect(await page.getByTestId('dev-mode').textContent()).toBe(en('tabs.dashboard.devMode'));
    const rows = await cellTexts(page, 'tickets');
    expect(rows.map((row) => row.slice(0, 4))).toEqual([
      [ids[0], 'Jan', en('tabs.dashboard.tickets.waiting'), en('tabs.dashboard.tickets.nobody')],
      [ids[1], 'Els', en('tabs.dashboard.tickets.taken'), servicedesk.agent.name],
    ]);
    expect(await page.getByRole('columnheader').first().textContent()).toBe(en('tabs.dashboard.tickets.number'));
    expect(await page.getByTestId('count-today').textContent()).toBe('2');
    const funnel = Object.fromEntries((await cellTexts(page, 'funnel')).map(([stage, count]) => [stage, count]));
    expect(funnel[en('tabs.dashboard.funnel.invited')]).toBe('5');
    expect(funnel[en('tabs.dashboard.funnel.started')]).toBe('2');
    expect(funnel[en('tabs.dashboard.funnel.done')]).toBe('1');
    await page.close();
  });

  it('fetches again on the button, and shows a new ticket', async () => {
    const page = await open(1280, 'nl-NL');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(nl('tabs.dashboard.heading'));
    const { ticket } = await app.app.tickets.escalate({ conversationId: 'a:tab-new', activityId: '1' }, async () => ticketDraft('a:tab-new'));
    await page.getByRole('button', { name: nl('tabs.dashboard.refresh') }).click();
    await page.getByTestId('tickets').getByText(ticket.id, { exact: true }).waitFor({ timeout: 5000 });
    await app.app.tickets.update(ticket.id, (stored) => ({ ...stored, status: 'closed' }));
    await page.close();
  });

  it.each([
    ['desktop', 1280, 'default'],
    ['phone', 390, 'default'],
    ['desktop', 1280, 'dark'],
    ['desktop', 1280, 'contrast'],
  ])('has no serious or critical accessibility violations (%s, %d px, %s theme)', async (_name, width, theme) => {
    // In a simulated Teams host (test/helpers/tabBrowser.ts) that gives the theme, and no token: development mode.
    const host = await TabBrowser.launch();
    try {
      const { page, tab } = await host.openInTeams(app.bot.url, '/tabs/dashboard', { locale: 'nl-NL', theme }, { width });
      await tab.getByTestId('tickets').waitFor({ timeout: 10_000 });
      await tab.waitForFunction((name) => document.documentElement.dataset.theme === name, theme);
      if (process.env.DASHBOARD_SHOTS) await page.screenshot({ path: `${process.env.DASHBOARD_SHOTS}/dashboard-${width}-${theme}.png`, fullPage: true });
      expect(await TabBrowser.seriousViolations(tab)).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
