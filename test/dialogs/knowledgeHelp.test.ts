import { findAction, stepOf, textOf } from '../helpers/cardText';
import { knowledge, last, startTestApp, translate } from '../helpers/appHarness';


describe('free-text questions during the guide', () => {
  it('answers a question typed in the middle of step 3, records it, and keeps the step', async () => {
    const bot = await startTestApp();
    const conversation = bot.user('nl-NL');
    const t = translate('nl');
    await conversation.walkTo('forticlient.samlLogin');
    const answer = last(await conversation.send('forticlient blijft hangen op 98 procent'));
    expect(textOf(answer)).toContain(knowledge().get('fc_blijft_hangen')!.title.nl);
    expect(textOf(answer)).toContain(t('answer.solvedQuestion'));

    const question = bot.events().find((e) => e.type === 'kb.question');
    expect(question).toMatchObject({ type: 'kb.question', intent: 'fc_blijft_hangen', decision: 'answer', step: 'forticlient.samlLogin', lang: 'nl' });

    const solved = await conversation.send({ value: findAction(answer, 'feedback').data });
    expect(textOf(solved[0])).toBe(t('messages.solved'));
    expect(stepOf(last(solved))).toBe('forticlient.samlLogin');
    expect(bot.events().at(-1)).toMatchObject({ type: 'kb.feedback', intent: 'fc_blijft_hangen', solved: true });
  });

  it('offers the next alternative when an answer does not help, then the servicedesk', async () => {
    const bot = await startTestApp();
    const conversation = bot.user('en-US');
    const t = translate('en');
    const card = await conversation.walkTo('mfasetup.verifyPhone');
    const problems = last(await conversation.press(card, 'problem'));
    let answer = last(await conversation.press(problems, 'answer'));
    const seen = new Set<string>();
    let replies: Awaited<ReturnType<typeof conversation.send>> = [];
    for (let i = 0; i < 4; i++) {
      const no = actionsOfNo(answer);
      seen.add(no.intent);
      replies = await conversation.send({ value: no });
      answer = last(replies);
      if (!textOf(replies[0]).startsWith(t('messages.tryAlternative'))) {
        expect(textOf(replies[0])).toBe(t('messages.notSolved'));
        break;
      }
    }
    expect(seen.size).toBe(4);
    // The dead end: the servicedesk, then the step's card again.
    expect(textOf(replies[1])).toContain(bot.config.organisation.servicedesk.phone);
    expect(stepOf(last(replies))).toBe('mfasetup.verifyPhone');
    expect(bot.events().filter((e) => e.type === 'kb.feedback' && !e.solved)).toHaveLength(4);
  });

  it('warns never to share a code or password, and never records them, nor a phone number', async () => {
    const bot = await startTestApp();
    const conversation = bot.user('nl-NL');
    const replies = await conversation.send('mijn code 483920 werkt niet, mijn wachtwoord is Zomer2024! en mijn nummer 06-12345678');
    expect(textOf(replies[0])).toBe(translate('nl')('messages.neverShareSecrets'));
    const [event] = bot.events();
    expect(event.type).toBe('kb.question');
    const text = (event as { text: string }).text;
    expect(text).not.toMatch(/483920|Zomer2024|12345678/);
    expect(text).toContain('[code]');
  });

  it('offers "Bedoel je…?" choices when unsure, and a choice shows its answer', async () => {
    const unsure = {
      match: () => ({
        intent: 'auth_code_werkt_niet',
        score: 0.45,
        answered: false,
        decision: 'choose' as const,
        lang: 'nl' as const,
        alternatives: [
          { intent: 'auth_code_werkt_niet', score: 0.45 },
          { intent: 'mfa_sms_code_ongeldig', score: 0.4 },
        ],
      }),
    };
    const bot = await startTestApp({ matcher: unsure });
    const conversation = bot.user('nl-NL');
    const t = translate('nl');
    const card = last(await conversation.send('code'));
    expect(textOf(card)).toContain(t('suggestions.heading'));
    expect(textOf(card)).toContain(knowledge().get('mfa_sms_code_ongeldig')!.title.nl);
    const chosen = last(await conversation.press(card, 'answer'));
    expect(textOf(chosen)).toContain(knowledge().get('auth_code_werkt_niet')!.answer.nl.slice(0, 30));
    expect(bot.events().at(-1)).toMatchObject({ type: 'kb.choice', from: 'suggestions', intent: 'auth_code_werkt_niet' });
    const none = await conversation.send({ value: findAction(card, 'feedback').data });
    expect(textOf(last(none))).toContain(bot.config.organisation.servicedesk.phone);
  });

  it('answers a question before the guide has started, and says so honestly when it has no answer', async () => {
    const bot = await startTestApp();
    const conversation = bot.user('nl-NL');
    const t = translate('nl');
    const answer = last(await conversation.send('ik ben mijn telefoon kwijt'));
    expect(textOf(answer)).toContain(knowledge().get('auth_telefoon_kwijt')!.title.nl);
    const none = await conversation.send('de printer op de afdeling doet het niet');
    expect(textOf(none[0])).toBe(t('messages.noAnswer'));
    expect(textOf(none[1])).toContain(bot.config.organisation.servicedesk.phone);
    // Then the way in: the welcome, as nothing was started yet.
    expect(textOf(last(none))).toContain(t('welcome.title'));
  });

  it('asks for a description after "iets anders"', async () => {
    const bot = await startTestApp();
    const conversation = bot.user('nl-NL');
    const card = await conversation.walkTo('authenticator.openApp');
    const problems = last(await conversation.press(card, 'problem'));
    const reply = last(await conversation.press(problems, 'otherProblem'));
    expect(textOf(reply)).toBe(translate('nl')('messages.describeProblem'));
  });
});

function actionsOfNo(reply: Parameters<typeof textOf>[0]) {
  const no = (reply?.attachments?.[0]?.content as { actions: Array<{ data: Record<string, unknown> }> }).actions.find((a) => a.data.solved === false);
  if (!no) throw new Error(`No "no" button:\n${textOf(reply)}`);
  return { ...(no.data as ReturnType<typeof findAction>['data']), intent: String(no.data.intent) };
}
