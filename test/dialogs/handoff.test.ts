import type { Activity } from 'botbuilder';
import { actionsOf, findAction, stepOf, textOf } from '../helpers/cardText';
import { knowledge, last, servicedesk, startTestApp, translate, type ChatUser, type TestApp } from '../helpers/appHarness';

/** Monday 10:00 and Saturday 10:00 in Amsterdam (UTC+1 in November). */
const mondayMorning = () => new Date('2026-11-23T09:00:00Z');
const saturdayMorning = () => new Date('2026-11-28T09:00:00Z');

async function botWithChannel(now = mondayMorning): Promise<TestApp> {
  const bot = await startTestApp({ now });
  await bot.registerChannel();
  return bot;
}

/** Teams refuses the next thread creation (a failed channel post). */
const failNextPost = (bot: TestApp) => bot.connector.injectFault({ kind: 'status', status: 400 }, { match: (request) => request.path === '/v3/conversations' });

const choose = (conversation: ChatUser, choice: string, fields: Record<string, unknown> = {}) => conversation.send({ value: { action: 'handoff', choice, ...fields } });
const noEvents = (replies: Partial<Activity>[]) => expect(replies.filter((reply) => reply.type === 'event')).toEqual([]);

describe.each([
  ['nl-NL', 'nl', 'maandag'],
  ['en-US', 'en', 'Monday'],
] as const)('asking the servicedesk in %s', (locale, language, monday) => {
  it('asks, takes one sentence (masked), shows what will be shared, and only then creates and posts the ticket', async () => {
    const bot = await botWithChannel();
    const conversation = bot.user(locale);
    const t = translate(language);
    const card = await conversation.walkTo('mfasetup.enterNumber');
    await conversation.send(language === 'nl' ? 'ik krijg geen melding op mijn telefoon' : 'I get no notification on my phone');

    const ask = last(await conversation.press(card, 'servicedesk'));
    expect(textOf(ask)).toContain(t('handoff.open'));
    expect(textOf(ask)).toContain(bot.config.organisation.servicedesk.phone);
    const describe = last(await choose(conversation, 'confirm'));
    expect(textOf(describe)).toContain(t('handoff.describe.heading'));
    const sentence = language === 'nl' ? 'Mijn wachtwoord is Geheim123! en het lukt niet' : 'My password is Secret123! and it fails';
    const consentReplies = await choose(conversation, 'describe', { description: sentence });
    const consent = last(consentReplies);
    expect(textOf(consent)).toContain('[wachtwoord]');
    expect(textOf(consent)).not.toMatch(/Geheim123|Secret123/);
    expect(textOf(consent)).toContain(t('progress.manualStep', { step: 2, total: 3 }));
    expect(textOf(consent)).toContain(t('handoff.consent.questionCount', { count: 1 }));
    expect(bot.threads()).toHaveLength(0);

    const replies = await choose(conversation, 'consent');
    noEvents(replies);
    const created = last(replies);
    expect(textOf(created)).toContain(t('handoff.created.heading', { number: '1001' }));
    expect(findAction(created, 'cancelTicket').data.ticket).toBe('1001');
    expect(bot.threads()).toHaveLength(1);
    const ticketCard = textOf(bot.threads()[0]);
    expect(ticketCard).toContain('Ticket 1001');
    expect(ticketCard).toContain(language === 'nl' ? 'ik krijg geen melding op mijn telefoon' : 'I get no notification on my phone');
    expect(ticketCard).toContain(knowledge().get('auth_geen_melding')!.title.nl);
    expect(ticketCard).not.toMatch(/Geheim123|Secret123/);
    expect(await bot.app.tickets.unposted()).toEqual([]);

    expect(stepOf(last(await conversation.press(created, 'showStep')))).toBe('mfasetup.enterNumber');
    expect(bot.missingTranslations()).toEqual([]);
  });

  it(`says when a closed servicedesk answers (${monday} 08:00) and gives the phone number for urgent cases`, async () => {
    const bot = await botWithChannel(saturdayMorning);
    const conversation = bot.user(locale);
    const t = translate(language);
    const ask = last(await conversation.send('servicedesk'));
    const when = t('handoff.opensOn', { day: monday, time: '08:00' });
    // Local mode: the number is still the example from src/organisation.json, and says so.
    const phone = t('example.value', { value: bot.config.organisation.servicedesk.phone });
    expect(textOf(ask)).toContain(t('handoff.closedUrgent', { when, phone }));
    await choose(conversation, 'confirm');
    await choose(conversation, 'skip');
    const created = last(await choose(conversation, 'consent'));
    expect(textOf(created)).toContain(t('handoff.created.closedUrgent', { when, phone }));
  });

  it('sends nothing when the user does not agree, and gives the contact details instead', async () => {
    const bot = await botWithChannel();
    const conversation = bot.user(locale);
    const t = translate(language);
    await conversation.send(language === 'nl' ? 'ik wil een medewerker' : 'talk to a person');
    await choose(conversation, 'confirm');
    await choose(conversation, 'skip');
    const replies = await choose(conversation, 'refuse');
    expect(replies[0].text).toBe(t('handoff.refused'));
    expect(textOf(last(replies))).toContain(bot.config.organisation.servicedesk.phone);
    expect(bot.threads()).toEqual([]);
    expect(await bot.app.tickets.get('1001')).toBeUndefined();
  });

  it('in the guide, shows the step card again after the contact details when the user does not agree', async () => {
    const bot = await botWithChannel();
    const conversation = bot.user(locale);
    await conversation.walkTo('mfasetup.enterNumber');
    await conversation.send(language === 'nl' ? 'ik wil een medewerker' : 'talk to a person');
    await choose(conversation, 'confirm');
    await choose(conversation, 'skip');
    const replies = await choose(conversation, 'refuse');
    expect(replies[0].text).toBe(translate(language)('handoff.refused'));
    expect(textOf(replies[1])).toContain(bot.config.organisation.servicedesk.phone);
    expect(stepOf(last(replies))).toBe('mfasetup.enterNumber');
  });

  it('takes a sentence typed instead of a button as what goes wrong', async () => {
    const bot = await botWithChannel();
    const conversation = bot.user(locale);
    await conversation.send('servicedesk');
    const consent = last(await conversation.send(language === 'nl' ? 'mijn telefoon is kwijt' : 'I lost my phone'));
    expect(textOf(consent)).toContain(language === 'nl' ? 'mijn telefoon is kwijt' : 'I lost my phone');
    expect(actionsOf(consent).map((action) => action.data.choice)).toEqual(['consent', 'refuse']);
  });

  it('understands a typed yes and no instead of the buttons', async () => {
    const bot = await botWithChannel();
    const conversation = bot.user(locale);
    const t = translate(language);
    const [yes, no] = language === 'nl' ? ['ja graag', 'nee dank je'] : ['yes please', 'no thanks'];
    await conversation.send('servicedesk');
    expect(textOf(last(await conversation.send(yes)))).toContain(t('handoff.describe.heading'));
    expect(textOf(last(await conversation.send(no)))).toContain(t('handoff.consent.question'));
    expect((await conversation.send(no))[0].text).toBe(t('handoff.refused'));
    expect(bot.threads()).toEqual([]);
    await conversation.send('servicedesk');
    expect((await conversation.send(no))[0].text).toBe(t('handoff.declined'));
  });

  it('makes no second ticket while one is open, and shows the open one', async () => {
    const bot = await botWithChannel();
    const conversation = bot.user(locale);
    const t = translate(language);
    await conversation.send('servicedesk');
    await choose(conversation, 'confirm');
    await choose(conversation, 'skip');
    await choose(conversation, 'consent');
    const again = await conversation.send('servicedesk');
    expect(again[0].text).toContain(t('handoff.alreadyOpen', { number: '1001', status: t('handoff.status.open') }));
    expect(textOf(last(again))).toContain(t('handoff.created.alreadyOpenHeading', { number: '1001' }));
    expect(findAction(last(again), 'cancelTicket').data.ticket).toBe('1001');
    expect(bot.threads()).toHaveLength(1);
  });

  it.each([
    ['outside the guide', null],
    ['in the guide', 'mfasetup.enterNumber'],
  ])('shows the ticket again when "Ja, verstuur" arrives once more after the question ended (%s), as after a kill before the answer went out', async (_where, step) => {
    const bot = await botWithChannel();
    const conversation = bot.user(locale);
    const t = translate(language);
    if (step) await conversation.walkTo(step);
    await conversation.send('servicedesk');
    await choose(conversation, 'confirm');
    await choose(conversation, 'skip');
    await choose(conversation, 'consent');
    const again = await choose(conversation, 'consent');
    expect(again[0].text).toContain(t('handoff.alreadyOpen', { number: '1001', status: t('handoff.status.open') }));
    expect(findAction(last(again), 'cancelTicket').data.ticket).toBe('1001');
    expect(bot.threads()).toHaveLength(1);
    expect(await bot.app.tickets.get('1002')).toBeUndefined();
  });

  it('keeps the ticket when the channel post fails, gives the number anyway, and posts it on the next try', async () => {
    const bot = await botWithChannel();
    failNextPost(bot);
    const conversation = bot.user(locale);
    const t = translate(language);
    await conversation.send('servicedesk');
    await choose(conversation, 'confirm');
    await choose(conversation, 'skip');
    const created = last(await choose(conversation, 'consent'));
    expect(textOf(created)).toContain(t('handoff.created.heading', { number: '1001' }));
    expect(await bot.app.tickets.unposted()).toEqual(['1001']);
    expect((await bot.app.tickets.get('1001'))!.status).toBe('posting');
    expect(await bot.app.handoff.postPending()).toBe(1);
    expect(await bot.app.tickets.unposted()).toEqual([]);
    expect((await bot.app.tickets.get('1001'))!.status).toBe('open');
    expect(bot.threads()).toHaveLength(1);
  });

  it('keeps tickets made before any servicedesk channel was registered, and posts them once one is', async () => {
    const bot = await startTestApp({ now: mondayMorning });
    const conversation = bot.user(locale);
    await conversation.send('servicedesk');
    await choose(conversation, 'confirm');
    await choose(conversation, 'skip');
    await choose(conversation, 'consent');
    expect(await bot.app.handoff.postPending()).toBe(0);
    expect(await bot.app.tickets.unposted()).toEqual(['1001']);
    // Stored as a registration stores it, without the registration's own post of waiting tickets.
    await bot.app.servicedeskChannel.register({ reference: bot.channelReference(), teamId: servicedesk.team.id, channelId: servicedesk.channelId, registeredAt: mondayMorning().toISOString() });
    expect(await bot.app.handoff.postPending()).toBe(1);
    expect(bot.threads()).toHaveLength(1);
  });

  it('lets the question lapse when the user presses a guide button instead', async () => {
    const bot = await botWithChannel();
    const conversation = bot.user(locale);
    const card = await conversation.walkTo('authenticator.installApp');
    await conversation.press(card, 'servicedesk');
    expect(stepOf(last(await conversation.press(card, 'next')))).toBe('authenticator.openApp');
  });
});
