import type { Activity } from 'botbuilder';
import { buttonsOf, headingsOf } from '../../src/cards/cardButtons';
import { buttonForReply } from '../../src/commands/replies';
import { findPosition } from '../../src/guide/setupGuide';
import type { Language } from '../../src/i18n/language';
import { translatorFor } from '../../src/i18n/translator';
import { last, startTestApp, translate } from '../helpers/appHarness';
import { actionsOf, stepOf, textOf } from '../helpers/cardText';
import { testCards } from '../helpers/testCards';

const { cards, ticketCards, i18n } = testCards();

/** What typing `text` under `attachments` would press: the button's action (and choice), or undefined for none. */
function pressed(text: string, attachment: { contentType: string; content: object }): string | undefined {
  const button = buttonForReply(text, { buttons: buttonsOf([attachment]), headings: headingsOf([attachment]) });
  if (!button) return undefined;
  return [button.data.action, button.data.choice ?? (button.data.solved === undefined ? undefined : String(button.data.solved))]
    .filter(Boolean)
    .join(':');
}

describe.each<Language>(['nl', 'en'])('a typed reply on a %s card', (language) => {
  const t = translatorFor(i18n, language);
  const stepCard = cards.step(t, language, findPosition('mfasetup.scanQrCode')!);

  it.each([
    'gelukt',
    'Gelukt!',
    'het is gelukt!',
    'is gelukt hoor',
    'ja hoor',
    'jaaa',
    'ok',
    'oké',
    '👍',
    'volgende',
    'volgende stap',
    'verder',
    'hallo, ik wil verder',
    'ik ben klaar',
    'klaar',
    'gelukd',
    'volgnde',
    'next',
    'next please',
    'done',
    'it worked',
    'yes',
    'Done!',
  ])('"%s" on a step card is its next button', (text) => {
    expect(pressed(text, stepCard)).toBe('next');
  });

  it.each(['nee', 'nee dat lukt niet', 'lukt niet', 'het lukt me niet', 'niet gelukt', 'mislukt', "doesn't work", 'it did not work', 'no', '👎'])(
    '"%s" on a step card is its problem button',
    (text) => {
      expect(pressed(text, stepCard)).toBe('problem');
    },
  );

  it.each(['terug', 'ga terug', 'vorige stap', 'een stap terug', 'go back', 'back please'])('"%s" on a step card goes back', (text) => {
    expect(pressed(text, stepCard)).toBe('back');
  });

  it.each([
    'nee, ik krijg geen sms',
    'mijn code werkt niet',
    'ja maar waar vind ik de qr code',
    'wat is mijn gebruikersnaam',
    'gelukt, maar nu zie ik een foutmelding AADSTS50011',
    'ja nee',
    'hallo',
    'the app says the code is wrong',
  ])('"%s" is no answer to the step card: it goes to the knowledge base or the commands', (text) => {
    expect(pressed(text, stepCard)).toBeUndefined();
  });

  it('reads small talk inside a button\'s words, and prefers a word typed right over one with a typo', () => {
    const smartphone = cards.step(t, language, findPosition('prerequisites.smartphone')!);
    // The button's own title with small talk in between: "Nee, geen smartphone" / "No smartphone".
    expect(pressed(language === 'nl' ? 'nee, ik heb geen smartphone' : 'no, I have no smartphone', smartphone)).toBe('problem');
    expect(pressed(language === 'nl' ? 'ja, ik heb er een' : 'yes, I have one', smartphone)).toBe('next');
    // "done" is one letter from "dont" (a "Lukt niet" word): the exact word wins.
    expect(pressed('done', stepCard)).toBe('next');
    expect(pressed('dont', stepCard)).toBe('problem');
    expect(pressed('hij doet het', stepCard)).toBe('next');
    expect(pressed('gaat niet goed', stepCard)).toBe('problem');
  });

  it('answers the questions of the other cards by their own meaning', () => {
    const answer = cards.answer(t, language, 'mfa_sms_niet_ontvangen', { alternatives: ['mfa_verkeerd_nummer'] });
    expect(pressed('ja, opgelost', answer)).toBe('feedback:true');
    expect(pressed('het werkt nu, bedankt', answer)).toBe('feedback:true');
    expect(pressed('nee werkt nog steeds niet', answer)).toBe('feedback:false');

    const ask = ticketCards.ask(t, language);
    expect(pressed('Nee, toch niet', ask)).toBe('handoff:decline');
    expect(pressed('nee hoor, laat maar', ask)).toBe('handoff:decline');
    expect(pressed('ja graag', ask)).toBe('handoff:confirm');
    expect(pressed('de app blijft hangen', ask)).toBeUndefined();

    const consent = ticketCards.consent(t, language, { name: 'Jan', step: 'mfasetup.scanQrCode', completed: false, history: { lines: [], questions: [] } });
    expect(pressed('ja verstuur maar', consent)).toBe('handoff:consent');
    expect(pressed('nee niet versturen', consent)).toBe('handoff:refuse');

    const resume = cards.resume(t, language, findPosition('forticlient.openVpn'));
    expect(pressed('ja', resume)).toBe('resume');
    expect(pressed('opnieuw beginnen', resume)).toBe('restart');

    const confirm = cards.confirmForget(t);
    expect(pressed('ja zeker', confirm)).toBe('forget');
    expect(pressed('nee', confirm)).toBe('dismiss');
  });
});

/** Typed replies that mean "it worked", phrased differently at every step, small talk and typos included. */
const onward: Record<Language, string[]> = {
  nl: ['ja hoor', 'die heb ik', 'ja', 'gelukt!', 'oké', 'volgende stap', 'is gelukt hoor', '👍', 'gedaan', 'klaar', 'het is gelukt!', 'verder', 'hallo, ik wil verder', 'ik ben klaar', 'volgnde', 'prima', 'top', 'ok'],
  en: ['yes', 'yep', 'it worked', 'done', 'next please', 'ok', 'got it', '👍', 'finished', 'next', 'it worked!', 'continue', 'all set', 'yes!', 'done, next please', 'okay', 'great', 'did it'],
};

describe.each<[Language, string]>([
  ['nl', 'nl-NL'],
  ['en', 'en-US'],
])('the whole guide by typing only, in %s', (language, locale) => {
  it('walks every card from the welcome to the end, with a detour to the problems, back, an answer and the servicedesk question', async () => {
    const bot = await startTestApp();
    const user = bot.user(locale);
    const t = translate(language);
    const say = async (text: string) => user.send(text);

    const welcome = last(await say(language === 'nl' ? 'hoi' : 'hello'));
    expect(textOf(welcome)).toContain(t('welcome.title'));
    let card = last(await say(language === 'nl' ? 'ja, laten we beginnen' : "yes, let's start"));
    expect(stepOf(card)).toBe('prerequisites.smartphone');

    const visited: string[] = [stepOf(card)!];
    for (let turn = 0; stepOf(card) !== undefined && turn < 40; turn++) {
      const step = stepOf(card)!;
      if (step === 'authenticator.openApp') {
        // "Lukt niet" by typing: the step's problems; "gelukt" there still goes on from the step's card.
        const problems = last(await say(language === 'nl' ? 'nee dat lukt niet' : "no, it doesn't work"));
        expect(textOf(problems)).toContain(t('problems.heading'));
        card = last(await say(language === 'nl' ? 'terug naar de stap' : 'back to the step'));
        expect(stepOf(card)).toBe(step);
      }
      if (step === 'mfasetup.signIn') {
        // Back one step by typing, and on again.
        card = last(await say(language === 'nl' ? 'ga terug' : 'go back'));
        expect(stepOf(card)).toBe('mfasetup.openMfaSetup');
        card = last(await say(language === 'nl' ? 'gelukt' : 'done'));
        expect(stepOf(card)).toBe(step);
      }
      if (step === 'mfasetup.verifyPhone') {
        // A question is answered; "yes" to "Opgelost?" brings the step's card back.
        const answer = last(await say(language === 'nl' ? 'ik krijg geen sms' : "I don't get a text message"));
        expect(textOf(answer)).toContain(t('answer.solvedQuestion'));
        const solved = await say(language === 'nl' ? 'ja, het werkt nu' : 'yes it works now');
        expect(textOf(solved[0])).toBe(t('messages.solved'));
        card = last(solved);
        expect(stepOf(card)).toBe(step);
      }
      if (step === 'forticlient.samlLogin') {
        // The servicedesk question, declined by typing its button's words.
        const ask = last(await say(language === 'nl' ? 'ik wil een medewerker' : 'talk to a person'));
        expect(textOf(ask)).toContain(t('handoff.ask.question'));
        const declined = await say(t('buttons.handoffNo'));
        expect(textOf(declined[0])).toBe(t('handoff.declined'));
        card = last(declined);
        expect(stepOf(card)).toBe(step);
      }
      const replies = await say(onward[language][turn % onward[language].length]);
      card = last(replies);
      if (stepOf(card)) visited.push(stepOf(card)!);
    }
    expect(textOf(card)).toContain(t('guide:steps.done.done.title'));
    expect(visited).toEqual([...new Set(visited)]);
    expect(visited).toHaveLength(19);
    expect(bot.missingTranslations()).toEqual([]);
  });

  it('asks before deleting data or starting over, and a typed answer decides', async () => {
    const bot = await startTestApp();
    const user = bot.user(locale);
    const t = translate(language);
    await user.walkTo('mfasetup.enterNumber');

    const askForget = last(await user.send(language === 'nl' ? 'verwijder mijn gegevens' : 'delete my data'));
    expect(textOf(askForget)).toContain(t('confirm.heading'));
    const kept = await user.send(language === 'nl' ? 'nee, bewaar maar' : 'no, keep it');
    expect(textOf(kept[0])).toBe(t('confirm.dismissed'));
    expect(stepOf(last(kept))).toBe('mfasetup.enterNumber');

    const askRestart = last(await user.send(language === 'nl' ? 'opnieuw beginnen' : 'start over'));
    expect(textOf(askRestart)).toContain(t('confirm.heading'));
    expect(actionsOf(askRestart).map((action) => action.data.action)).toEqual(['restart', 'dismiss']);
    const restarted = last(await user.send(language === 'nl' ? 'ja zeker' : 'yes, I am sure'));
    expect(stepOf(restarted)).toBe('prerequisites.smartphone');

    last(await user.send(language === 'nl' ? 'verwijder mijn gegevens' : 'delete my data'));
    const forgotten = await user.send(language === 'nl' ? 'ja' : 'yes');
    expect(forgotten.map((reply: Partial<Activity>) => reply.text)).toEqual([t('messages.forgotten')]);
  });

  it('after "Geen van deze" and after a cancelled ticket, the step card comes back', async () => {
    const bot = await startTestApp();
    const user = bot.user(locale);
    const t = translate(language);
    await user.walkTo('mfasetup.enterNumber');
    const none = await user.send({ value: { action: 'feedback', solved: false, step: 'mfasetup.enterNumber' } });
    expect(textOf(none[0])).toBe(t('messages.noneOfThese'));
    expect(textOf(none[1])).toContain(bot.config.organisation.servicedesk.phone);
    expect(stepOf(last(none))).toBe('mfasetup.enterNumber');

    await user.send(language === 'nl' ? 'ik wil een medewerker' : 'talk to a person');
    await user.send(language === 'nl' ? 'ja graag' : 'yes please');
    await user.send(language === 'nl' ? 'overslaan' : 'skip');
    const created = last(await user.send(language === 'nl' ? 'ja, verstuur maar' : 'yes, send it'));
    expect(actionsOf(created).map((action) => action.data.action)).toContain('cancelTicket');
    const cancelled = await user.send(language === 'nl' ? 'annuleren' : 'cancel the ticket');
    expect(textOf(cancelled[0])).toContain(t('handoff.cancelled', { number: '1001' }));
    expect(stepOf(last(cancelled))).toBe('mfasetup.enterNumber');
  });
});

describe('typed words after the guide stopped', () => {
  it('"hallo, ik wil verder" goes on where the user was; "nee" does not press the old card', async () => {
    const bot = await startTestApp();
    const user = bot.user('nl-NL');
    const t = translate('nl');
    await user.walkTo('mfasetup.verifyPhone');
    expect((await user.send('stop')).map((reply) => reply.text)).toEqual([t('messages.stopped')]);
    const no = await user.send('nee');
    expect(no.some((reply) => stepOf(reply) !== undefined)).toBe(false);
    const onward = last(await user.send('hallo, ik wil verder'));
    expect(stepOf(onward)).toBe('mfasetup.verifyPhone');
  });

  it('leaves a long message to the knowledge base without trying the buttons', () => {
    const stepCard = cards.step(translatorFor(i18n, 'nl'), 'nl', findPosition('mfasetup.scanQrCode')!);
    expect(buttonForReply(`gelukt ${'ja '.repeat(100)}`, { buttons: buttonsOf([stepCard]), headings: [] })).toBeUndefined();
  });
});

describe('typed answers to a card under the guide\'s card', () => {
  it('rates a closed ticket by typing its score, though the step card came after the rating card', async () => {
    const bot = await startTestApp();
    await bot.registerChannel();
    const user = bot.user('nl-NL');
    const t = translate('nl');
    await user.walkTo('forticlient.samlLogin');
    await user.send('ik wil een medewerker');
    await user.send('ja');
    await user.send('overslaan');
    await user.send('ja, verstuur');
    const [post] = bot.ticketPosts();
    const since = bot.connector.calls.length;
    await bot.pressOnTicket(post, { action: 'ticket', op: 'close', ticket: '1001' });
    const toUser = user.received(since);
    expect(actionsOf(toUser.at(-2)).map((action) => action.data.action)).toContain('rateTicket');
    expect(stepOf(toUser.at(-1))).toBe('forticlient.samlLogin');

    const rated = await user.send('5');
    expect(rated[0].text).toBe(t('handoff.rating.thanks'));
    expect(stepOf(last(rated))).toBe('forticlient.samlLogin');
    expect(textOf(bot.cardUpdates(post).at(-1))).toContain('5/5');
    // The guide's card is still the way on.
    expect(stepOf(last(await user.send('gelukt')))).toBe('forticlient.signInWithUpn');
  });
});

describe('typed words that must not press the wrong button', () => {
  const en = translatorFor(i18n, 'en');
  const nl = translatorFor(i18n, 'nl');

  it('takes no word the bot knows for a typo of another, and no question for an answer', () => {
    const smartphone = cards.step(en, 'en', findPosition('prerequisites.smartphone')!);
    expect(pressed("I don't have one", smartphone)).toBe('problem');
    expect(pressed('menu', smartphone)).toBeUndefined();
    const qr = cards.step(nl, 'nl', findPosition('mfasetup.scanQrCode')!);
    expect(pressed('is het gelukt?', qr)).toBeUndefined();
    expect(pressed('done?', qr)).toBeUndefined();
    expect(pressed('helpen', cards.answer(en, 'en', 'mfa_sms_niet_ontvangen', { alternatives: [] }))).toBeUndefined();
  });

  it('reads the card\'s own heading as context: "ik heb de QR-code gescand" is done, "de QR-code werkt niet" is not', () => {
    const qr = cards.step(nl, 'nl', findPosition('mfasetup.scanQrCode')!);
    expect(pressed('ik heb de qr code gescand', qr)).toBe('next');
    expect(pressed('de qr code werkt niet', qr)).toBe('problem');
    expect(pressed('mijn code werkt niet', qr)).toBeUndefined();
  });

  it('after the end card, "gelukt" does not start the guide again', async () => {
    const bot = await startTestApp();
    const user = bot.user('nl-NL');
    const t = translate('nl');
    const approve = await user.walkTo('forticlient.approveSignIn');
    const done = last(await user.press(approve, 'next'));
    expect(textOf(done)).toContain(t('guide:steps.done.done.title'));
    for (const text of ['gelukt', 'klaar', 'ja']) {
      const replies = await user.send(text);
      expect(replies.some((reply) => stepOf(reply) !== undefined)).toBe(false);
    }
    expect((await user.send('bedankt!'))[0].text).toBe(t('messages.smallTalk'));
  });

  it('on the servicedesk question, a no with more words declines, small talk is asked again, guide words go back to the guide', async () => {
    const bot = await startTestApp();
    const user = bot.user('nl-NL');
    const t = translate('nl');
    await user.walkTo('mfasetup.enterNumber');
    await user.send('ik wil een medewerker');
    const declined = await user.send('nee, ik probeer het zelf nog even');
    expect(declined[0].text).toBe(t('handoff.declined'));
    expect(stepOf(last(declined))).toBe('mfasetup.enterNumber');
    // The declined question is no longer in view: "help" is the help card again.
    expect(textOf((await user.send('help'))[0])).toContain(t('help.title'));

    await user.send('ik wil een medewerker');
    const thanks = await user.send('bedankt');
    expect(textOf(last(thanks))).toContain(t('handoff.ask.question'));
    const onward = await user.send('gelukt');
    expect(stepOf(last(onward))).toBe('mfasetup.verifyPhone');
    expect(await bot.app.tickets.get('1001')).toBeUndefined();
  });

  it('asks again: a "Weet je het zeker?" answered with no is not pressed later by typing', async () => {
    const bot = await startTestApp();
    const user = bot.user('nl-NL');
    const t = translate('nl');
    await user.walkTo('forticlient.openVpn');
    await user.send('opnieuw beginnen');
    await user.send('nee');
    const again = last(await user.send('opnieuw'));
    expect(textOf(again)).toContain(t('confirm.heading'));
    // "verder" on the question is "Nee, ga verder": the guide stays at its step.
    const kept = await user.send('verder');
    expect(kept[0].text).toBe(t('confirm.dismissed'));
    expect(stepOf(last(kept))).toBe('forticlient.openVpn');
  });
});

describe('a bare yes or no that answers no card', () => {
  it('is not sent to the knowledge base as a question', async () => {
    const bot = await startTestApp();
    const user = bot.user('en-US');
    const t = translate('en');
    const replies = await user.send('no');
    expect(replies[0].text).toBe(t('messages.notUnderstood'));
    expect(bot.events().filter((event) => event.type === 'kb.question')).toEqual([]);
    expect(textOf(last(replies))).toContain(t('welcome.title'));
  });
});
