import { randomUUID } from 'node:crypto';
import { readSubmitData } from '../../src/cards/actions';
import { recogniseMeaning } from '../../src/commands/meaning';
import { positionAt, setupGuide } from '../../src/guide/setupGuide';
import { findAction, stepOf } from '../helpers/cardText';
import { knowledge, last, startTestApp, translate, type TestApp } from '../helpers/appHarness';

// Card fields come back from Teams as the client sends them: anyone can post other values.
const forgedValues = ['mfasetup.enterNumber<script>', '../../etc/passwd', 'x'.repeat(5000), 'Geheim123!', '{{name}}', ' 1001'];
const forged = forgedValues.map((value) => [value.slice(0, 30), value] as const);

async function botWithLog() {
  const bot = await startTestApp({ env: { LOG_LEVEL: 'debug' } });
  return { bot, lines: bot.bot.lines, conversation: bot.user('nl-NL') };
}

/** Everything the bot keeps: conversation and user state, tickets. */
const stored = (bot: TestApp) => bot.stored();

describe('card fields that come back from Teams', () => {
  it('keeps every real guide position, intent, question id and ticket number', () => {
    const steps = setupGuide.flatMap((part, p) => part.subSteps.map((_, s) => positionAt(p, s).key));
    for (const step of steps) expect(readSubmitData({ action: 'next', step })?.step).toBe(step);
    for (const { id } of knowledge().intents) expect(readSubmitData({ action: 'answer', intent: id, alternatives: [id] })).toMatchObject({ intent: id, alternatives: [id] });
    const question = randomUUID();
    expect(readSubmitData({ action: 'feedback', question, ticket: '1001', language: 'en', handBackStep: steps[3] })).toMatchObject({ question, ticket: '1001', language: 'en', handBackStep: steps[3] });
  });

  it.each(forged)('drops a forged %j from every field the bot sent', (_label, value) => {
    const data = readSubmitData({ action: 'feedback', step: value, intent: value, question: value, ticket: value, language: value, handBackStep: value, alternatives: [value, 42] });
    expect(data).toMatchObject({ action: 'feedback', alternatives: [] });
    for (const field of ['step', 'intent', 'question', 'ticket', 'language', 'handBackStep'] as const) expect(data?.[field]).toBeUndefined();
  });

  it.each(forged)('answers a "next" with step %j as a stale button, and neither logs nor moves on', async (_label, step) => {
    const { conversation, lines } = await botWithLog();
    const card = await conversation.walkTo('authenticator.installApp');
    const replies = await conversation.send({ value: { action: 'next', step } });
    expect(replies[0].text).toBe(translate('nl')('messages.staleButton'));
    expect(stepOf(last(replies))).toBe(stepOf(card));
    expect(lines.join('\n')).not.toContain(step.slice(0, 30));
  });

  it.each(forged)('records no forged intent, question or step %j from an answer button', async (_label, value) => {
    const { bot, conversation, lines } = await botWithLog();
    await conversation.walkTo('mfasetup.enterNumber');
    await conversation.send({ value: { action: 'answer', intent: value, question: value, step: value } });
    const real = knowledge().intents[0].id;
    await conversation.send({ value: { action: 'answer', intent: real, question: value, step: value, alternatives: [value] } });
    await conversation.send({ value: { action: 'feedback', solved: false, intent: value, question: value, step: value, alternatives: [value, real] } });
    expect(bot.events()).toEqual([
      expect.objectContaining({ type: 'kb.choice', intent: real, question: undefined, step: undefined, from: 'problems' }),
      expect.objectContaining({ type: 'kb.feedback', intent: undefined, question: undefined, step: undefined }),
    ]);
    expect(JSON.stringify(bot.events())).not.toContain(value.slice(0, 30));
    expect(stored(bot)).not.toContain(value.slice(0, 30));
    expect(lines.join('\n')).not.toContain(value.slice(0, 30));
  });

  it('ties feedback to a question only when the bot recorded it in this conversation', async () => {
    const { bot, conversation } = await botWithLog();
    const answer = last(await conversation.send('forticlient blijft hangen op 98 procent'));
    const feedback = findAction(answer, 'feedback').data;
    const recorded = bot.events()[0] as { question: string };
    expect(feedback.question).toBe(recorded.question);

    await conversation.send({ value: { ...feedback, question: randomUUID() } });
    expect(bot.events().at(-1)).toMatchObject({ type: 'kb.feedback', question: undefined });
    await conversation.send({ value: feedback });
    expect(bot.events().at(-1)).toMatchObject({ type: 'kb.feedback', question: recorded.question });

    // Another conversation's question is not this one's.
    await conversation.send({ value: feedback, conversation: { id: 'another-chat' } as never });
    expect(bot.events().at(-1)).toMatchObject({ type: 'kb.feedback', question: undefined });
  });

  it('takes a cancel button with a forged ticket number for no command at all, not for "cancel my open ticket"', () => {
    for (const ticket of forgedValues) expect(recogniseMeaning({ value: { action: 'cancelTicket', ticket } }).command).toBeUndefined();
    expect(recogniseMeaning({ value: { action: 'cancelTicket', ticket: '1001' } }).command).toEqual({ name: 'cancelTicket', ticket: '1001' });
    expect(recogniseMeaning({ text: 'annuleer ticket' }).command).toEqual({ name: 'cancelTicket' });
  });

  it('switches to no language but Dutch and English', async () => {
    const { bot, conversation } = await botWithLog();
    const replies = await conversation.send({ value: { action: 'language', language: 'fr' } });
    expect(replies[0].text).toBe(translate('nl')('messages.staleOutsideFlow'));
    expect(stored(bot)).not.toContain('"fr"');
  });
});
