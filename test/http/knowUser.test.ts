import type { Activity, TeamsChannelAccount } from 'botbuilder';
import { last, startTestApp, translate, type ChatUser, type TestApp } from '../helpers/appHarness';
import { actionsOf, textOf } from '../helpers/cardText';
import { FakeGraph, type GraphFault } from '../helpers/fakeGraph';

jest.setTimeout(30000);

/**
 * Knowing the user end to end: activities posted to /api/messages as Teams posts them, replies caught by the fake Bot
 * Connector, and the bot's Graph layer (configured as an operator would, with the loopback-only fake token) asking a
 * fake Microsoft Graph on 127.0.0.1 for the user's first name, UPN and preferred language.
 */
const userId = '8f2b0c2e-0000-0000-0000-000000000002'; // the aadObjectId test/helpers/teamsActivity.ts gives every test user
const userPath = new RegExp(`^/users/${userId}$`);
const domain = 'central.zorgring.nl';
const nl = translate('nl');
const en = translate('en');

/** A turn without any locale, as Teams sends some events and some clients send messages. */
const noLocale = { locale: undefined, entities: [] } as Partial<Activity>;
const welcomeOf = (replies: Partial<Activity>[]) => replies.find((reply) => actionsOf(reply).some((action) => action.data.action === 'start'));
const titleOf = (card: Partial<Activity> | undefined) => (card?.attachments?.[0]?.content as { body: Array<{ text?: string }> }).body[0].text;

/** Teams' member record for this chat's user, without a UPN: Graph is the UPN's only source. */
function memberWithoutUpn(app: TestApp, user: ChatUser): void {
  app.connector.members.get(user.conversationId)!.set(user.teams.userId, { id: user.teams.userId, name: 'Jan Jansen' } satisfies Partial<TeamsChannelAccount>);
}

describe('knowing the user with Microsoft Graph, through the HTTP path', () => {
  let graph: FakeGraph;
  beforeEach(async () => (graph = await new FakeGraph().start()));
  afterEach(() => graph.stop());

  const startWithGraph = () => startTestApp({ env: { GRAPH_BASE_URL: graph.baseUrl, GRAPH_CREDENTIAL: 'local-fake-token', LOG_LEVEL: 'debug' } });

  it('forgets what Graph said about the user with the rest on "verwijder mijn gegevens"', async () => {
    graph.addUser({ id: userId, givenName: 'Marieke', userPrincipalName: `m.bakker@${domain}` });
    const app = await startWithGraph();
    const user = app.user('nl-NL');
    await user.send('hallo');
    expect(app.stored()).toContain('Marieke');
    await user.send('verwijder mijn gegevens');
    await user.send('ja, verwijder');
    expect(app.stored()).not.toContain('Marieke');
    expect(app.stored()).not.toContain('m.bakker');
  });

  it('greets by first name in the preferred language, names the UPN at the sign-in step, and asks Graph once', async () => {
    graph.addUser({ id: userId, givenName: 'Marieke', userPrincipalName: `m.bakker@${domain}`, preferredLanguage: 'en-US' });
    const app = await startWithGraph();
    const user = app.user('nl-NL', noLocale);
    memberWithoutUpn(app, user);

    const welcome = welcomeOf(await user.send('hello'));
    expect(titleOf(welcome)).toBe(en('welcome.titleNamed', { name: 'Marieke' }));
    expect(textOf(await user.walkTo('mfasetup.signIn'))).toContain(`**m.bakker@${domain}**`);

    const asked = graph.requestsTo(userPath);
    expect(asked).toHaveLength(1);
    expect(asked[0].token).toBeTruthy();
    expect(asked[0].query.get('$select')?.split(',')).toEqual(expect.arrayContaining(['givenName', 'userPrincipalName', 'preferredLanguage']));
    expect(app.log()).not.toMatch(/Marieke|m\.bakker/);
  });

  it('keeps Teams\' locale and UPN first: Graph adds only the first name', async () => {
    graph.addUser({ id: userId, givenName: 'Marieke', userPrincipalName: `m.bakker@${domain}`, preferredLanguage: 'en-US' });
    const app = await startWithGraph();
    const user = app.user('nl-NL');
    expect(titleOf(welcomeOf(await user.send('hallo')))).toBe(nl('welcome.titleNamed', { name: 'Marieke' }));
    const signIn = textOf(await user.walkTo('mfasetup.signIn'));
    expect(signIn).toMatch(new RegExp(`\\*\\*jan\\.jansen\\d+@${domain.replaceAll('.', '\\.')}\\*\\*`));
    expect(signIn).not.toContain('m.bakker');
  });

  it.each([
    ['503', { kind: 'status', status: 503 }],
    ['429 with a Retry-After far beyond the turn', { kind: 'status', status: 429, retryAfter: '30' }],
    ['403 (no permission)', { kind: 'status', status: 403 }],
    ['404 (no such user)', { kind: 'status', status: 404 }],
    ['a hang', { kind: 'hang' }],
  ] as Array<[string, GraphFault]>)('greets as without Graph, in time, when Graph answers the look-up with %s', async (_name, fault) => {
    graph.addUser({ id: userId, givenName: 'Marieke', preferredLanguage: 'en-US' });
    graph.fail(userPath, fault, 10);
    const app = await startWithGraph();
    const user = app.user('nl-NL', noLocale);
    const started = Date.now();
    const replies = await user.send('hallo');
    // A bound, not a speed: well before Teams sends the activity again (about 15 s).
    expect(Date.now() - started).toBeLessThan(8000);
    expect(titleOf(welcomeOf(replies))).toBe(nl('welcome.title'));
    // Not asked again on the next turn (a minute for a failure, a day for an answer).
    const before = graph.requestsTo(userPath).length;
    expect(titleOf(last(await user.send('hallo')))).toBe(nl('welcome.title'));
    expect(graph.requestsTo(userPath)).toHaveLength(before);
  });
});
