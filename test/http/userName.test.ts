import type { Activity, TeamsChannelAccount } from 'botbuilder';
import { textOf } from '../helpers/cardText';
import { knowledge, last, startTestApp, translate, type ChatUser, type TestApp } from '../helpers/appHarness';
import type { FaultKind, ReceivedRequest } from '../helpers/fakeConnector';
import { waitUntil } from '../helpers/waitUntil';
import type { Language } from '../../src/i18n/language';

jest.setTimeout(30000);

// Through /api/messages and the fake Bot Connector: the bot asks Teams for the member record
// (GET /v3/conversations/{id}/members/{userId}) and shows its userPrincipalName on the sign-in card.

const domain = 'central.zorgring.nl';
const signIn = 'mfasetup.signIn';
const example = (language: Language) => translate(language)('organisation.upnExample', { domain });

/** A clock the test moves; the app's `now`. */
function clock() {
  let at = Date.parse('2026-12-07T09:00:00.000Z');
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

/** Teams' member record for this chat's user, with the fields given (none: Teams does not know the member). */
function member(app: TestApp, user: ChatUser, fields?: Partial<TeamsChannelAccount>): void {
  const members = app.connector.members.get(user.conversationId)!;
  if (fields) members.set(user.teams.userId, { id: user.teams.userId, name: 'Jan Jansen', ...fields });
  else members.delete(user.teams.userId);
}

const isLookUp = (user: ChatUser) => (request: ReceivedRequest) =>
  request.method === 'GET' && request.conversationId === user.conversationId && request.path.includes('/members/');
const lookUps = (app: TestApp, user: ChatUser) => app.connector.requests.filter(isLookUp(user));

describe.each([
  ['nl-NL', 'nl'],
  ['en-US', 'en'],
] as const)('the username at the sign-in step in %s', (locale, language) => {
  it('is the user\'s own UPN, in bold, when Teams gives one in the domain; asked once, and never logged', async () => {
    const app = await startTestApp({ env: { LOG_LEVEL: 'debug' } });
    const user = app.user(locale);
    member(app, user, { userPrincipalName: 'Jan.deVries@Central.Zorgring.nl' });
    const card = await user.walkTo(signIn);
    expect(textOf(card)).toContain('**Jan.deVries@Central.Zorgring.nl**');
    expect(textOf(card)).not.toContain(example(language));
    expect(lookUps(app, user)).toHaveLength(1);
    expect(app.log().toLowerCase()).not.toContain('jan.devries');
  });

  it('is named on the consent card, with the language, before anything goes to the servicedesk', async () => {
    const app = await startTestApp();
    const user = app.user(locale);
    const t = translate(language);
    member(app, user, { userPrincipalName: `j.jansen@${domain}` });
    await user.walkTo(signIn);
    await user.send({ value: { action: 'servicedesk' } });
    await user.send({ value: { action: 'handoff', choice: 'confirm' } });
    const consent = last(await user.send({ value: { action: 'handoff', choice: 'skip' } }));
    expect(textOf(consent)).toContain(`${t('handoff.consent.username')}: j.jansen@${domain}`);
    expect(textOf(consent)).toContain(`${t('handoff.consent.language')}: ${t('handoff.consent.languageName')}`);
  });

  it('is the user\'s own in a knowledge-base answer too', async () => {
    const app = await startTestApp();
    const user = app.user(locale);
    member(app, user, { userPrincipalName: `j.jansen@${domain}` });
    const answer = last(await user.send(language === 'nl' ? 'wat is mijn upn' : "what's my upn"));
    expect(textOf(answer)).toContain(knowledge().get('prereq_gebruikersnaam')!.title[language]);
    expect(textOf(answer)).toContain(`**j.jansen@${domain}**`);
  });

  it.each([
    ['outside the domain', { userPrincipalName: `jan.devries@${domain}.evil.com` }],
    ['in a look-alike domain', { userPrincipalName: `jan.devries@evil-${domain}` }],
    ['missing from the record', {}],
    ['not given: Teams does not know the member', undefined],
  ])('is a worked example when the UPN is %s', async (_case, fields) => {
    const app = await startTestApp();
    const user = app.user(locale);
    member(app, user, fields);
    const card = await user.walkTo(signIn);
    expect(textOf(card)).toContain(example(language));
    expect(textOf(card)).not.toMatch(/jan\.devries/i);
    expect(app.stored()).not.toMatch(/jan\.devries/i);
  });
});

describe('the UPN look-up', () => {
  // The connector gives up on the hung attempt after 2.5 s and its retry is answered: nothing hangs after the test.
  it.each<[string, FaultKind, number]>([
    ['hangs', { kind: 'hang' }, 1],
    ['gets 500', { kind: 'status', status: 500 }, 4],
  ])('that %s holds the turn no longer than two seconds: the card shows the example', async (_case, fault, times) => {
    const app = await startTestApp({ env: { CONNECTOR_TIMEOUT_MS: '2500' } });
    const user = app.user('nl-NL');
    member(app, user, { userPrincipalName: `j.jansen@${domain}` });
    app.connector.injectFault(fault, { times, match: isLookUp(user) });
    const started = Date.now();
    const replies = await user.send('hallo');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(replies.length).toBeGreaterThan(0);
    const card = await user.walkTo(signIn);
    expect(textOf(card)).toContain(example('nl'));
    expect(app.log()).toContain('"message":"user name look-up failed"');
  });

  it('is tried again a minute after it failed, not on every turn, and then shows the own UPN', async () => {
    const time = clock();
    const app = await startTestApp({ now: time.now });
    const user = app.user('nl-NL');
    member(app, user, { userPrincipalName: `j.jansen@${domain}` });
    // Four 500s: the connector's every attempt of the first look-up fails.
    app.connector.injectFault({ kind: 'status', status: 500 }, { times: 4, match: isLookUp(user) });
    const card = await user.walkTo(signIn);
    expect(textOf(card)).toContain(example('nl'));
    await waitUntil(() => lookUps(app, user).length === 4, 'the first look-up has made its four attempts', 10000);

    time.advance(61_000);
    const back = last(await user.press(card, 'back'));
    const again = last(await user.press(back, 'next'));
    expect(textOf(again)).toContain(`**j.jansen@${domain}**`);
    expect(lookUps(app, user)).toHaveLength(5);
  });

  it('asks Teams again a day later, and drops a UPN Teams no longer gives', async () => {
    const time = clock();
    const app = await startTestApp({ now: time.now });
    const user = app.user('nl-NL');
    member(app, user, { userPrincipalName: `j.jansen@${domain}` });
    const card = await user.walkTo(signIn);
    expect(textOf(card)).toContain(`**j.jansen@${domain}**`);

    member(app, user, { userPrincipalName: `j.jansen@other.example` });
    time.advance(23 * 60 * 60 * 1000);
    const back = last(await user.press(card, 'back'));
    expect(textOf(last(await user.press(back, 'next')))).toContain(`**j.jansen@${domain}**`);
    expect(lookUps(app, user)).toHaveLength(1);

    time.advance(60 * 60 * 1000);
    const back2 = last(await user.press(card, 'back'));
    expect(textOf(last(await user.press(back2, 'next')))).toContain(example('nl'));
    expect(lookUps(app, user)).toHaveLength(2);
    expect(app.stored()).not.toContain('j.jansen@');
  });

  it('trusts neither what the user types nor a UPN in the activity itself', async () => {
    const app = await startTestApp();
    const user = app.user('nl-NL');
    member(app, user, {});
    const forged = `baas@${domain}`;
    const from = { id: user.teams.userId, name: 'Jan Jansen', aadObjectId: 'aad-forged', userPrincipalName: forged } as Activity['from'];
    await user.send({ text: `mijn gebruikersnaam is ${forged}`, from });
    const card = await user.walkTo(signIn);
    expect(textOf(card)).toContain(example('nl'));
    expect(textOf(card)).not.toContain(`**${forged}**`);
  });

  it('is deleted with the profile by "verwijder mijn gegevens"', async () => {
    const app = await startTestApp();
    const user = app.user('nl-NL');
    member(app, user, { userPrincipalName: `j.jansen@${domain}` });
    await user.walkTo(signIn);
    expect(app.stored()).toContain(`j.jansen@${domain}`);
    await user.send('verwijder mijn gegevens');
    expect(app.stored()).toContain(`j.jansen@${domain}`);
    await user.send('ja, verwijder');
    expect(app.stored()).not.toContain(`j.jansen@${domain}`);
  });

  it('is not made in a channel or a group chat', async () => {
    const app = await startTestApp();
    const user = app.user('nl-NL');
    await user.send({ text: 'help', conversation: { id: user.conversationId, conversationType: 'groupChat', isGroup: true, name: '' } } as Partial<Activity>);
    expect(lookUps(app, user)).toHaveLength(0);
  });
});
