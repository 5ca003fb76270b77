import type { Activity, TeamsChannelAccount } from 'botbuilder';
import { escapeMarkdown } from '../../src/cards/markdown';
import { graphOff, type DirectoryUser, type UserDirectory, type UserLookUp } from '../../src/graph/directory';
import type { Language } from '../../src/i18n/language';
import { firstNameOf, maxFirstNameLength } from '../../src/state/knownUser';
import { last, servicedesk, startTestApp, translate, type ChatUser, type TestApp } from '../helpers/appHarness';
import { actionsOf, textOf } from '../helpers/cardText';

jest.setTimeout(30000);

/** The aadObjectId test/helpers/teamsActivity.ts gives every test user. */
const userId = '8f2b0c2e-0000-0000-0000-000000000002';
const domain = 'central.zorgring.nl';
const signIn = 'mfasetup.signIn';
const minute = 60 * 1000;
const day = 24 * 60 * minute;

/** A clock the test moves; the app's `now`. */
function clock() {
  let at = Date.parse('2026-12-07T09:00:00.000Z');
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

type Answer = UserLookUp | Error | 'hang';

/** A Graph directory written for the test: answers `answers` in turn (the last one again when they run out) and records each question. */
function fakeDirectory(...answers: Answer[]) {
  const asked: string[] = [];
  const directory: UserDirectory = {
    enabled: true,
    user: async (id) => {
      asked.push(id);
      const answer = answers.length > 1 ? answers.shift()! : answers[0];
      if (answer === 'hang') return new Promise<never>(() => undefined);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    authenticator: async () => ({ kind: 'unavailable', reason: 'off' }),
    forget: async () => undefined,
  };
  return { directory, asked };
}

const found = (fields: Omit<DirectoryUser, 'id'>): UserLookUp => ({ kind: 'found', user: { id: userId, ...fields } });

/** The welcome among the replies: the card with the start button. */
const welcomeOf = (replies: Partial<Activity>[]) => replies.find((reply) => actionsOf(reply).some((action) => action.data.action === 'start'));
const titleOf = (card: Partial<Activity> | undefined) => (card?.attachments?.[0]?.content as { body: Array<{ text?: string }> }).body[0].text;

/** Teams' member record for this chat's user, with the fields given (none: Teams does not know the member). */
function member(app: TestApp, user: ChatUser, fields?: Partial<TeamsChannelAccount>): void {
  const members = app.connector.members.get(user.conversationId)!;
  if (fields) members.set(user.teams.userId, { id: user.teams.userId, name: 'Jan Jansen', ...fields });
  else members.delete(user.teams.userId);
}

/** A turn without any locale, as Teams sends some events and some clients send messages. */
const noLocale = { locale: undefined, entities: [] } as Partial<Activity>;

describe.each([
  ['nl-NL', 'nl'],
  ['en-US', 'en'],
] as const)('knowing the user in %s', (locale, language: Language) => {
  const t = translate(language);

  it('greets by the first name Graph gives, asks Graph once, and never logs the name', async () => {
    const { directory, asked } = fakeDirectory(found({ givenName: 'Marieke' }));
    const app = await startTestApp({ directory, env: { LOG_LEVEL: 'debug' } });
    const user = app.user(locale);
    const replies = await user.send('hallo');
    expect(titleOf(welcomeOf(replies))).toBe(t('welcome.titleNamed', { name: 'Marieke' }));
    expect(asked).toEqual([userId]);

    await user.send('hallo');
    await user.send('start');
    expect(asked).toHaveLength(1);
    expect(app.log()).not.toContain('Marieke');
    expect(app.missingTranslations()).toEqual([]);
  });

  it('says "Hoi Marieke!" to a greeting in the guide, and names her on the card to go on', async () => {
    const { directory } = fakeDirectory(found({ givenName: 'Marieke' }));
    const app = await startTestApp({ directory });
    const user = app.user(locale);
    await user.walkTo('authenticator.installApp');
    const greeted = await user.send('hallo');
    expect(greeted[0].text).toBe(t('messages.greetingNamed', { name: 'Marieke' }));

    await user.send('stop');
    const resumed = last(await user.send('start'));
    expect(textOf(resumed)).toContain(t('resume.questionNamed', { name: 'Marieke', where: t('progress.resumeManualStep', { step: 1 }) }));
  });

  it('puts no name into the card everyone shares: each user sees their own, a user Graph names not sees the plain welcome', async () => {
    const marieke = fakeDirectory(found({ givenName: 'Marieke' }));
    const app = await startTestApp({ directory: marieke.directory });
    expect(titleOf(welcomeOf(await app.user(locale).send('hallo')))).toBe(t('welcome.titleNamed', { name: 'Marieke' }));
    // The same app's cards, now for users Graph knows by another name and by none.
    marieke.directory.user = async () => found({ givenName: 'Piet' });
    expect(titleOf(welcomeOf(await app.user(locale).send('hallo')))).toBe(t('welcome.titleNamed', { name: 'Piet' }));
    marieke.directory.user = async () => found({});
    const plain = welcomeOf(await app.user(locale).send('hallo'));
    expect(titleOf(plain)).toBe(t('welcome.title'));
    expect(JSON.stringify(plain)).not.toMatch(/Marieke|Piet/);
  });

  it.each([
    ['markdown and a link', '**Jan** [klik](https://evil.example)', escapeMarkdown('**Jan** [klik](https://evil.example)')],
    ['template and translation syntax', '${title} {{upn}} $t(welcome.title)', escapeMarkdown('${title} {{upn}} $t(welcome.title)')],
    ['line breaks, bidi and invisible characters', 'Jan\n\u202Enaj\u2063name\u2063\u200B', 'Jan naj name'],
    ['a name far too long', 'Maria'.repeat(50), 'Maria'.repeat(8)],
  ])('shows a hostile first name (%s) as plain, short text', async (_case, givenName, shown) => {
    const { directory } = fakeDirectory(found({ givenName }));
    const app = await startTestApp({ directory });
    const welcome = welcomeOf(await app.user(locale).send('hallo'));
    expect(titleOf(welcome)).toBe(t('welcome.titleNamed', { name: shown }));
    expect(JSON.stringify(welcome)).not.toContain('https://evil');
    expect(JSON.stringify(welcome)).not.toContain('\u2063');
  });

  it('greets as today when Graph is off, fails, rejects or knows no first name, and asks a failed look-up again only after a minute', async () => {
    const time = clock();
    const { directory, asked } = fakeDirectory({ kind: 'unavailable', reason: 'throttled' }, new Error('socket hang up'), found({ givenName: 'Marieke' }));
    const app = await startTestApp({ directory, now: time.now });
    const user = app.user(locale);
    expect(titleOf(welcomeOf(await user.send('hallo')))).toBe(t('welcome.title'));
    expect(titleOf(welcomeOf(await user.send('hallo')))).toBe(t('welcome.title'));
    expect(asked).toHaveLength(1);

    time.advance(minute + 1);
    expect(titleOf(welcomeOf(await user.send('hallo')))).toBe(t('welcome.title'));
    expect(asked).toHaveLength(2);
    time.advance(minute + 1);
    expect(titleOf(welcomeOf(await user.send('hallo')))).toBe(t('welcome.titleNamed', { name: 'Marieke' }));
    expect(asked).toHaveLength(3);
    expect(app.log()).not.toContain('socket hang up');
  });

  it('asks Graph again a day after it answered, and a new first name replaces the old', async () => {
    const time = clock();
    const { directory, asked } = fakeDirectory(found({ givenName: 'Marieke' }), found({ givenName: 'Mariëlle' }));
    const app = await startTestApp({ directory, now: time.now });
    const user = app.user(locale);
    await user.send('hallo');
    time.advance(day - minute);
    expect(titleOf(welcomeOf(await user.send('hallo')))).toBe(t('welcome.titleNamed', { name: 'Marieke' }));
    expect(asked).toHaveLength(1);
    time.advance(2 * minute);
    expect(titleOf(welcomeOf(await user.send('hallo')))).toBe(t('welcome.titleNamed', { name: 'Mariëlle' }));
    expect(asked).toHaveLength(2);
  });

  it('answers within the directory\'s deadline when Graph hangs', async () => {
    const { directory } = fakeDirectory('hang');
    const app = await startTestApp({ directory });
    const started = Date.now();
    const replies = await app.user(locale).send('hallo');
    // The default deadline (GRAPH_TIMEOUT_MS) is 3 s: a bound well before Teams sends the activity again (about 15 s).
    expect(Date.now() - started).toBeLessThan(6000);
    expect(titleOf(welcomeOf(replies))).toBe(t('welcome.title'));
  });

  it('uses the UPN Graph gives when Teams gives none, only in the organisation\'s domain; Teams\' wins when both do', async () => {
    const app = await startTestApp({ directory: fakeDirectory(found({ userPrincipalName: `m.bakker@${domain}` })).directory });
    const fromGraph = app.user(locale);
    member(app, fromGraph, {});
    expect(textOf(await fromGraph.walkTo(signIn))).toContain(`**m.bakker@${domain}**`);

    const both = app.user(locale);
    member(app, both, { userPrincipalName: `j.jansen@${domain}` });
    const card = textOf(await both.walkTo(signIn));
    expect(card).toContain(`**j.jansen@${domain}**`);
    expect(card).not.toContain('m.bakker');

    const outside = await startTestApp({ directory: fakeDirectory(found({ userPrincipalName: `m.bakker@evil-${domain}` })).directory });
    const stranger = outside.user(locale);
    member(outside, stranger, {});
    const plain = textOf(await stranger.walkTo(signIn));
    expect(plain).toContain(t('organisation.upnExample', { domain }));
    expect(plain).not.toContain('m.bakker');
  });
});

describe('the preferred language Graph gives', () => {
  const nl = translate('nl');
  const en = translate('en');

  it('chooses the welcome\'s language on an install event without a locale, and greets by first name there too', async () => {
    const { directory, asked } = fakeDirectory(found({ givenName: 'Mary', preferredLanguage: 'en-GB' }));
    const app = await startTestApp({ directory });
    const installed = await app.user('nl-NL').send({ type: 'installationUpdate', action: 'add', ...noLocale });
    expect(titleOf(installed[0])).toBe(en('welcome.titleNamed', { name: 'Mary' }));
    expect(asked).toEqual([userId]);
  });

  it('is used only when Teams gives no locale and the user chose none', async () => {
    const app = await startTestApp({ directory: fakeDirectory(found({ preferredLanguage: 'en-US' })).directory });
    // Teams' locale wins.
    expect(titleOf(welcomeOf(await app.user('nl-NL').send('hallo')))).toBe(nl('welcome.title'));
    // No locale at all: Graph's.
    const withoutLocale = app.user('nl-NL', noLocale);
    expect(titleOf(welcomeOf(await withoutLocale.send('hallo')))).toBe(en('welcome.title'));
    // The user's own choice wins over it.
    await withoutLocale.send('Nederlands');
    expect(titleOf(welcomeOf(await withoutLocale.send('hallo')))).toBe(nl('welcome.title'));
  });

  it('is not asked for, nor is anything kept, with Graph off', async () => {
    const app = await startTestApp({ directory: graphOff });
    const user = app.user('nl-NL', noLocale);
    expect(titleOf(welcomeOf(await user.send('hallo')))).toBe(nl('welcome.title'));
    expect(app.stored()).not.toContain('directoryCheckAfter');
  });

  it('ignores a language the bot does not speak', async () => {
    const app = await startTestApp({ directory: fakeDirectory(found({ preferredLanguage: 'de-DE' })).directory });
    expect(titleOf(welcomeOf(await app.user('nl-NL', noLocale).send('hallo')))).toBe(nl('welcome.title'));
  });
});

describe('outside a personal chat', () => {
  it('asks Graph nothing about a member of the servicedesk channel', async () => {
    const { directory, asked } = fakeDirectory(found({ givenName: 'Piet', preferredLanguage: 'en-US' }));
    const app = await startTestApp({ directory });
    await app.registerChannel();
    await app.post(app.inChannel(servicedesk.agent, servicedesk.channelId, { type: 'message', text: 'help', ...noLocale }));
    expect(asked).toEqual([]);
  });
});

describe('firstNameOf', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['  \u200B\n ', undefined],
    ['  Jan  Willem ', 'Jan Willem'],
    ['Zoë', 'Zoë'],
  ])('%j → %j', (given, name) => expect(firstNameOf(given)).toBe(name));

  it('cuts to a sane length, never inside a surrogate pair', () => {
    const name = firstNameOf('😀'.repeat(100))!;
    expect(Array.from(name)).toHaveLength(maxFirstNameLength);
    expect(name).toBe('😀'.repeat(maxFirstNameLength));
  });
});
