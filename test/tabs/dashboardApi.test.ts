import { manifestFor } from '../../scripts/manifest';
import { loadConfig, loadTabSso, type BotAuthConfig } from '../../src/config';
import { ConfigError } from '../../src/core/errors';
import { silentLogger } from '../../src/core/logger';
import { StorageEventLog } from '../../src/events/storageEventLog';
import { PeopleStore } from '../../src/rollout/peopleStore';
import { RolloutStore } from '../../src/rollout/rolloutStore';
import type { DashboardBody, DashboardFunnel, DashboardRefusal } from '../../src/tabs/dashboardAnswer';
import { knowledge, servicedesk, startTestApp, translate, type TestApp } from '../helpers/appHarness';
import { entra, FakeEntraKeys } from '../helpers/fakeEntraKeys';
import { ticketDraft } from '../helpers/ticketDraft';

const anna = { id: '29:agent-anna', name: 'Anna Bakker', aadObjectId: '3f1e2d4c-5b6a-4789-8abc-def012345678' };
const outsider = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
const nl = translate('nl');
const en = translate('en');

let keys: FakeEntraKeys;
let app: TestApp;

beforeAll(async () => {
  keys = await new FakeEntraKeys().start();
  app = await startTestApp({ env: keys.env() });
  await app.registerChannel();
  app.connector.addMember(servicedesk.team.id, anna);
  // The latest rollout: four invited, three started (two at step 2), one done. (The API shares its figures for 25 s.)
  const rollouts = new RolloutStore(app.bot.storage);
  const people = new PeopleStore(app.bot.storage);
  const at = new Date().toISOString();
  await rollouts.create({ id: 'r-dashboard', groupId: 'g-1', startedAt: at, channel: app.channelReference(), phase: 'finished', finishedAt: at });
  const ids = ['m-1', 'm-2', 'm-3', 'm-4'];
  await rollouts.addMembers('r-dashboard', ids.map((id) => ({ id, state: 'invited' as const, at })));
  await people.rememberProgress('m-1', 'mfasetup.scanQrCode', false, at);
  await people.rememberProgress('m-2', 'done.finished', true, at);
  await people.rememberProgress('m-3', 'mfasetup.scanQrCode', false, at);
});
afterAll(() => keys.stop());

const dashboard = (testApp: TestApp, token?: string, query = '') =>
  fetch(`${testApp.bot.url}/api/tabs/dashboard${query}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

describe('GET /api/tabs/dashboard', () => {
  it('answers 401 with WWW-Authenticate: Bearer without a token, and says why in the page\'s language', async () => {
    const answer = await dashboard(app, undefined, '?lang=en-US');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const body = (await answer.json()) as DashboardRefusal;
    expect(body).toMatchObject({ code: 'unauthorized', reason: 'missing', message: en('tabs.dashboard.refused.unauthorized') });
  });

  it.each([
    ['forged', { forged: true }, 'signature'],
    ['expired', { expiresIn: -600 }, 'expired'],
    ['for another audience', { claims: { aud: 'api://elsewhere.example/botid-1' } }, 'audience'],
    ['of another tenant', { version: '2.0' as const, claims: { tid: entra.otherTenantId } }, 'tenant'],
  ])('answers 401 for a %s token', async (_name, options, reason) => {
    const answer = await dashboard(app, await keys.token(anna.aadObjectId, options));
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(((await answer.json()) as DashboardRefusal).reason).toBe(reason);
    expect(app.log()).toContain(reason);
  });

  it.each(['Bearer', 'Bearer a.b', 'bearer x.y.z', `Bearer ${'x'.repeat(9000)}.y.z`, 'Bearer "><script>.a.b'])('answers 401 for the header %s', async (header) => {
    const answer = await fetch(`${app.bot.url}/api/tabs/dashboard`, { headers: { authorization: header.slice(0, 20_000) } });
    expect(answer.status).toBe(401);
  });

  it('answers 403 to a valid token of someone outside the servicedesk team', async () => {
    const answer = await dashboard(app, await keys.token(outsider));
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ code: 'forbidden', reason: 'notMember', message: nl('tabs.dashboard.refused.notMember') });
    expect(app.log()).toContain('notMember');
  });

  it('answers 503 with Retry-After (teamsUnavailable) when Teams cannot say, and logs it', async () => {
    const stranger = '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716';
    let armed = true;
    app.connector.injectFault({ kind: 'status', status: 503 }, { times: 50, match: (request) => armed && request.path.includes('/members') });
    try {
      const answer = await dashboard(app, await keys.token(stranger));
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('30');
      expect(((await answer.json()) as DashboardRefusal).reason).toBe('teamsUnavailable');
      expect(app.log()).toContain('servicedesk membership unknown');
    } finally {
      armed = false;
    }
  });

  it('asks Teams once for a member refreshing the tab (a yes is kept a few minutes)', async () => {
    const token = await keys.token(anna.aadObjectId);
    await dashboard(app, token);
    const before = app.connector.requests.filter((request) => request.path.includes('members')).length;
    for (let i = 0; i < 3; i++) expect((await dashboard(app, token)).status).toBe(200);
    expect(app.connector.requests.filter((request) => request.path.includes('members')).length).toBe(before);
  });

  it('keeps a no for a minute: an outsider refreshing the tab costs no look-up', async () => {
    const token = await keys.token(outsider);
    await dashboard(app, token);
    const before = app.connector.requests.filter((request) => request.path.includes('members')).length;
    expect((await dashboard(app, token)).status).toBe(403);
    expect(app.connector.requests.filter((request) => request.path.includes('members')).length).toBe(before);
  });

  it('answers 403 with noChannel while no servicedesk channel is registered', async () => {
    const unregistered = await startTestApp({ env: keys.env() });
    const answer = await dashboard(unregistered, await keys.token(anna.aadObjectId, { version: '2.0' }));
    expect(answer.status).toBe(403);
    expect(((await answer.json()) as DashboardRefusal).reason).toBe('noChannel');
  });

  it('gives a member the queue, the counts, the funnel and the labels (v1 and v2 tokens)', async () => {
    const { tickets } = app.app;
    const waiting = await tickets.escalate({ conversationId: 'a:dash-1', activityId: '1' }, async () => ticketDraft('a:dash-1'));
    const taken = await tickets.escalate({ conversationId: 'a:dash-2', activityId: '2' }, async () => ({ ...ticketDraft('a:dash-2'), user: { ...ticketDraft('a:dash-2').user, name: 'Els' } }));
    await tickets.update(taken.ticket.id, (ticket) => ({ ...ticket, status: 'assigned', agent: { ...servicedesk.agent, at: new Date().toISOString() } }));
    const closed = await tickets.escalate({ conversationId: 'a:dash-3', activityId: '3' }, async () => ticketDraft('a:dash-3'));
    await tickets.update(closed.ticket.id, (ticket) => ({ ...ticket, status: 'closed' }));


    for (const version of ['1.0', '2.0'] as const) {
      const answer = await dashboard(app, await keys.token(anna.aadObjectId, { version }), '?lang=en');
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as DashboardBody;
      expect(body.devMode).toBe(false);
      expect(body.labels['tickets.heading']).toBe(en('tabs.dashboard.tickets.heading'));
      expect(body.signedInAs).toBe(en('tabs.dashboard.signedInAs', { name: 'Piet de Vries' }));
      const queue = body.tickets.map(({ id, state, user, agent, stateText }) => ({ id, state, user, agent, stateText }));
      expect(queue).toEqual(
        expect.arrayContaining([
          { id: waiting.ticket.id, state: 'waiting', user: 'Jan', agent: en('tabs.dashboard.tickets.nobody'), stateText: en('tabs.dashboard.tickets.waiting') },
          { id: taken.ticket.id, state: 'taken', user: 'Els', agent: servicedesk.agent.name, stateText: en('tabs.dashboard.tickets.taken') },
        ]),
      );
      expect(body.tickets.map((ticket) => ticket.id)).not.toContain(closed.ticket.id);
      expect(body.counts.today).toBeGreaterThanOrEqual(3);
      expect(body.counts.week).toBeGreaterThanOrEqual(body.counts.today);
      const funnel = body.funnel as DashboardFunnel;
      const count = (key: string) => funnel.stages.find((stage) => stage.key === key)?.count;
      expect([count('invited'), count('started'), count('done')]).toEqual([4, 3, 1]);
      expect(funnel.stages.filter((stage) => stage.key.startsWith('step:')).map((stage) => stage.count)).toEqual([2]);
      expect(funnel.registered.label).toBe(en('tabs.dashboard.funnel.registeredUnknown'));
    }
  });

  it('lists the week\'s most asked and most often unsolved questions by their titles, older ones left out', async () => {
    const log = new StorageEventLog(app.bot.storage, silentLogger);
    const at = new Date().toISOString();
    const old = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000).toISOString();
    for (let i = 0; i < 3; i++) await log.record({ type: 'kb.choice', at, intent: 'auth_app_installeren', from: 'problems' });
    await log.record({ type: 'kb.choice', at, intent: 'prereq_gebruikersnaam', from: 'suggestions' });
    await log.record({ type: 'kb.choice', at: old, intent: 'prereq_wat_nodig', from: 'problems' });
    await log.record({ type: 'kb.feedback', at, intent: 'prereq_gebruikersnaam', solved: false });
    await log.record({ type: 'kb.feedback', at, intent: 'auth_app_installeren', solved: true });
    const body = (await (await dashboard(app, await keys.token(anna.aadObjectId), '?lang=en')).json()) as DashboardBody;
    const title = (intent: string) => knowledge().titleOf(intent, 'en');
    expect(body.questions.asked).toEqual([
      { intent: 'auth_app_installeren', title: title('auth_app_installeren'), count: 3 },
      { intent: 'prereq_gebruikersnaam', title: title('prereq_gebruikersnaam'), count: 1 },
    ]);
    expect(body.questions.unresolved).toEqual([{ intent: 'prereq_gebruikersnaam', title: title('prereq_gebruikersnaam'), count: 1 }]);
  });

  it('speaks the servicedesk\'s language without ?lang=, and ignores a hostile one', async () => {
    for (const query of ['', '?lang=%3Cscript%3E', '?lang=fr-FR&lang=en']) {
      const answer = await dashboard(app, await keys.token(anna.aadObjectId), query);
      const body = (await answer.json()) as DashboardBody;
      expect(body.language).toBe('nl');
      expect(body.labels.heading).toBe(nl('tabs.dashboard.heading'));
    }
  });
});

describe('membership over time', () => {
  it('forgets a yes after five minutes and a no after one: a removed member is refused, one added is let in', async () => {
    const clock = { offsetMs: 0 };
    const timed = await startTestApp({ env: keys.env(), now: () => new Date(Date.now() + clock.offsetMs) });
    await timed.registerChannel();
    const bram = { id: '29:agent-bram', name: 'Bram Smit', aadObjectId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d' };
    timed.connector.addMember(servicedesk.team.id, bram);
    const token = await keys.token(bram.aadObjectId);
    expect((await dashboard(timed, token)).status).toBe(200);
    timed.connector.members.get(servicedesk.team.id)!.delete(bram.id);
    // Within the five minutes the yes holds; after them the removed member is refused.
    expect((await dashboard(timed, token)).status).toBe(200);
    clock.offsetMs = 5 * 60_000 + 1000;
    expect((await dashboard(timed, token)).status).toBe(403);
    // Added again: the no holds a minute, then Teams is asked again.
    timed.connector.addMember(servicedesk.team.id, bram);
    expect((await dashboard(timed, token)).status).toBe(403);
    clock.offsetMs += 61_000;
    expect((await dashboard(timed, token)).status).toBe(200);
  });

  it('a burst of requests with one outsider\'s token asks Teams once', async () => {
    const burst = await startTestApp({ env: keys.env() });
    await burst.registerChannel();
    const token = await keys.token('6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a');
    const before = burst.connector.requests.filter((request) => request.path.includes('members')).length;
    const answers = await Promise.all(Array.from({ length: 30 }, () => dashboard(burst, token)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(403));
    const lookUps = burst.connector.requests.filter((request) => request.path.includes('members')).length - before;
    // One look-up: the member by id, then the paged member list when that says no.
    expect(lookUps).toBeLessThanOrEqual(2);
  });
});

describe('the development mode', () => {
  it('answers without a token as the development user, and says so', async () => {
    const dev = await startTestApp({ env: { TABS_DEV_MODE: 'true', PUBLIC_BASE_URL: 'http://127.0.0.1:3978' } });
    const answer = await dashboard(dev);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as DashboardBody;
    expect(body.devMode).toBe(true);
    expect(body.labels.devMode).toBe(nl('tabs.dashboard.devMode'));
  });

  it('still refuses a bad token', async () => {
    const dev = await startTestApp({ env: { TABS_DEV_MODE: 'true', PUBLIC_BASE_URL: 'http://127.0.0.1:3978', ...keys.env() } });
    expect((await dashboard(dev, await keys.token(anna.aadObjectId, { forged: true }))).status).toBe(401);
  });

  it.each([
    ['in production (MicrosoftAppId set)', { MicrosoftAppId: entra.appId, MicrosoftAppPassword: 'secret', SERVICEDESK_TEAM_ID: servicedesk.team.id, HOST: '127.0.0.1' }],
    ['on a HOST the network reaches', { HOST: '0.0.0.0' }],
    ['behind a public address (a tunnel reaches a loopback HOST from the internet)', { HOST: '127.0.0.1', PUBLIC_BASE_URL: 'https://abc.devtunnels.ms' }],
  ])('cannot be switched on %s', (_name, env) => {
    expect(() => loadConfig({ TABS_DEV_MODE: 'true', ...env })).toThrow(ConfigError);
    try {
      loadConfig({ TABS_DEV_MODE: 'true', ...env });
    } catch (error) {
      expect((error as ConfigError).message).toContain('TABS_DEV_MODE');
    }
  });

  it('is off by default, and the SSO defaults follow the bot\'s app id and tenant', () => {
    const botAuth = { MicrosoftAppId: entra.appId, MicrosoftAppTenantId: entra.tenantId } as BotAuthConfig;
    const sso = loadTabSso({ PUBLIC_BASE_URL: 'https://bot.example.nl' }, botAuth, 3978);
    expect(loadConfig({}).tabs.sso.devMode).toBe(false);
    expect(sso).toEqual({
      appId: entra.appId,
      tenantId: entra.tenantId,
      resource: `api://bot.example.nl/botid-${entra.appId}`,
      jwksUrl: `https://login.microsoftonline.com/${entra.tenantId}/discovery/v2.0/keys`,
      jwksTimeoutMs: 5000,
      clientIds: expect.arrayContaining(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']),
      devMode: false,
    });
  });

  it('in production takes Entra\'s keys only from an Entra login host, and ids in any case', () => {
    const production = { MicrosoftAppId: entra.appId, MicrosoftAppTenantId: entra.tenantId.toUpperCase() } as BotAuthConfig;
    const https = { PUBLIC_BASE_URL: 'https://bot.example.nl' };
    expect(() => loadTabSso({ ...https, TABS_SSO_JWKS_URL: 'https://keys.example.nl/keys' }, production, 3978)).toThrow(/TABS_SSO_JWKS_URL/);
    expect(() => loadTabSso({ ...https, TABS_SSO_JWKS_URL: 'http://127.0.0.1:9/keys' }, production, 3978)).toThrow(/TABS_SSO_JWKS_URL/);
    expect(loadTabSso(https, production, 3978).tenantId).toBe(entra.tenantId.toLowerCase());
  });

  it('expects the v1 audience the manifest declares for the same address (a port included)', () => {
    for (const address of ['https://bot.example.nl', 'https://bot.example.nl:8443']) {
      const sso = loadTabSso({ PUBLIC_BASE_URL: address }, { MicrosoftAppId: entra.appId } as BotAuthConfig, 3978);
      expect(sso.resource).toBe(manifestFor(entra.appId, address).webApplicationInfo?.resource);
    }
  });

  it('never answers a request that came through a proxy or tunnel as the development user', async () => {
    const dev = await startTestApp({ env: { TABS_DEV_MODE: 'true', PUBLIC_BASE_URL: 'http://127.0.0.1:3978' } });
    const answer = await fetch(`${dev.bot.url}/api/tabs/dashboard`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(answer.status).toBe(401);
  });

  it.each([
    ['TABS_DEV_MODE', 'yes'],
    ['TABS_SSO_APP_ID', 'not-a-guid'],
    ['TABS_SSO_TENANT_ID', 'contoso'],
    ['TABS_SSO_RESOURCE', 'https://bot.example.nl'],
    ['TABS_SSO_JWKS_URL', 'http://keys.example.nl/keys'],
    ['TABS_SSO_TIMEOUT_MS', '0'],
  ])('rejects %s=%s', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrow(key);
  });
});
