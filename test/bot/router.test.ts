import type { Activity } from 'botbuilder';
import { VersionedTurns } from '../../src/bot/versionedState';
import { textOf } from '../helpers/cardText';
import { servicedesk, startTestApp, translate, type TestApp } from '../helpers/appHarness';

/** The bot as the harness's activities name it (their recipient). */
const botAccount = { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' };

/**
 * The router in the whole app, with the servicedesk side replaced by fakes on the app's own handoff (the router
 * holds that object), so that each route shows where it sends an activity; `saved` says whether a turn's state
 * gets saved.
 */
async function routedBot({ saved = true } = {}) {
  const app = await startTestApp();
  const { handoff: real } = app.app;
  const handoff = {
    cancelByUser: jest.spyOn(real, 'cancelByUser').mockResolvedValue(undefined),
    rate: jest.spyOn(real, 'rate').mockResolvedValue(undefined),
    relayFromUser: jest.spyOn(real, 'relayFromUser').mockResolvedValue(false),
    agentAction: jest.spyOn(real, 'agentAction').mockResolvedValue(undefined),
    agentMessage: jest.spyOn(real, 'agentMessage').mockResolvedValue(true),
    postPending: jest.spyOn(real, 'postPending').mockResolvedValue(0),
  };
  if (!saved) jest.spyOn(VersionedTurns.prototype, 'run').mockResolvedValue(false);
  const user = app.user('nl-NL');
  const t = translate('nl');
  const send = (fields: Partial<Activity>): Promise<Partial<Activity>[]> => user.send(fields);
  const inChannel = (fields: Partial<Activity>): Promise<Partial<Activity>[]> =>
    app.post(app.inChannel(servicedesk.agent, `${servicedesk.channelId};messageid=1700000000001`, fields));
  return { app, handoff, send, inChannel, t };
}

afterEach(() => jest.restoreAllMocks());

/** What each call got after the turn context (which is revoked once its turn is over). */
const secondArguments = (fake: jest.SpyInstance) => fake.mock.calls.map((call: unknown[]) => call[1]);

const mention = { type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: botAccount };

/** A group chat with the bot: the user's activity, in a conversation Teams calls a group chat. */
function inGroupChat(app: TestApp, fields: Partial<Activity>): Promise<Partial<Activity>[]> {
  const conversation = { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, name: '' };
  return app.user('nl-NL').send({ ...fields, conversation } as Partial<Activity>);
}

describe('the router', () => {
  it('hands a personal message to the conversation, without the @mention', async () => {
    const { send, t, handoff } = await routedBot();
    const replies = await send({ text: '<at>2FA Servicedesk</at> help', entities: [mention] });
    expect(textOf(replies.at(-1))).toContain(t('help.title'));
    expect(handoff.relayFromUser).toHaveBeenCalledTimes(1);
  });

  it('passes a personal message on to the agent while the chat is taken over, and not to the conversation', async () => {
    const { send, handoff } = await routedBot();
    handoff.relayFromUser.mockResolvedValue(true);
    expect(await send({ text: 'help' })).toEqual([]);
  });

  it('sends the cancel and rating buttons of a personal chat to the servicedesk side', async () => {
    const { send, handoff } = await routedBot();
    await send({ value: { action: 'cancelTicket', ticket: '1001' } });
    expect(secondArguments(handoff.cancelByUser)).toEqual(['1001']);
    await send({ value: { action: 'rateTicket', ticket: '1001', score: 4 } });
    expect(secondArguments(handoff.rate)).toMatchObject([{ action: 'rateTicket', ticket: '1001', score: 4 }]);
    expect(handoff.relayFromUser).not.toHaveBeenCalled();
  });

  it('forgets the user on "verwijder mijn gegevens" and keeps no history of that turn', async () => {
    const { app, send, t } = await routedBot();
    await send({ text: 'start' });
    const asked = await send({ text: 'verwijder mijn gegevens' });
    expect(textOf(asked[0])).toContain(t('confirm.heading'));
    // The store holds JSON inside JSON: a key reads \"progress\" there.
    expect(app.stored()).toContain('\\"progress\\"');
    const replies = await send({ text: 'ja' });
    expect(replies.map((reply) => reply.text)).toEqual([t('messages.forgotten')]);
    const stored = app.stored();
    expect(stored).not.toContain('verwijder mijn gegevens');
    expect(stored).not.toContain('buttonsInView');
    expect(stored).not.toContain('\\"progress\\"');
  });

  it('sends a ticket card button in a channel to the agent side, "registreer" to the registration, other talk to the thread relay', async () => {
    const { app, inChannel, t, handoff } = await routedBot();
    await inChannel({ type: 'message', value: { action: 'ticket', op: 'take', ticket: '1001' } });
    expect(secondArguments(handoff.agentAction)).toMatchObject([{ action: 'ticket', op: 'take', ticket: '1001' }]);

    const registered = await inChannel({ type: 'message', text: '<at>2FA Servicedesk</at> registreer', entities: [mention] });
    expect(registered.map((reply) => reply.text)).toEqual([t('servicedeskChannel.registered')]);
    expect(await app.app.servicedeskChannel.get()).toMatchObject({ teamId: servicedesk.team.id, channelId: servicedesk.channelId });
    expect(handoff.postPending).toHaveBeenCalledTimes(1);

    expect(await inChannel({ type: 'message', text: 'help' })).toEqual([]);
    expect(handoff.agentMessage).toHaveBeenCalledTimes(1);
    expect(handoff.relayFromUser).not.toHaveBeenCalled();
  });

  it('leaves group chats alone', async () => {
    const { app, handoff } = await routedBot();
    expect(await inGroupChat(app, { text: 'help' })).toEqual([]);
    expect(handoff.relayFromUser).not.toHaveBeenCalled();
    expect(handoff.agentMessage).not.toHaveBeenCalled();
  });

  it('welcomes once on install in a personal chat or when added to one, and explains registration when installed in a team', async () => {
    const { app, send, inChannel, t } = await routedBot();
    const installed = await send({ type: 'installationUpdate', action: 'add' });
    expect(textOf(installed[0])).toContain(t('welcome.title'));
    expect(await send({ type: 'conversationUpdate', membersAdded: [botAccount] })).toEqual([]);
    const installedInChannel = await inChannel({ type: 'installationUpdate', action: 'add' });
    expect(installedInChannel.map((reply) => reply.text)).toEqual([t('servicedeskChannel.installed')]);

    const other = app.user('nl-NL');
    const added = await other.send({ type: 'conversationUpdate', membersAdded: [botAccount] });
    expect(textOf(added[0])).toContain(t('welcome.title'));
  });

  it('tells a person whose turn was not saved to try again, and stays silent on events', async () => {
    const { send, t } = await routedBot({ saved: false });
    expect((await send({ text: 'start' })).map((reply) => reply.text)).toEqual([t('concurrentTurns.refused')]);
    expect(await send({ type: 'installationUpdate', action: 'add' })).toEqual([]);
  });
});
