import type { Activity } from 'botbuilder';
import { servicedesk, startTestApp, translate, type ChatUser, type TestApp } from '../helpers/appHarness';
import { textOf } from '../helpers/cardText';
import { chatIdOf, FakeGraph } from '../helpers/fakeGraph';
import { waitUntil } from '../helpers/waitUntil';
import { loadConfig } from '../../src/config';

/**
 * The rollout end to end: "uitrol <groep>" typed in the servicedesk channel and posted to /api/messages as Teams posts
 * it, the bot's Graph layer asking a fake Microsoft Graph on 127.0.0.1 over HTTP (groups over several pages, installs,
 * the report, a tenant without the licence, 429 and 503), Teams' install events posted back to the bot, and every
 * message caught by the fake Bot Connector.
 */
const t = translate('nl');
const manifestAppId = loadConfig({}).rollout.manifestAppId;
const catalogId = 'c0ffee00-0000-4000-8000-0000000000c1';
const groupId = '0f0e0d0c-0000-4000-8000-0000000000a1';
const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const threadId = `${servicedesk.channelId};messageid=1900000009999`;
const mention = { type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' } };

interface Setup {
  app: TestApp;
  graph: FakeGraph;
  /** The chats of the group's members, by object id, as Teams knows them (29: ids, a: conversations). */
  chats: Map<string, ChatUser>;
}

async function setUp(graph: FakeGraph, count: number, env: Record<string, string> = {}): Promise<Setup> {
  graph.addCatalogApp({ id: catalogId, externalId: manifestAppId });
  graph.addGroup(
    groupId,
    Array.from({ length: count }, (_, i) => ({ id: uid(i + 1), givenName: `Naam${i + 1}`, displayName: `Naam${i + 1} Achternaam`, preferredLanguage: i % 2 ? 'en-GB' : 'nl-NL' })),
  );
  const app = await startTestApp({
    env: { GRAPH_BASE_URL: graph.baseUrl, GRAPH_CREDENTIAL: 'local-fake-token', ROLLOUT_INSTALL_GRACE_SECONDS: '1', ROLLOUT_PROGRESS_SECONDS: '1', ...env },
  });
  const chats = new Map<string, ChatUser>();
  for (let i = 1; i <= count; i++) chats.set(uid(i), app.user(i % 2 ? 'en-GB' : 'nl-NL', { from: { id: `29:member-${i}`, name: `Naam${i}`, aadObjectId: uid(i) } }));
  // What Teams does once an install went through: it tells the bot, in the user's new 1:1 chat.
  graph.onInstall = (userId) => void chats.get(userId)?.send({ type: 'installationUpdate', action: 'add', locale: undefined });
  await app.registerChannel();
  return { app, graph, chats };
}

const inThread = (app: TestApp, fields: Partial<Activity>, agent: { id: string; name?: string; aadObjectId?: string } = servicedesk.agent) =>
  app.post(app.inChannel(agent, threadId, { type: 'message', entities: [mention], ...fields }));
const command = (app: TestApp, text: string) => inThread(app, { text: `<at>2FA Servicedesk</at> ${text}` });
const threadTexts = (app: TestApp) => app.connector.callsTo(threadId).map((call) => call.activity.text ?? '');
const finishedLine = (app: TestApp) => threadTexts(app).find((text) => text.startsWith(t('rollout.progress.finished', { summary: '' }).trim()));
const welcomes = (app: TestApp, conversationId: string) => app.connector.callsTo(conversationId).filter((call) => textOf(call.activity).includes(t('welcome.intro', { organisation: 'Zorgring' }).slice(0, 20)) || textOf(call.activity).includes(translate('en')('welcome.intro', { organisation: 'Zorgring' }).slice(0, 20)));

describe('the rollout from the servicedesk channel, through the HTTP path', () => {
  let graph: FakeGraph;
  beforeEach(async () => (graph = await new FakeGraph().start()));
  afterEach(() => graph.stop());

  it('invites a group read over three pages once each, skipping those registered, and reports progress in the thread', async () => {
    graph.memberPageSize = 2;
    const { app, chats } = await setUp(graph, 6);
    graph.addRegistration({ id: uid(1), isMfaRegistered: true, methodsRegistered: ['microsoftAuthenticatorPush'] });
    graph.installedApps.set(uid(2), new Set([catalogId])); // has the app, no chat the bot knows: Graph names it
    graph.fail(/\/users\/[^/]+\/teamwork\/installedApps$/, { kind: 'status', status: 503 }, 1, 2); // one call fails once
    graph.fail(/\/users\/[^/]+\/teamwork\/installedApps$/, { kind: 'status', status: 429, retryAfter: '1' }, 1, 3); // and one is throttled

    const replies = await command(app, `uitrol ${groupId}`);
    expect(replies.map((reply) => reply.text)).toEqual([t('rollout.command.started', { group: groupId })]);
    await waitUntil(() => finishedLine(app) !== undefined, () => threadTexts(app).join('\n'), 30_000);

    // Three pages of members.
    expect(graph.requestsTo(/\/groups\/[^/]+\/transitiveMembers\/microsoft\.graph\.user$/)).toHaveLength(3);
    // The registered member got nothing; the one with the app got the welcome in the chat Graph named; the others
    // got it in their new chat, from Teams' install event. Each exactly once, in their language, by first name.
    expect(welcomes(app, chatIdOf(uid(2)))).toHaveLength(1);
    for (const n of [3, 4, 5, 6]) {
      const got = welcomes(app, chats.get(uid(n))!.conversationId);
      expect(got).toHaveLength(1);
      expect(textOf(got[0].activity)).toContain(`Naam${n}`);
    }
    expect(welcomes(app, chats.get(uid(4))!.conversationId)[0].activity.attachments?.[0]).toBeDefined();
    const summary = [
      t('rollout.progress.invited', { count: 5, total: 6 }),
      t('rollout.progress.skipped', { count: 1, reasons: t('rollout.reasons.skipped.registered', { count: 1 }) }),
    ].join(t('rollout.reasons.joiner'));
    expect(finishedLine(app)).toBe(t('rollout.progress.finished', { summary }));
    // The 429's Retry-After honoured: that user's install is asked again only after it (the bucket's hold itself is
    // tested in test/graph/graphRollout.test.ts, with the rates under a burst).
    const installs = graph.requestsTo(/\/users\/[^/]+\/teamwork\/installedApps$/).filter((request) => request.method === 'POST');
    const throttled = installs.find((request) => request.status === 429)!;
    const retried = installs.find((request) => request.path === throttled.path && request.at > throttled.at)!;
    expect(retried.at - throttled.at).toBeGreaterThanOrEqual(950);
    expect(retried.status).toBe(201);
    // The registered member's own chat got nothing.
    expect(app.connector.callsTo(chats.get(uid(1))!.conversationId)).toEqual([]);
    expect(app.log()).not.toMatch(/Naam\d|Achternaam|00000000-0000-4000-8000-0000000000/);
  });

  it('answers "status" with the figures of the latest rollout, and "herinner" reminds once who started and stopped', async () => {
    const clock = { offsetMs: 0 };
    const now = () => new Date(Date.now() + clock.offsetMs);
    graph.memberPageSize = 999;
    const env = { GRAPH_BASE_URL: graph.baseUrl, GRAPH_CREDENTIAL: 'local-fake-token', ROLLOUT_INSTALL_GRACE_SECONDS: '1', ROLLOUT_PROGRESS_SECONDS: '1' };
    graph.addCatalogApp({ id: catalogId, externalId: manifestAppId });
    graph.addGroup(groupId, [1, 2, 3].map((n) => ({ id: uid(n), givenName: `Naam${n}` })));
    const app = await startTestApp({ env, now });
    const chats = new Map([1, 2, 3].map((n) => [uid(n), app.user('nl-NL', { from: { id: `29:member-${n}`, name: `Naam${n}`, aadObjectId: uid(n) } })]));
    graph.onInstall = (userId) => void chats.get(userId)?.send({ type: 'installationUpdate', action: 'add' });
    graph.addRegistration({ id: uid(3), isMfaRegistered: true, methodsRegistered: ['microsoftAuthenticatorPush'] });
    await app.registerChannel();
    await command(app, `uitrol ${groupId}`);
    await waitUntil(() => finishedLine(app) !== undefined, () => threadTexts(app).join('\n'), 30_000);

    // Member 1 starts and stops at Step 2; member 2 does nothing.
    await chats.get(uid(1))!.walkTo('mfasetup.scanQrCode');
    const reportReads = graph.requestsTo(/userRegistrationDetails$/).length;
    const status = await command(app, 'status');
    // The report the listing read a moment ago is not read again (its pages cost the budget of users' Step 2 checks).
    expect(graph.requestsTo(/userRegistrationDetails$/)).toHaveLength(reportReads);
    const card = textOf(status[0]);
    expect(card).toContain(t('rollout.status.heading'));
    expect(card).toContain(t('rollout.status.startedLine', { count: 1, invited: 2 }));
    expect(card).toContain(t('rollout.status.registered.report', { count: 1, total: 3 }));

    clock.offsetMs = 25 * 60 * 60 * 1000;
    const since = app.connector.calls.length;
    expect((await command(app, 'herinner')).map((reply) => reply.text)).toEqual([t('rollout.command.remindStarted')]);
    const reported = t('rollout.command.reminded', { sent: 1, already: 0, failed: 0 });
    await waitUntil(() => threadTexts(app).includes(reported), () => threadTexts(app).join('\n'), 10_000);
    const reminders = app.connector.callsTo(chats.get(uid(1))!.conversationId, since).filter((call) => call.activity.text === t('rollout.reminder.intro'));
    expect(reminders).toHaveLength(1);
    // The resume card names the exact sub-step the user stopped at, read from their own state.
    expect(textOf(reminders[0].activity)).toContain(t('guide:steps.mfasetup.scanQrCode.title'));
    expect(app.connector.callsTo(chats.get(uid(2))!.conversationId, since)).toHaveLength(0);

    // Asked again: no second reminder.
    await command(app, 'herinner');
    await waitUntil(() => threadTexts(app).includes(t('rollout.command.reminded', { sent: 0, already: 1, failed: 0 })), () => threadTexts(app).join('\n'), 10_000);
    expect(app.connector.callsTo(chats.get(uid(1))!.conversationId, since).filter((call) => call.activity.text === t('rollout.reminder.intro'))).toHaveLength(1);
  });

  it('in a tenant without the licence invites everyone, and "status" counts registrations per user within the budget', async () => {
    graph.licensed = false;
    const { app } = await setUp(graph, 3);
    graph.addUser({ id: uid(1), givenName: 'Naam1', authenticatorMethods: [{ displayName: 'iPhone van Naam1' }] });
    await command(app, `uitrol ${groupId}`);
    await waitUntil(() => finishedLine(app) !== undefined, () => threadTexts(app).join('\n'), 30_000);
    expect(finishedLine(app)).toBe(t('rollout.progress.finished', { summary: t('rollout.progress.invited', { count: 3, total: 3 }) }));
    const status = await command(app, 'status');
    const card = textOf(status[0]);
    expect(card).toContain(t('rollout.status.registered.perUser', { count: 1, checked: 3, total: 3 }));
    // One look-up per member, and the report asked once (at the listing): the tenant has no licence, so "status" does not ask again.
    expect(graph.requestsTo(/\/authentication\/microsoftAuthenticatorMethods$/)).toHaveLength(3);
    expect(graph.requestsTo(/userRegistrationDetails$/)).toHaveLength(1);
  });

  it('reports a group Graph does not know, and refuses without a group, with a wrong id, to a non-member, and without Graph', async () => {
    const { app } = await setUp(graph, 1);
    await command(app, 'uitrol 0f0e0d0c-0000-4000-8000-00000000ffff');
    await waitUntil(() => threadTexts(app).includes(t('rollout.failure.groupNotFound')), () => threadTexts(app).join('\n'), 10_000);
    expect((await command(app, 'uitrol')).map((reply) => reply.text)).toEqual([t('rollout.command.noGroup')]);
    expect((await command(app, 'uitrol alle-medewerkers')).map((reply) => reply.text)).toEqual([t('rollout.command.invalidGroup')]);
    const outsider = { id: '29:outsider', name: 'Buiten Staander', aadObjectId: 'aad-outsider' };
    const refused = await inThread(app, { text: `<at>2FA Servicedesk</at> uitrol ${groupId}` }, outsider);
    expect(refused.map((reply) => reply.text)).toEqual([t('rollout.command.notServicedesk')]);
    expect(graph.requestsTo(/transitiveMembers/)).toHaveLength(1);

    const withoutGraph = await startTestApp();
    await withoutGraph.registerChannel();
    const off = await withoutGraph.post(withoutGraph.inChannel(servicedesk.agent, threadId, { type: 'message', text: `<at>2FA Servicedesk</at> uitrol ${groupId}`, entities: [mention] }));
    expect(off.map((reply) => reply.text)).toEqual([t('rollout.command.graphOff')]);
  });

  it('takes the commands only with the bot @mentioned: an everyday "status?" or "herinneren" in a thread stays a message', async () => {
    const { app } = await setUp(graph, 1);
    for (const text of ['Status?', 'herinneren', `uitrol ${groupId}`]) {
      expect(await app.post(app.inChannel(servicedesk.agent, threadId, { type: 'message', text }))).toEqual([]);
    }
    expect(graph.requestsTo(/transitiveMembers|userRegistrationDetails/)).toHaveLength(0);
  });
});
