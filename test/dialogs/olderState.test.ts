import { findAction, stepOf, textOf } from '../helpers/cardText';
import { last, startTestApp, translate, type ChatUser } from '../helpers/appHarness';

/** A dialog stack as the previous version stored it: the guide as 'setup' with one waterfall per part. */
const olderGuideStack = (part: string, stepIndex: number) => [
  { id: 'main.route', state: { options: {}, values: { instanceId: 'b27dd29e-f8ef-466a-8ad0-a44ffd33f8a0' }, stepIndex: 0 } },
  {
    id: 'setup',
    state: { dialogs: { dialogStack: [{ id: `setup.${part}`, state: { options: { startAt: 0 }, values: { instanceId: 'cd840895-1858-4e1f-a51d-0a8acfe336d5' }, stepIndex } }] } },
    version: '1723979447',
  },
];

/** The conversation state of this chat as the app stored it, and a way to store it changed, between two turns. */
async function storedState(conversation: ChatUser) {
  const { storage } = conversation.testApp.bot;
  const key = `msteams/conversations/${conversation.conversationId}/`;
  const stored = (await storage.read([key]))[key];
  return { stored, write: () => storage.write({ [key]: stored }) };
}

/** Puts `innerStack` in the stored conversation state, in place of the root's own. */
async function storeOlderStack(conversation: ChatUser, innerStack: unknown[]): Promise<void> {
  const { stored, write } = await storedState(conversation);
  expect(stored.dialogState.dialogStack[0].id).toBe('main');
  stored.dialogState = { dialogStack: [{ id: 'main', state: { dialogs: { dialogStack: innerStack } }, version: '-2069639805' }] };
  await write();
}

/** A user's chat with the whole app, and the lines the app logs. */
async function conversationWithLog() {
  const app = await startTestApp();
  return { lines: app.bot.lines, conversation: app.user('nl-NL') };
}

describe('a conversation stored by the previous version', () => {
  it('answers a button of the older guide as if no dialog ran, and goes on from the stored progress', async () => {
    const { lines, conversation } = await conversationWithLog();
    const t = translate('nl');
    const card = await conversation.walkTo('mfasetup.scanQrCode');
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
    const { conversation } = await conversationWithLog();
    const t = translate('nl');
    await conversation.walkTo('authenticator.openApp');
    await storeOlderStack(conversation, [...olderGuideStack('authenticator', 1), { id: 'handoff', state: { stage: 'ask', inFlow: true } }]);

    const help = await conversation.send('help');
    expect(textOf(last(help))).toContain(t('help.title'));
    expect(findAction(last(help), 'start')).toBeDefined();
    const stopped = await conversation.send('stop');
    expect(stopped.map((reply) => reply.text)).toEqual([t('messages.stopped')]);
  });

  it('goes on with a stack this version knows, also when the SDK\'s version hash of it differs', async () => {
    const { lines, conversation } = await conversationWithLog();
    const card = await conversation.walkTo('mfasetup.scanQrCode');
    const { stored, write } = await storedState(conversation);
    expect(stored.dialogState.dialogStack[0].state.dialogs.dialogStack).toEqual([{ id: 'guide', state: { position: 'mfasetup.scanQrCode' } }]);
    stored.dialogState.dialogStack[0].version = 'another version';
    await write();

    expect(stepOf(last(await conversation.press(card, 'next')))).toBe('mfasetup.enterNumber');
    expect(lines.some((line) => line.includes('older version'))).toBe(false);
  });
});
