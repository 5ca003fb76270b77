import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { TeamsBot } from '../../src/bot/teamsBot';
import { LanguageMiddleware } from '../../src/bot/middleware/languageMiddleware';
import { silentLogger } from '../../src/core/logger';
import { textOf } from '../helpers/cardText';
import { createTestBot } from '../helpers/testApp';

/** The router with the real conversation behind it and the servicedesk side as fakes; `saved` says whether a turn's state gets saved. */
function routedBot({ saved = true } = {}) {
  const bot = createTestBot();
  const handoff = {
    cancelByUser: jest.fn(async () => undefined),
    rate: jest.fn(async () => undefined),
    relayFromUser: jest.fn(async () => false),
    agentAction: jest.fn(async () => undefined),
    agentMessage: jest.fn(async () => true),
    postPending: jest.fn(async () => 0),
  };
  const turns = {
    run: async (context: TurnContext, logic: (turn: TurnContext) => Promise<void>) => {
      if (!saved) return false;
      await logic(context);
      await bot.conversationState.saveChanges(context);
      await bot.userState.saveChanges(context);
      return true;
    },
  };
  const router = new TeamsBot({
    conversationState: bot.conversationState,
    userState: bot.userState,
    turns,
    state: bot.state,
    mainDialog: bot.mainDialog,
    cards: bot.cards,
    history: bot.history,
    logger: silentLogger,
    handoff,
    channel: { store: bot.channel, handoff, servicedeskTeamId: '', agents: { isMember: async () => true }, logger: silentLogger },
  });
  const adapter = new TestAdapter((context) => router.run(context)).use(new LanguageMiddleware(bot.state.profile, bot.i18n));
  const t = bot.i18n.getFixedT('nl');
  const send = async (fields: Partial<Activity>, conversationType = 'personal'): Promise<Partial<Activity>[]> => {
    adapter.activityBuffer.length = 0;
    await adapter.receiveActivity({ type: 'message', locale: 'nl-NL', conversation: { id: 'chat-1', conversationType } as never, ...fields });
    return [...adapter.activityBuffer];
  };
  return { bot, handoff, send, t };
}

/** What each call got after the turn context (which is revoked once its turn is over). */
const secondArguments = (fake: jest.Mock) => fake.mock.calls.map((call: unknown[]) => call[1]);

const mention = { type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: { id: 'bot', name: '2FA Servicedesk' } };
const inTeam = { channelData: { team: { id: 'team-1' }, channel: { id: '19:servicedesk@thread.tacv2' } } };

describe('the router', () => {
  it('hands a personal message to the conversation, without the @mention', async () => {
    const { send, t, handoff } = routedBot();
    const replies = await send({ text: '<at>2FA Servicedesk</at> help', entities: [mention] });
    expect(textOf(replies.at(-1))).toContain(t('help.title'));
    expect(handoff.relayFromUser).toHaveBeenCalledTimes(1);
  });

  it('passes a personal message on to the agent while the chat is taken over, and not to the conversation', async () => {
    const { send, handoff } = routedBot();
    handoff.relayFromUser.mockResolvedValue(true);
    expect(await send({ text: 'help' })).toEqual([]);
  });

  it('sends the cancel and rating buttons of a personal chat to the servicedesk side', async () => {
    const { send, handoff } = routedBot();
    await send({ value: { action: 'cancelTicket', ticket: '1001' } });
    expect(secondArguments(handoff.cancelByUser)).toEqual(['1001']);
    await send({ value: { action: 'rateTicket', ticket: '1001', score: 4 } });
    expect(secondArguments(handoff.rate)).toMatchObject([{ action: 'rateTicket', ticket: '1001', score: 4 }]);
    expect(handoff.relayFromUser).not.toHaveBeenCalled();
  });

  it('forgets the user on "verwijder mijn gegevens" and keeps no history of that turn', async () => {
    const { bot, send, t } = routedBot();
    await send({ text: 'start' });
    const replies = await send({ text: 'verwijder mijn gegevens' });
    expect(replies.map((reply) => reply.text)).toEqual([t('messages.forgotten')]);
    const stored = JSON.stringify((bot.storage as unknown as { memory: Record<string, string> }).memory);
    expect(stored).not.toContain('verwijder mijn gegevens');
    expect(stored).not.toContain('"progress"');
  });

  it('sends a ticket card button in a channel to the agent side, "registreer" to the registration, other talk to the thread relay', async () => {
    const { bot, send, t, handoff } = routedBot();
    await send({ value: { action: 'ticket', op: 'take', ticket: '1001' }, ...inTeam }, 'channel');
    expect(secondArguments(handoff.agentAction)).toMatchObject([{ action: 'ticket', op: 'take', ticket: '1001' }]);

    const registered = await send({ text: '<at>2FA Servicedesk</at> registreer', entities: [mention], ...inTeam }, 'channel');
    expect(registered.map((reply) => reply.text)).toEqual([t('servicedeskChannel.registered')]);
    expect(await bot.channel.get()).toMatchObject({ teamId: 'team-1', channelId: '19:servicedesk@thread.tacv2' });
    expect(handoff.postPending).toHaveBeenCalledTimes(1);

    expect(await send({ text: 'help', ...inTeam }, 'channel')).toEqual([]);
    expect(handoff.agentMessage).toHaveBeenCalledTimes(1);
    expect(handoff.relayFromUser).not.toHaveBeenCalled();
  });

  it('leaves group chats alone', async () => {
    const { send, handoff } = routedBot();
    expect(await send({ text: 'help' }, 'groupChat')).toEqual([]);
    expect(handoff.relayFromUser).not.toHaveBeenCalled();
    expect(handoff.agentMessage).not.toHaveBeenCalled();
  });

  it('welcomes once on install in a personal chat or when added to one, and explains registration when installed in a team', async () => {
    const { send, t } = routedBot();
    const installed = await send({ type: 'installationUpdate', action: 'add' });
    expect(textOf(installed[0])).toContain(t('welcome.title'));
    expect(await send({ type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: '2FA Servicedesk' }] })).toEqual([]);
    const inChannel = await send({ type: 'installationUpdate', action: 'add' }, 'channel');
    expect(inChannel.map((reply) => reply.text)).toEqual([t('servicedeskChannel.installed')]);

    const other = routedBot();
    const added = await other.send({ type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: '2FA Servicedesk' }] });
    expect(textOf(added[0])).toContain(t('welcome.title'));
  });

  it('tells a person whose turn was not saved to try again, and stays silent on events', async () => {
    const { send, t } = routedBot({ saved: false });
    expect((await send({ text: 'start' })).map((reply) => reply.text)).toEqual([t('concurrentTurns.refused')]);
    expect(await send({ type: 'installationUpdate', action: 'add' })).toEqual([]);
  });
});
