import type { Activity } from 'botbuilder';
import { authenticatorMissingCauses } from '../../src/cards/guideCards';
import { escapeMarkdown } from '../../src/cards/markdown';
import type { AuthenticatorCheck, UserDirectory } from '../../src/graph/directory';
import type { Language } from '../../src/i18n/language';
import { knowledge, last, startTestApp, translate, type ChatUser, type TestApp } from '../helpers/appHarness';
import { actionsOf, findAction, stepOf, textOf } from '../helpers/cardText';
import { testCards } from '../helpers/testCards';

/** Monday 10:00 in Amsterdam: the servicedesk of the test configuration is open. */
const mondayMorning = () => new Date('2026-11-23T09:00:00Z');
const finish = 'mfasetup.finish';
const stepThree = 'forticlient.openVpn';

/** A Graph directory written for the test: answers `answers` in turn (the last one again when they run out) and records each question. */
function fakeDirectory(...answers: Array<AuthenticatorCheck | Error>) {
  const asked: Array<{ id: string; fresh: boolean }> = [];
  const directory: UserDirectory = {
    enabled: true,
    user: async () => ({ kind: 'unavailable', reason: 'off' }),
    authenticator: async (id, options) => {
      asked.push({ id, fresh: options?.fresh === true });
      const answer = answers.length > 1 ? answers.shift()! : answers[0];
      if (answer instanceof Error) throw answer;
      return answer;
    },
    forget: async () => undefined,
  };
  return { directory, asked };
}

const registered = (...names: string[]): AuthenticatorCheck => ({ kind: 'registered', devices: names.map((displayName) => ({ displayName })) });
const none: AuthenticatorCheck = { kind: 'none' };

const texts = (replies: Partial<Activity>[]) => replies.filter((reply) => reply.text).map((reply) => reply.text);
const missingCardOf = (replies: Partial<Activity>[]) => replies.find((reply) => actionsOf(reply).some((action) => action.data.action === 'checkAuthenticator'));

async function atFinish(bot: TestApp, locale: string): Promise<{ user: ChatUser; card: Partial<Activity> }> {
  const user = bot.user(locale);
  return { user, card: await user.walkTo(finish) };
}

describe.each([
  ['nl-NL', 'nl'],
  ['en-US', 'en'],
] as const)('confirming Step 2 with Microsoft Graph in %s', (locale, language: Language) => {
  const t = translate(language);

  it('names the registered device (escaped for markdown) and goes on to Step 3', async () => {
    const { directory, asked } = fakeDirectory(registered('iPhone van *Jan*'));
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, locale);
    expect(asked).toEqual([]);

    const replies = await user.press(card, 'next');
    expect(texts(replies)).toEqual([t('authenticator.registered.named', { devices: `*${escapeMarkdown('iPhone van *Jan*')}*`, count: 1 })]);
    expect(replies[0].text).toContain('iPhone van \\*Jan\\*');
    expect(stepOf(last(replies))).toBe(stepThree);
    expect(asked).toEqual([{ id: '8f2b0c2e-0000-0000-0000-000000000002', fresh: true }]);
    expect(bot.log()).not.toContain('iPhone');
    expect(bot.missingTranslations()).toEqual([]);
  });

  it('names several devices in one sentence', async () => {
    const { directory } = fakeDirectory(registered('iPhone van Jan', 'Pixel 8'));
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, locale);
    const [message] = texts(await user.press(card, 'next'));
    const list = new Intl.ListFormat(language, { type: 'conjunction' }).format(['*iPhone van Jan*', '*Pixel 8*']);
    expect(message).toBe(t('authenticator.registered.named', { devices: list, count: 2 }));
  });

  it('without a registration: says so, offers the likely causes, the servicedesk and a way on, and stays at the end of Step 2', async () => {
    const { directory, asked } = fakeDirectory(none);
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, locale);

    const replies = await user.press(card, 'next');
    const missing = missingCardOf(replies);
    expect(textOf(missing)).toContain(t('authenticator.missing.heading'));
    expect(textOf(missing)).toContain(t('authenticator.missing.text'));
    expect(actionsOf(missing).filter((a) => a.data.action === 'answer').map((a) => [a.title, a.data.intent])).toEqual(
      authenticatorMissingCauses.map((id) => [knowledge().get(id)!.title[language], id]),
    );
    expect(findAction(missing, 'checkAuthenticator')).toEqual({ title: t('buttons.checkAuthenticator'), data: { action: 'checkAuthenticator', step: finish } });
    expect(findAction(missing, 'next')).toEqual({ title: t('buttons.goOnAnyway'), data: { action: 'next', step: finish, confirmed: true } });
    expect(findAction(missing, 'servicedesk').title).toBe(t('buttons.askServicedesk'));
    expect(textOf(missing)).toContain(bot.config.organisation.servicedesk.phone);
    expect(textOf(missing)).not.toMatch(/\{\{|\$\{/);
    expect(asked).toHaveLength(1);
    expect(bot.stored()).toContain('\\"authenticator\\":{\\"kind\\":\\"none\\"');

    // A cause opens its answer, as on the problems card; the guide stays where it was.
    const answer = last(await user.press(missing, 'answer'));
    expect(textOf(answer)).toContain(knowledge().get(authenticatorMissingCauses[0])!.title[language]);
    expect(textOf(last(await user.send('start')))).toContain(t('resume.question', { where: t('progress.resumeManualStep', { step: 2 }) }));
    expect(bot.missingTranslations()).toEqual([]);
  });

  it('"Nog eens controleren" asks Graph again, past its cache, and goes on once the registration is there', async () => {
    const { directory, asked } = fakeDirectory(none, none, registered('iPhone van Jan'));
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, locale);
    const missing = missingCardOf(await user.press(card, 'next'));

    const stillMissing = await user.press(missing, 'checkAuthenticator');
    expect(textOf(missingCardOf(stillMissing))).toContain(t('authenticator.missing.heading'));
    const found = await user.press(missingCardOf(stillMissing), 'checkAuthenticator');
    expect(texts(found)).toEqual([t('authenticator.registered.named', { devices: '*iPhone van Jan*', count: 1 })]);
    expect(stepOf(last(found))).toBe(stepThree);
    expect(asked.map((question) => question.fresh)).toEqual([true, true, true]);
  });

  it('"Nog eens controleren" under the servicedesk question: the question lapses and Graph is asked', async () => {
    const { directory, asked } = fakeDirectory(none, registered('Pixel 8'));
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, locale);
    const missing = missingCardOf(await user.press(card, 'next'));
    expect(textOf(last(await user.press(missing, 'servicedesk')))).toContain(t('handoff.ask.heading'));
    const replies = await user.press(missing, 'checkAuthenticator');
    expect(texts(replies)).toEqual([t('authenticator.registered.named', { devices: '*Pixel 8*', count: 1 })]);
    expect(stepOf(last(replies))).toBe(stepThree);
    expect(asked.map((question) => question.fresh)).toEqual([true, true]);
  });

  it('"Toch verder" goes on to Step 3 without asking Graph again', async () => {
    const { directory, asked } = fakeDirectory(none);
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, locale);
    const missing = missingCardOf(await user.press(card, 'next'));
    const replies = await user.press(missing, 'next');
    expect(texts(replies)).toEqual([]);
    expect(stepOf(last(replies))).toBe(stepThree);
    expect(asked).toHaveLength(1);
  });

  it.each<[string, AuthenticatorCheck | Error, string]>([
    ['throttled', { kind: 'unavailable', reason: 'throttled' }, 'throttled'],
    ['too slow', { kind: 'unavailable', reason: 'timeout' }, 'timeout'],
    ['forbidden', { kind: 'unavailable', reason: 'forbidden' }, 'forbidden'],
    ['failing', { kind: 'unavailable', reason: 'failed' }, 'failed'],
    ['breaking its promise and rejecting', new Error('socket hang up'), 'failed'],
  ])('trusts the user when Graph is %s: on to Step 3 as without Graph, the reason logged once', async (_name, answer, reason) => {
    const { directory } = fakeDirectory(answer);
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, locale);
    const replies = await user.press(card, 'next');
    expect(replies).toHaveLength(1);
    expect(stepOf(replies[0])).toBe(stepThree);
    const lines = bot.bot.lines.filter((line) => line.includes('authenticator not checked'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`"reason":"${reason}"`);
    expect(bot.log()).not.toContain('socket hang up');
  });

  it('trusts the user when Teams gives no Entra object id, without asking Graph', async () => {
    const { directory, asked } = fakeDirectory(none);
    const bot = await startTestApp({ directory });
    const user = bot.user(locale, { from: { id: '29:no-aad-user', name: 'Jan Jansen' } });
    const card = await user.walkTo(finish);
    expect(stepOf(last(await user.press(card, 'next')))).toBe(stepThree);
    expect(asked).toEqual([]);
    expect(bot.log()).toContain('"reason":"noUserId"');
  });

  it('with Graph off asks nothing, keeps nothing and goes on exactly as before', async () => {
    const bot = await startTestApp();
    const { user, card } = await atFinish(bot, locale);
    // A forged "Nog eens controleren" at the end of Step 2: no such card exists without Graph.
    const forgedHere = await user.send({ value: { action: 'checkAuthenticator', step: finish } });
    expect(texts(forgedHere)).toEqual([t('messages.staleButton')]);
    expect(stepOf(last(forgedHere))).toBe(finish);
    const replies = await user.press(card, 'next');
    expect(replies).toHaveLength(1);
    expect(stepOf(replies[0])).toBe(stepThree);
    expect(bot.log()).not.toContain('authenticator');
    expect(bot.stored()).not.toContain('\\"authenticator\\":');
    // A forged "Nog eens controleren" changes nothing either: the guide is at Step 3 now.
    const forged = await user.send({ value: { action: 'checkAuthenticator', step: finish } });
    expect(texts(forged)).toEqual([t('messages.staleButton')]);
    expect(stepOf(last(forged))).toBe(stepThree);
  });
});

describe.each([
  ['nl-NL', 'nl', 'nog eens controleren', 'toch verder'],
  ['en-US', 'en', 'check again', 'continue anyway'],
] as const)('typed answers on the "no Authenticator yet" card in %s', (locale, language, checkAgain, goOn) => {
  const t = translate(language);

  it(`"${checkAgain}" checks again and "${goOn}" goes on`, async () => {
    const { directory, asked } = fakeDirectory(none);
    const bot = await startTestApp({ directory });
    const { user } = await atFinish(bot, locale);
    expect(missingCardOf(await user.send(language === 'nl' ? 'gelukt' : 'done'))).toBeDefined();

    const again = await user.send(checkAgain);
    expect(textOf(missingCardOf(again))).toContain(t('authenticator.missing.heading'));
    expect(asked.map((question) => question.fresh)).toEqual([true, true]);

    const on = await user.send(goOn);
    expect(stepOf(last(on))).toBe(stepThree);
    expect(asked).toHaveLength(2);
  });

  it.each(language === 'nl' ? ['nu is het gelukt', 'kijk nog eens', 'ja'] : ['I did it', 'look again', 'yes'])('"%s" checks again', async (text) => {
    const { directory, asked } = fakeDirectory(none, registered('Pixel'));
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, locale);
    await user.press(card, 'next');
    expect(stepOf(last(await user.send(text)))).toBe(stepThree);
    expect(asked.map((question) => question.fresh)).toEqual([true, true]);
  });

  it.each(language === 'nl' ? ['verder', 'overslaan', 'ga toch verder'] : ['continue', 'skip', 'move on'])('"%s" goes on without Graph', async (text) => {
    const { directory, asked } = fakeDirectory(none);
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, locale);
    await user.press(card, 'next');
    expect(stepOf(last(await user.send(text)))).toBe(stepThree);
    expect(asked).toHaveLength(1);
  });
});

describe('a stale or forged "Nog eens controleren"', () => {
  const t = translate('nl');

  it('from a card the user has moved on from, is answered as a stale button and asks Graph nothing', async () => {
    const { directory, asked } = fakeDirectory(none);
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, 'nl-NL');
    const missing = missingCardOf(await user.press(card, 'next'));
    await user.press(missing, 'next');
    const stale = await user.press(missing, 'checkAuthenticator');
    expect(texts(stale)).toEqual([t('messages.staleButton')]);
    expect(stepOf(last(stale))).toBe(stepThree);
    expect(asked).toHaveLength(1);
  });

  it.each([
    ['without a step', { action: 'checkAuthenticator' }],
    ['for another step', { action: 'checkAuthenticator', step: 'mfasetup.scanQrCode' }],
    ['with a step of another shape', { action: 'checkAuthenticator', step: 'mfasetup.finish<script>' }],
  ])('%s, is a stale button', async (_name, value) => {
    const { directory, asked } = fakeDirectory(registered('iPhone'));
    const bot = await startTestApp({ directory });
    const { user } = await atFinish(bot, 'nl-NL');
    const replies = await user.send({ value });
    expect(texts(replies)).toEqual([t('messages.staleButton')]);
    expect(stepOf(last(replies))).toBe(finish);
    expect(asked).toEqual([]);
  });

  it('after the guide stopped, asks Graph nothing', async () => {
    const { directory, asked } = fakeDirectory(none);
    const bot = await startTestApp({ directory });
    const { user, card } = await atFinish(bot, 'nl-NL');
    const missing = missingCardOf(await user.press(card, 'next'));
    await user.send('stop');
    const replies = await user.press(missing, 'checkAuthenticator');
    expect(texts(replies)).toEqual([t('messages.staleOutsideFlow')]);
    expect(asked).toHaveLength(1);
  });
});

describe('the ticket card', () => {
  const agentT = translate('nl');
  const { ticketCards } = testCards();
  const at = mondayMorning().toISOString();

  async function ticketAfter(directory: UserDirectory | undefined, atStep: (user: ChatUser, card: Partial<Activity>) => Promise<void>) {
    const bot = await startTestApp({ now: mondayMorning, ...(directory ? { directory } : {}) });
    await bot.registerChannel();
    const { user, card } = await atFinish(bot, 'nl-NL');
    await atStep(user, card);
    await user.send('servicedesk');
    await user.send({ value: { action: 'handoff', choice: 'confirm' } });
    const consent = last(await user.send({ value: { action: 'handoff', choice: 'skip' } }));
    // What goes along is shown before the user agrees.
    if (directory) expect(textOf(consent)).toContain(`${agentT('handoff.consent.authenticator')}: `);
    else expect(textOf(consent)).not.toContain(`${agentT('handoff.consent.authenticator')}: `);
    await user.send({ value: { action: 'handoff', choice: 'consent' } });
    expect(bot.threads()).toHaveLength(1);
    return textOf(bot.threads()[0]);
  }

  it('says Graph found no Authenticator, and when it looked', async () => {
    const { directory } = fakeDirectory(none);
    const card = await ticketAfter(directory, async (user, step) => void (await user.press(step, 'next')));
    expect(card).toContain(`${agentT('ticket.facts.authenticator')}: ${ticketCards.authenticatorText(agentT, { kind: 'none', at })}`);
  });

  it('names the registered devices, escaped', async () => {
    const { directory } = fakeDirectory(registered('iPhone van [Jan](https://evil.example)'));
    const card = await ticketAfter(directory, async (user, step) => void (await user.press(step, 'next')));
    const devices = [escapeMarkdown('iPhone van [Jan](https://evil.example)')];
    expect(card).toContain(`${agentT('ticket.facts.authenticator')}: ${agentT('ticket.authenticator.registered', { devices: devices[0], time: ticketCards.time(at, true) })}`);
    expect(card).not.toContain('](https://evil');
  });

  it('says why it was not checked', async () => {
    const { directory } = fakeDirectory({ kind: 'unavailable', reason: 'throttled' });
    const card = await ticketAfter(directory, async (user, step) => void (await user.press(step, 'next')));
    expect(card).toContain(agentT('ticket.authenticator.notChecked', { reason: agentT('ticket.authenticator.reasons.throttled'), time: ticketCards.time(at, true) }));
  });

  it('has no Authenticator line when no check was made (Graph off)', async () => {
    const card = await ticketAfter(undefined, async () => undefined);
    expect(card).not.toContain(`${agentT('ticket.facts.authenticator')}:`);
  });
});
