import { setupGuide } from '../../src/guide/setupGuide';
import { actionsOf, findAction, imagesOf, stepOf, textOf } from '../helpers/cardText';
import { knowledge, last, startTestApp, translate } from '../helpers/appHarness';
import { testBaseUrl } from '../helpers/testConfig';

const allSubSteps = setupGuide.flatMap((part) => part.subSteps.map((subStep) => ({ part, subStep, key: `${part.id}.${subStep.id}` })));
const guideSteps = allSubSteps.filter(({ part }) => part.id !== 'done');


describe.each([
  ['nl-NL', 'nl', 'Stap', 'van'],
  ['en-US', 'en', 'Step', 'of'],
] as const)('the guided setup in %s', (locale, language, stepWord, ofWord) => {
  it('walks from start to Klaar with "next" on every card, one screenshot each, in order', async () => {
    const conversation = (await startTestApp()).user(locale);
    const t = translate(language);
    const seen: string[] = [];
    let reply = last(await conversation.send('start'));
    for (;;) {
      const key = stepOf(reply);
      if (!key) break;
      seen.push(key);
      const images = imagesOf(reply);
      expect(images).toHaveLength(1);
      expect(images[0].url).toBe(`${testBaseUrl}/images/${language}/${allSubSteps.find((s) => s.key === key)!.subStep.image}`);
      expect(images[0].altText.length).toBeGreaterThan(10);
      reply = last(await conversation.press(reply, 'next'));
    }
    expect(seen).toEqual(guideSteps.map((s) => s.key));
    expect(textOf(reply)).toContain(t('guide:steps.done.done.title'));
    expect(textOf(reply)).toContain(t('progress.done'));
    expect(imagesOf(reply)[0].url).toBe(`${testBaseUrl}/images/${language}/done.png`);
    expect(conversation.testApp.missingTranslations()).toEqual([]);
  });

  it.each([1, 2, 3])(`shows "${stepWord} %i ${ofWord} 3" on every card of that manual step`, async (manualStep) => {
    const conversation = (await startTestApp()).user(locale);
    const part = setupGuide.find((p) => p.manualStep === manualStep)!;
    let reply = await conversation.walkTo(`${part.id}.${part.subSteps[0].id}`);
    for (const subStep of part.subSteps) {
      expect(stepOf(reply)).toBe(`${part.id}.${subStep.id}`);
      expect(textOf(reply)).toContain(`${stepWord} ${manualStep} ${ofWord} 3`);
      reply = last(await conversation.press(reply, 'next'));
    }
  });

  it('offers next, it-did-not-work, back, the servicedesk and stop on a step card, each naming its action and step', async () => {
    const conversation = (await startTestApp()).user(locale);
    const reply = await conversation.walkTo('mfasetup.enterNumber');
    expect(actionsOf(reply).map((a) => a.data)).toEqual([
      { action: 'next', step: 'mfasetup.enterNumber' },
      { action: 'problem', step: 'mfasetup.enterNumber' },
      { action: 'back', step: 'mfasetup.enterNumber' },
      { action: 'servicedesk', step: 'mfasetup.enterNumber' },
      { action: 'stop' },
    ]);
  });

  it('answers "it did not work" with that sub-step\'s known problems as buttons and the servicedesk, then goes on', async () => {
    const bot = await startTestApp();
    const conversation = bot.user(locale);
    const t = translate(language);
    const card = await conversation.walkTo('mfasetup.verifyPhone');
    const problems = last(await conversation.press(card, 'problem'));
    const ids = ['mfa_sms_niet_ontvangen', 'mfa_verkeerd_nummer', 'mfa_sms_code_ongeldig', 'mfa_limiet_bereikt'];
    expect(actionsOf(problems).filter((a) => a.data.action === 'answer').map((a) => [a.title, a.data.intent])).toEqual(
      ids.map((id) => [knowledge().get(id)!.title[language], id]),
    );
    expect(findAction(problems, 'otherProblem').title).toBe(t('buttons.otherProblem'));
    expect(textOf(problems)).toContain(bot.config.organisation.servicedesk.phone);
    expect(textOf(problems)).not.toMatch(/\{\{|\$\{/);

    const answer = last(await conversation.press(problems, 'answer'));
    expect(textOf(answer)).toContain(knowledge().get('mfa_sms_niet_ontvangen')!.title[language]);
    expect(textOf(answer)).toContain(t('answer.solvedQuestion'));
    const solved = await conversation.send({ value: { ...findAction(answer, 'feedback').data } });
    expect(textOf(solved[0])).toBe(t('messages.solved'));
    expect(stepOf(last(solved))).toBe('mfasetup.verifyPhone');
    const next = last(await conversation.press(last(solved), 'next'));
    expect(stepOf(next)).toBe('mfasetup.finish');
  });

  it('tells someone without a smartphone how to reach the servicedesk', async () => {
    const bot = await startTestApp();
    const conversation = bot.user(locale);
    const card = await conversation.walkTo('prerequisites.smartphone');
    const answer = last(await conversation.press(card, 'problem'));
    expect(textOf(answer)).toContain(knowledge().get('prereq_geen_smartphone')!.title[language]);
    expect(textOf(answer)).toContain(bot.config.organisation.servicedesk.phone);
    const again = last(await conversation.press(answer, 'showStep'));
    expect(stepOf(again)).toBe('prerequisites.smartphone');
  });

  it('goes back within a part and across parts, and not before the first card', async () => {
    const first = await (await startTestApp()).user(locale).walkTo('prerequisites.smartphone');
    expect(actionsOf(first).some((a) => a.data.action === 'back')).toBe(false);
    const conversation = (await startTestApp()).user(locale);
    const openApp = await conversation.walkTo('authenticator.openApp');
    const installApp = last(await conversation.press(openApp, 'back'));
    expect(stepOf(installApp)).toBe('authenticator.installApp');
    const version = last(await conversation.press(installApp, 'back'));
    expect(stepOf(version)).toBe('prerequisites.fortiClientVersion');
    const forward = last(await conversation.press(version, 'next'));
    expect(stepOf(forward)).toBe('authenticator.installApp');
  });

  it('stops, keeps the progress and resumes at the same sub-step ("Je was bij stap 2 – verder?")', async () => {
    const conversation = (await startTestApp()).user(locale);
    const t = translate(language);
    const card = await conversation.walkTo('mfasetup.scanQrCode');
    const stopped = await conversation.press(card, 'stop');
    expect(textOf(last(stopped))).toBe(t('messages.stopped'));

    const question = last(await conversation.send('start'));
    expect(textOf(question)).toContain(t('resume.question', { where: t('progress.resumeManualStep', { step: 2 }) }));
    const resumed = last(await conversation.press(question, 'resume'));
    expect(stepOf(resumed)).toBe('mfasetup.scanQrCode');
  });

  it('greets mid-flow with the current card, offers to resume after a stop, and starts over only once confirmed', async () => {
    const conversation = (await startTestApp()).user(locale);
    const t = translate(language);
    await conversation.walkTo('forticlient.samlLogin');
    const greeted = await conversation.send(language === 'nl' ? 'hallo' : 'hello');
    expect(textOf(greeted[0])).toBe(t('messages.greeting'));
    expect(stepOf(last(greeted))).toBe('forticlient.samlLogin');

    await conversation.send('stop');
    const question = last(await conversation.send(language === 'nl' ? 'hallo' : 'hello'));
    expect(textOf(question)).toContain(language === 'nl' ? 'stap 3' : 'step 3');
    const asked = last(await conversation.press(question, 'restart'));
    expect(textOf(asked)).toContain(t('confirm.heading'));
    const kept = await conversation.press(asked, 'dismiss');
    expect(textOf(kept[0])).toBe(t('confirm.dismissed'));
    expect(textOf(last(kept))).toContain(language === 'nl' ? 'stap 3' : 'step 3');

    const again = last(await conversation.press(last(kept), 'restart'));
    const restarted = last(await conversation.press(again, 'restart'));
    expect(stepOf(restarted)).toBe('prerequisites.smartphone');
  });

  it('asks again when a confirmed restart comes from a question asked at an earlier step', async () => {
    const conversation = (await startTestApp()).user(locale);
    const t = translate(language);
    await conversation.walkTo('authenticator.openApp');
    const asked = last(await conversation.send({ value: { action: 'restart' } }));
    expect(textOf(asked)).toContain(t('confirm.heading'));
    const moved = await conversation.press(asked, 'dismiss');
    await conversation.press(last(moved), 'next');
    const askedAgain = last(await conversation.press(asked, 'restart'));
    expect(textOf(askedAgain)).toContain(t('confirm.heading'));
    expect(stepOf(last(await conversation.press(askedAgain, 'restart')))).toBe('prerequisites.smartphone');
  });

  it('handles a button from an old card kindly and shows the current step', async () => {
    const conversation = (await startTestApp()).user(locale);
    const t = translate(language);
    const oldCard = await conversation.walkTo('authenticator.installApp');
    const current = last(await conversation.press(oldCard, 'next'));
    expect(stepOf(current)).toBe('authenticator.openApp');

    const replies = await conversation.press(oldCard, 'next');
    expect(textOf(replies[0])).toBe(t('messages.staleButton'));
    expect(stepOf(last(replies))).toBe('authenticator.openApp');
    const onward = last(await conversation.press(last(replies), 'next'));
    expect(stepOf(onward)).toBe('authenticator.chooseWorkAccount');
  });

  it('answers help in the middle of the flow and returns to the same card', async () => {
    const conversation = (await startTestApp()).user(locale);
    const t = translate(language);
    await conversation.walkTo('forticlient.editConnection');
    const replies = await conversation.send('help');
    const help = replies[0];
    expect(textOf(help)).toContain(t('help.title'));
    // The step's card comes right after the help, so the way on is in view.
    expect(stepOf(last(replies))).toBe('forticlient.editConnection');
    const back = last(await conversation.press(help, 'showStep'));
    expect(stepOf(back)).toBe('forticlient.editConnection');
  });

  it('offers the servicedesk (with its phone number) when asked for a person, and returns to the step on "no"', async () => {
    const bot = await startTestApp();
    const conversation = bot.user(locale);
    const t = translate(language);
    await conversation.walkTo('mfasetup.scanQrCode');
    const ask = last(await conversation.send(language === 'nl' ? 'ik wil een medewerker' : 'talk to a person'));
    expect(textOf(ask)).toContain(bot.config.organisation.servicedesk.phone);
    expect(textOf(ask)).toContain(t('handoff.ask.question'));
    const replies = await conversation.send({ value: { action: 'handoff', choice: 'decline' } });
    expect(replies[0].text).toBe(t('handoff.declined'));
    expect(stepOf(last(replies))).toBe('mfasetup.scanQrCode');
  });

  it('shows the organisation\'s VPN settings as text on the settings card', async () => {
    const bot = await startTestApp({ env: { VPN_REMOTE_GATEWAY: 'vpn.test.example', VPN_PORT: '10443' } });
    const conversation = bot.user(locale);
    const card = await conversation.walkTo('forticlient.checkSettings');
    expect(textOf(card)).toContain('vpn.test.example');
    expect(textOf(card)).toContain('10443');
    expect(textOf(card)).toContain('Enable Single Sign On (SSO) for VPN Tunnel');
  });

  it('answers text it has no answer for honestly, with the servicedesk, without losing the step', async () => {
    const bot = await startTestApp();
    const conversation = bot.user(locale);
    const t = translate(language);
    await conversation.walkTo('mfasetup.signIn');
    const replies = await conversation.send('asdf qwerty');
    expect(textOf(replies[0])).toBe(t('messages.noAnswer'));
    expect(textOf(replies[1])).toContain(bot.config.organisation.servicedesk.phone);
    expect(stepOf(last(replies))).toBe('mfasetup.signIn');
    const reply = last(await conversation.send({ value: { action: 'next', step: 'mfasetup.signIn' } }));
    expect(stepOf(reply)).toBe('mfasetup.scanQrCode');
  });
});

describe('language', () => {
  it('switches to English mid-flow, shows the same card in English and keeps it for the user', async () => {
    const conversation = (await startTestApp()).user('nl-NL');
    const en = translate('en');
    await conversation.walkTo('mfasetup.enterNumber');
    const replies = await conversation.send('English');
    expect(textOf(replies[0])).toBe(en('messages.languageChanged'));
    expect(textOf(last(replies))).toContain('Step 2 of 3');
    expect(stepOf(last(replies))).toBe('mfasetup.enterNumber');
    const next = last(await conversation.press(last(replies), 'next'));
    expect(textOf(next)).toContain(en('guide:steps.mfasetup.verifyPhone.title'));
  });

  it('switches back to Dutch with the card button, whatever the Teams locale says', async () => {
    const conversation = (await startTestApp()).user('en-US');
    const nl = translate('nl');
    const welcome = last(await conversation.send('hello'));
    const replies = await conversation.press(welcome, 'language');
    expect(textOf(replies[0])).toBe(nl('messages.languageChanged'));
    const card = last(await conversation.send('start'));
    expect(textOf(card)).toContain(nl('progress.prerequisites'));
  });

  it('follows the Teams locale when the user has not chosen', async () => {
    const conversation = (await startTestApp()).user('en-GB');
    const card = last(await conversation.send('start'));
    expect(textOf(card)).toContain('Before you start');
    expect(findAction(card, 'next').title).toBe(translate('en')('guide:steps.prerequisites.smartphone.next'));
  });
});
