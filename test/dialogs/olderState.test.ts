import { createLogger } from '../../src/core/logger';
import { findAction, stepOf, textOf } from '../helpers/cardText';
import { Conversation, createTestBot, last, walkTo } from '../helpers/testApp';

/** A dialog stack as the previous version stored it: the guide as 'setup' with one waterfall per part. */
const olderGuideStack = (part: string, stepIndex: number) => [
  { id: 'main.route', state: { options: {}, values: { instanceId: 'b27dd29e-f8ef-466a-8ad0-a44ffd33f8a0' }, stepIndex: 0 } },
  {
    id: 'setup',
    state: { dialogs: { dialogStack: [{ id: `setup.${part}`, state: { options: { startAt: 0 }, values: { instanceId: 'cd840895-1858-4e1f-a51d-0a8acfe336d5' }, stepIndex } }] } },
    version: '1723979447',
  },
];

/** Puts `innerStack` in the stored conversation state, in place of the root's own. */
async function storeOlderStack(conversation: Conversation, innerStack: unknown[]): Promise<void> {
  const { storage } = conversation.bot;
  const key = 'msteams/conversations/Convo1/';
  const stored = (await storage.read([key]))[key];
  expect(stored.DialogState.dialogStack[0].id).toBe('main');
  stored.DialogState = { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: innerStack } }, version: '-2069639805' }] };
  await storage.write({ [key]: stored });
}

function conversationWithLog() {
  const lines: string[] = [];
  const bot = createTestBot({}, undefined, undefined, createLogger('debug', (line) => lines.push(line)));
  return { lines, conversation: new Conversation(bot, 'nl-NL') };
}

describe('a conversation stored by the previous version', () => {
  it('answers a button of the older guide as if no dialog ran, and goes on from the stored progress', async () => {
    const { lines, conversation } = conversationWithLog();
    const t = conversation.t('nl');
    const card = await walkTo(conversation, 'mfasetup.scanQrCode');
    await storeOlderStack(conversation, olderGuideStack('mfasetup', 2));

    const replies = await conversation.press(card, 'next');
    expect(replies[0].text).toBe(t('messages.staleOutsideFlow'));
    expect(textOf(last(replies))).toContain(t('guide:steps.mfasetup.scanQrCode.title'));
    expect(lines.some((line) => line.includes('dialog stack of an older version cleared'))).toBe(true);

    const resumed = last(await conversation.press(last(replies), 'resume'));
    expect(stepOf(resumed)).toBe('mfasetup.scanQrCode');
    expect(stepOf(last(await conversation.press(resumed, 'next')))).toBe('mfasetup.enterNumber');
  });

  it('takes a typed command with an older stack under the servicedesk question as if nothing ran', async () => {
    const { conversation } = conversationWithLog();
    const t = conversation.t('nl');
    await walkTo(conversation, 'authenticator.openApp');
    await storeOlderStack(conversation, [...olderGuideStack('authenticator', 1), { id: 'handoff', state: { stage: 'ask', inFlow: true } }]);

    const help = await conversation.send('help');
    expect(textOf(last(help))).toContain(t('help.title'));
    expect(findAction(last(help), 'start')).toBeDefined();
    const stopped = await conversation.send('stop');
    expect(stopped.map((reply) => reply.text)).toEqual([t('messages.stopped')]);
  });

  it('goes on with a stack this version knows, also when the SDK\'s version hash of it differs', async () => {
    const { lines, conversation } = conversationWithLog();
    const card = await walkTo(conversation, 'mfasetup.scanQrCode');
    const { storage } = conversation.bot;
    const key = 'msteams/conversations/Convo1/';
    const stored = (await storage.read([key]))[key];
    expect(stored.DialogState.dialogStack[0].state.dialogs.dialogStack).toEqual([{ id: 'guide', state: { position: 'mfasetup.scanQrCode' } }]);
    stored.DialogState.dialogStack[0].version = 'another version';
    await storage.write({ [key]: stored });

    expect(stepOf(last(await conversation.press(card, 'next')))).toBe('mfasetup.enterNumber');
    expect(lines.some((line) => line.includes('older version'))).toBe(false);
  });
});
