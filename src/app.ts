import type { CloudAdapter } from 'botbuilder';
import { MemoryStore, canPurge, type BotStorage } from './storage/botStorage';
import type { Server } from 'restify';
import type { AppConfig } from './config';
import type { Logger } from './core/logger';
import { createI18n } from './i18n/translator';
import { createAdapter } from './bot/connector/adapter';
import { LanguageMiddleware } from './bot/middleware/languageMiddleware';
import { SerialTurnsMiddleware } from './bot/middleware/serialTurns';
import { FloodGateMiddleware } from './bot/middleware/floodGate';
import { connectorTrafficFor } from './bot/connector/connectorTraffic';
import { SecretWarningMiddleware } from './bot/middleware/secretWarningMiddleware';
import { DuplicateActivityMiddleware, processedActivitiesOf, processedActivityRetention } from './bot/middleware/duplicateActivities';
import { VersionedTurns, createVersionedStates } from './bot/versionedState';
import { TeamsBot } from './bot/teamsBot';
import { GuideCards } from './cards/guideCards';
import { loadIntentMatcher } from './knowledge/loadIntentMatcher';
import { StorageEventLog, eventRetention } from './events/storageEventLog';
import { ticketRetention } from './tickets/ticketStore';
import type { RetentionRule } from './storage/retention';
import { BotMessenger } from './bot/messenger';
import { TeamAgentDirectory } from './bot/memberDirectory';
import { createStateAccessors } from './state/stateAccessors';
import { loadKnowledgeBase } from './knowledge/loadKnowledgeBase';
import { publicDir } from './core/paths';
import { createServer } from './bot/http/server';
import { createConversation } from './conversation';
import type { TeamsHandoff } from './bot/servicedesk';
import type { ServicedeskChannelStore } from './tickets/servicedeskChannel';

export interface App {
  server: Server;
  adapter: CloudAdapter;
  bot: TeamsBot;
  handoff: TeamsHandoff;
  servicedeskChannel: ServicedeskChannelStore;
  /** What each part keeps in the store and for how long (see scheduleRetention). */
  retention: RetentionRule[];
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
  const { history, channel: servicedeskChannel, handoff, mainDialog } = createConversation({
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
  // Local mode has no authentication: replies may only go to a Bot Connector on this machine.
  const door = { loopbackOnly: !config.botAuth.MicrosoftAppId };
  const server = createServer({ adapter, bot, logger, publicDir: publicDir(), door });
  const retention = [eventRetention, ...ticketRetention, processedActivityRetention];
  return { server, adapter, bot, handoff, servicedeskChannel, retention };
}
