import type { CloudAdapter } from 'botbuilder';
import { MemoryStore, canPurge, type BotStorage } from './services/storage/botStorage';
import type { Server } from 'restify';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import { createI18n } from './i18n';
import { createAdapter } from './bot/adapter';
import { LanguageMiddleware } from './bot/languageMiddleware';
import { SerialTurnsMiddleware } from './bot/serialTurns';
import { FloodGateMiddleware } from './bot/floodGate';
import { connectorTrafficFor } from './bot/connectorTraffic';
import { SecretWarningMiddleware } from './bot/secretWarningMiddleware';
import { DuplicateActivityMiddleware, processedActivitiesOf } from './bot/duplicateActivities';
import { VersionedTurns, createVersionedStates } from './bot/versionedState';
import { TeamsBot } from './bot/teamsBot';
import { GuideCards } from './dialogs/guideCards';
import { loadIntentMatcher } from './knowledge/loadIntentMatcher';
import { StorageEventLog } from './services/events/storageEventLog';
import { BotMessenger } from './services/handoff/messenger';
import { TeamAgentDirectory } from './services/handoff/agentDirectory';
import { HandoffEventGuard } from './bot/handoffEventGuard';
import { createStateAccessors } from './dialogs/stateAccessors';
import { loadKnowledgeBase } from './knowledge/loadKnowledgeBase';
import { publicDir } from './paths';
import { createServer } from './server';
import { createConversation } from './conversation';
import type { HandoffService } from './services/handoff/handoffService';
import type { StorageTicketStore } from './services/handoff/ticketStore';
import type { ServicedeskChannelStore } from './services/handoff/servicedeskChannel';

export interface App {
  server: Server;
  adapter: CloudAdapter;
  bot: TeamsBot;
  handoff: HandoffService;
  tickets: StorageTicketStore;
  servicedeskChannel: ServicedeskChannelStore;
}

/**
 * Wires configuration → services → dialogs → bot → server; index.ts only adds listen() and signals.
 * `storage` holds everything that must last: conversation and user state, processed activity ids, events.
 */
export function createApp(config: AppConfig, logger: Logger, storage: BotStorage = new MemoryStore()): App {
  const i18n = createI18n((language, namespace, key) => logger.warn('missing translation', { language, namespace, key }));
  const knowledgeBase = loadKnowledgeBase();
  knowledgeBase.requireAll(GuideCards.referencedIntents(), 'setupGuide');

  const { conversationState, userState } = createVersionedStates(storage);
  const turns = new VersionedTurns([conversationState, userState], logger);
  const state = createStateAccessors(conversationState, userState);

  const cards = new GuideCards({ organisation: config.organisation, knowledgeBase, publicBaseUrl: config.publicBaseUrl });
  const traffic = connectorTrafficFor(config, logger);
  const adapter = createAdapter(config, i18n, logger, traffic);
  const agents = new TeamAgentDirectory();
  const { history, tickets, channel: servicedeskChannel, handoff, mainDialog } = createConversation({
    config,
    i18n,
    cards,
    matcher: loadIntentMatcher(knowledgeBase),
    events: new StorageEventLog(storage, logger),
    storage,
    state,
    messenger: new BotMessenger(adapter, config.botAuth.MicrosoftAppId, turns),
    agents,
    logger,
  });

  // Only SQLite can find records by prefix; elsewhere the processed-activity ids expire by themselves.
  const forgetRecords = async (channelId: string, conversationId: string) =>
    canPurge(storage) ? storage.purge(processedActivitiesOf(channelId, conversationId), new Date(8.64e15)) : 0;
  const bot = new TeamsBot({
    conversationState,
    userState,
    turns,
    state,
    mainDialog,
    cards,
    logger,
    forgetRecords,
    history,
    handoff,
    channel: { store: servicedeskChannel, handoff, servicedeskTeamId: config.handoff.teamId, agents, logger },
  });
  adapter.use(new FloodGateMiddleware(i18n, logger, traffic));
  adapter.use(new SerialTurnsMiddleware(logger));
  adapter.use(new DuplicateActivityMiddleware(storage, logger));
  adapter.use(new LanguageMiddleware(state.profile, i18n));
  adapter.use(new SecretWarningMiddleware(logger));
  adapter.use(new HandoffEventGuard(logger));
  // Local mode has no authentication: replies may only go to a Bot Connector on this machine.
  const door = { loopbackOnly: !config.botAuth.MicrosoftAppId };
  const server = createServer({ adapter, bot, logger, publicDir: publicDir(), door });
  return { server, adapter, bot, handoff, tickets, servicedeskChannel };
}
