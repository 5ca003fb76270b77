import type { Activity } from 'botbuilder';
import { escapeMarkdown } from '../../src/cards/markdown';
import { last, startTestApp, translate } from '../helpers/appHarness';
import { actionsOf, stepOf } from '../helpers/cardText';
import { FakeGraph } from '../helpers/fakeGraph';

/**
 * Confirming Step 2 end to end: activities posted to /api/messages as Teams posts them, replies caught by the fake Bot
 * Connector, and the bot's Graph layer (configured as an operator would, with the loopback-only fake token) asking
 * a fake Microsoft Graph on 127.0.0.1 over HTTP.
 */
const userId = '8f2b0c2e-0000-0000-0000-000000000002'; // the aadObjectId test/helpers/teamsActivity.ts gives every test user
const methodsPath = new RegExp(`/users/${userId}/authentication/microsoftAuthenticatorMethods$`);
const t = translate('nl');
const texts = (replies: Partial<Activity>[]) => replies.filter((reply) => reply.text).map((reply) => reply.text);

describe('Step 2 confirmed with Microsoft Graph, through the HTTP path', () => {
  let graph: FakeGraph;
  beforeEach(async () => (graph = await new FakeGraph().start()));
  afterEach(() => graph.stop());

  const startWithGraph = () => startTestApp({ env: { GRAPH_BASE_URL: graph.baseUrl, GRAPH_CREDENTIAL: 'local-fake-token' } });

  it('names the device Graph lists, with the bearer token, and goes on to Step 3', async () => {
    graph.addUser({ id: userId, authenticatorMethods: [{ displayName: 'iPhone van Jan', createdDateTime: '2026-12-01T08:00:00Z' }] });
    const app = await startWithGraph();
    const user = app.user('nl-NL');
    const replies = await user.press(await user.walkTo('mfasetup.finish'), 'next');
    expect(texts(replies)).toEqual([t('authenticator.registered.named', { devices: `*${escapeMarkdown('iPhone van Jan')}*`, count: 1 })]);
    expect(stepOf(last(replies))).toBe('forticlient.openVpn');
    const asked = graph.requestsTo(methodsPath);
    expect(asked).toHaveLength(1);
    expect(asked[0].token).toBeTruthy();
    expect(app.log()).not.toContain('iPhone');
  });

  it('says so when Graph lists none, and "Nog eens controleren" asks Graph again once the user registered', async () => {
    graph.addUser({ id: userId, authenticatorMethods: [] });
    const app = await startWithGraph();
    const user = app.user('nl-NL');
    const missing = await user.press(await user.walkTo('mfasetup.finish'), 'next');
    const card = missing.find((reply) => actionsOf(reply).some((action) => action.data.action === 'checkAuthenticator'));
    expect(card).toBeDefined();
    expect(stepOf(last(missing))).toBe('mfasetup.finish');

    graph.addUser({ id: userId, authenticatorMethods: [{ displayName: 'Galaxy van Jan' }] });
    const again = await user.press(card, 'checkAuthenticator');
    expect(texts(again)).toEqual([t('authenticator.registered.named', { devices: `*${escapeMarkdown('Galaxy van Jan')}*`, count: 1 })]);
    expect(stepOf(last(again))).toBe('forticlient.openVpn');
    expect(graph.requestsTo(methodsPath)).toHaveLength(2);
  });

  it.each([
    ['503, then 503 again', { kind: 'status', status: 503 } as const],
    ['429 with a Retry-After far beyond the turn', { kind: 'status', status: 429, retryAfter: '30' } as const],
    ['403 (no permission)', { kind: 'status', status: 403 } as const],
  ])('trusts the user and goes on when Graph answers %s', async (_name, fault) => {
    graph.addUser({ id: userId, authenticatorMethods: [] });
    graph.fail(methodsPath, fault, 10);
    const app = await startWithGraph();
    const user = app.user('nl-NL');
    const replies = await user.press(await user.walkTo('mfasetup.finish'), 'next');
    expect(stepOf(last(replies))).toBe('forticlient.openVpn');
    expect(texts(replies)).toEqual([]);
    expect(graph.requestsTo(methodsPath).length).toBeLessThanOrEqual(2);
  });

  it('trusts the user within a few seconds when Graph hangs', async () => {
    graph.addUser({ id: userId, authenticatorMethods: [] });
    graph.fail(methodsPath, { kind: 'hang' }, 10);
    const app = await startWithGraph();
    const user = app.user('nl-NL');
    const card = await user.walkTo('mfasetup.finish');
    const started = Date.now();
    const replies = await user.press(card, 'next');
    // A bound, not a speed: well before Teams sends the activity again (about 15 s).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stepOf(last(replies))).toBe('forticlient.openVpn');
  });
});
