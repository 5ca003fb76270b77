import type { CloudAdapter } from 'botbuilder';
import { isConnected, type BotStorage } from './storage/botStorage';
import type { Server } from 'restify';
import type { AppConfig } from './config';
import type { Logger } from './core/logger';
import { createI18n } from './i18n/translator';
import { GuideContent } from './tabs/guideContent';
import { createAdapter } from './bot/connector/adapter';
import { LanguageMiddleware } from './bot/middleware/languageMiddleware';
import { SerialTurnsMiddleware } from './bot/middleware/serialTurns';
import { FloodGateMiddleware, defaultFloodGateOptions, type FloodGateOptions } from './bot/middleware/floodGate';
import { connectorTrafficFor } from './bot/connector/connectorTraffic';
import { teamsConversationLimits, type RateWindow } from './bot/connector/conversationPacer';
import { UserNameMiddleware } from './bot/middleware/userNameMiddleware';
import { SecretWarningMiddleware } from './bot/middleware/secretWarningMiddleware';
import { DuplicateActivityMiddleware, processedActivitiesOf, processedActivityRetention } from './bot/middleware/duplicateActivities';
import { VersionedTurns, createVersionedStates } from './bot/versionedState';
import { TeamsBot } from './bot/teamsBot';
import { GuideCards } from './cards/guideCards';
import { problemIntents } from './guide/setupGuide';
import { startIntentMatcher } from './knowledge/loadIntentMatcher';
import type { IntentMatcher } from './knowledge/matcher/intentMatcher';
import { isLoopbackHost } from './core/loopback';
import { scheduleTicketRetry } from './handoff/ticketRetry';
import { checkServicedeskChannel } from './tickets/servicedeskChannel';
import { StorageEventLog, eventRetention } from './events/storageEventLog';
import type { EventLog } from './events/eventLog';
import { ticketRetention } from './tickets/ticketStore';
import { scheduleRetention } from './storage/retention';
import { BotMessenger } from './bot/messenger';
import { TeamAgentDirectory } from './bot/memberDirectory';
import { createStateAccessors } from './state/stateAccessors';
import { stateRetention } from './state/stateRetention';
import { loadKnowledgeBase } from './knowledge/loadKnowledgeBase';
import { publicDir } from './core/paths';
import { createServer } from './bot/http/server';
import type { UserDirectory } from './graph/directory';
import type { RolloutGraph } from './graph/rollout';
import { createGraph } from './graph/createDirectory';
import { PeopleStore, peopleRetention } from './rollout/peopleStore';
import { RolloutStore, rolloutRetention } from './rollout/rolloutStore';
import { RolloutJobs } from './rollout/rolloutJobs';
import { RolloutStatusQuery } from './rollout/rolloutStatusQuery';
import { RolloutCards } from './cards/rolloutCards';
import { TeamsRolloutMessenger } from './bot/rolloutMessenger';
import { RolloutCommands } from './bot/rolloutCommands';
import { eventsSince } from './events/storageEventLog';
import { translatorFor } from './i18n/translator';
import { graphCacheRetention } from './graph/directoryCache';
import { createConversation } from './conversation';
import type { TeamsHandoff } from './bot/servicedesk';
import type { ServicedeskChannelStore } from './tickets/servicedeskChannel';
import type { TicketStore } from './tickets/ticketStore';
import { createDashboardApi } from './tabs/dashboardApi';

/** What lies outside the process: passed in by index.ts, and replaced by the tests. */
export interface AppPorts {
  /** Everything that must last: conversation and user state, processed activity ids, tickets, events. */
  storage: BotStorage;
  logger: Logger;
  /** The clock of ticket times and office hours; the system clock by default. */
  now?: () => Date;
  /** The trained matcher; by default the model `npm run build` saved, or trained here (the tests train one per worker and share it). */
  matcher?: Pick<IntentMatcher, 'match'>;
  /** Where the knowledge-base events go; the store by default. */
  events?: EventLog;
  /** How fast Teams takes replies and people send; Teams' pace by default. A stub connector takes any pace. */
  pace?: Pace;
  /** Microsoft Graph's view of users; by default built from the configuration (graphOff, with one log line, without it). */
  directory?: UserDirectory;
  /** What the rollout asks of Graph; by default built from the configuration, on the same gateway as the directory. */
  rolloutGraph?: RolloutGraph;
}

export interface Pace {
  /** Teams' limits on the bot's sends per conversation. */
  perConversation: readonly RateWindow[];
  /** What one sender may have pending and send in a burst before the flood gate turns activities away. */
  perSender: FloodGateOptions;
}

export const teamsPace: Pace = { perConversation: teamsConversationLimits, perSender: defaultFloodGateOptions };

export interface App {
  server: Server;
  adapter: CloudAdapter;
  bot: TeamsBot;
  handoff: TeamsHandoff;
  /** The tickets, for the tests' look at what was stored. */
  tickets: TicketStore;
  servicedeskChannel: ServicedeskChannelStore;
  /** Opens the store, checks the servicedesk channel, starts retention and the ticket retry, and listens; resolves with the server's address. */
  start(): Promise<string>;
  /** Stops listening and the timers, then closes the store. */
  stop(): Promise<void>;
}

/**
 * Wires configuration → services → dialogs → bot → server; index.ts only adds the process (signals, exit).
 * The tests build the app here too, with a memory or file store, a recording logger and a stub connector.
 */
export function createApp(config: AppConfig, ports: AppPorts): App {
  const { storage, logger, pace = teamsPace } = ports;
  const i18n = createI18n((language, namespace, key) => logger.warn('missing translation', { language, namespace, key }));
  const knowledgeBase = loadKnowledgeBase();
  knowledgeBase.requireAll(problemIntents(), 'setupGuide');

  const { conversationState, userState } = createVersionedStates(storage);
  const turns = new VersionedTurns(storage, [conversationState, userState], logger);
  const state = createStateAccessors(conversationState, userState);

  const cards = new GuideCards({ organisation: config.organisation, knowledgeBase, publicBaseUrl: config.publicBaseUrl, teamsAppId: config.rollout.manifestAppId });
  const traffic = connectorTrafficFor(config, logger, pace.perConversation);
  const adapter = createAdapter(config, i18n, logger, traffic);
  const agents = new TeamAgentDirectory(ports.now ? () => ports.now!().getTime() : undefined);
  const graph = createGraph(config.graph, storage, logger, { rollout: { manifestAppId: config.rollout.manifestAppId, catalogAppId: config.rollout.catalogAppId } });
  const directory = ports.directory ?? graph.directory;
  const people = new PeopleStore(storage);
  const messenger = new BotMessenger(adapter, config.botAuth.MicrosoftAppId, turns);
  const { history, buttonsInView, tickets, channel: servicedeskChannel, handoff, mainDialog } = createConversation({
    config,
    i18n,
    cards,
    knowledgeBase,
    matcher: ports.matcher ?? startIntentMatcher(knowledgeBase, logger),
    events: ports.events ?? new StorageEventLog(storage, logger),
    storage,
    state,
    messenger,
    agents,
    directory,
    people,
    logger,
    now: ports.now,
  });

  // The rollout from the servicedesk channel: its job, its figures and its commands.
  const rollouts = new RolloutStore(storage);
  const rolloutGraph = ports.rolloutGraph ?? graph.rollout;
  const rolloutCards = new RolloutCards({ cards, knowledgeBase, timeZone: config.organisation.servicedesk.hours.timeZone });
  const agentT = translatorFor(i18n, config.handoff.agentLanguage);
  const jobs = new RolloutJobs({
    graph: rolloutGraph,
    store: rollouts,
    people,
    messenger: new TeamsRolloutMessenger({ messenger, progress: state.progress, i18n, cards, rolloutCards, agentLanguage: config.handoff.agentLanguage, logger }),
    logger,
    now: ports.now,
    options: {
      messageRate: { limit: config.rollout.messagesPerSecond, windowMs: 1000 },
      installGraceMs: config.rollout.installGraceSeconds * 1000,
      progressEveryMs: config.rollout.progressSeconds * 1000,
      stalledAfterMs: config.rollout.stalledHours * 60 * 60 * 1000,
    },
  });
  const rolloutStatus = new RolloutStatusQuery({ store: rollouts, people, graph: rolloutGraph, directory, events: (since) => eventsSince(storage, since), logger, now: ports.now });
  const rolloutCommands = new RolloutCommands({
    jobs,
    status: rolloutStatus,
    rolloutCards,
    messenger,
    agents,
    channel: servicedeskChannel,
    agentT,
    agentLanguage: config.handoff.agentLanguage,
    logger,
  });

  // "Verwijder mijn gegevens": beyond the state, the conversation's processed activity ids, Graph's answers about the
  // user, what the bot knew of them by object id, and their name in the rollouts' member lists.
  const forgetRecords = async (channelId: string, conversationId: string, userObjectId: string | undefined) => {
    if (userObjectId) await Promise.all([directory.forget(userObjectId), people.forget(userObjectId), rollouts.forgetNames(userObjectId)]);
    return storage.purge(processedActivitiesOf(channelId, conversationId), new Date(8.64e15));
  };
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
    buttonsInView,
    handoff,
    channel: { store: servicedeskChannel, handoff, servicedeskTeamId: config.handoff.teamId, agents, logger },
    rollout: rolloutCommands,
    people,
  });
  adapter.use(new FloodGateMiddleware(i18n, logger, traffic, pace.perSender));
  adapter.use(new SerialTurnsMiddleware(logger));
  adapter.use(new DuplicateActivityMiddleware(storage, logger));
  // Who the user is (first name, UPN, preferred language): Teams' member record and Graph, each within its own deadline
  // (a directory passed in without Graph configured, as the tests do, gets GRAPH_TIMEOUT_MS's default).
  const known = { directory, upnDomain: config.organisation.upnDomain, timeoutMs: config.graph.enabled ? config.graph.timeoutMs : 3000, logger, now: ports.now };
  adapter.use(new LanguageMiddleware(state.profile, i18n, known));
  adapter.use(new UserNameMiddleware(state.profile, known));
  adapter.use(new SecretWarningMiddleware(logger));
  // Local mode has no authentication: replies may only go to a Bot Connector on this machine.
  const door = { loopbackOnly: !config.botAuth.MicrosoftAppId };
  const configTexts = (t: typeof agentT) => ({ heading: t('tabs.config.heading'), intro: t('tabs.config.intro'), tabName: t('tabs.config.tabName'), outsideTeams: t('tabs.config.outsideTeams') });
  const tabs = {
    buildDir: config.tabs.buildDir,
    titles: { guide: agentT('tabs.guide.title'), dashboard: agentT('tabs.dashboard.title'), config: agentT('tabs.config.title') },
    embeddedTexts: { config: { nl: configTexts(translatorFor(i18n, 'nl')), en: configTexts(translatorFor(i18n, 'en')) } },
    apis: {
      guide: new GuideContent({ cards, i18n, organisation: config.organisation }).api,
      dashboard: createDashboardApi({ config, adapter, agents, channel: servicedeskChannel, storage, rollout: rolloutStatus, knowledgeBase, cards, i18n, logger, now: ports.now }),
    },
    logger,
  };
  const server = createServer({ adapter, bot, logger, publicDir: publicDir(), door, tabs });
  // What each part keeps in the store and for how long.
  const hasOpenTicket = async (conversationId: string) => (await tickets.activeFor(conversationId)) !== undefined;
  const retention = [eventRetention, ...ticketRetention, processedActivityRetention, ...stateRetention(hasOpenTicket), graphCacheRetention, peopleRetention, ...rolloutRetention];

  const stops: Array<() => void> = [];
  const start = async (): Promise<string> => {
    if (isConnected(storage)) {
      try {
        storage.open();
      } catch (error) {
        // Keep serving: each turn apologises until the store can be opened (see onTurnError).
        logger.error('storage unavailable at start-up', { store: config.storage.kind, detail: (error as Error).message });
      }
    }
    stops.push(scheduleRetention(storage, retention, config.storage.retentionDays, logger));
    await checkServicedeskChannel(servicedeskChannel, config.handoff.teamId, logger);
    stops.push(scheduleTicketRetry(handoff, config.handoff.retrySeconds, logger));
    // Rollouts cut off by a restart (or left by an instance that stopped) go on.
    jobs.resume();
    await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
    const local = !config.botAuth.MicrosoftAppId;
    logger.info('bot listening', {
      url: server.url,
      host: config.host,
      mode: local ? 'local (no MicrosoftAppId: no auth; replies only to a Bot Connector on this machine)' : 'authenticated',
      reachable: isLoopbackHost(config.host) ? 'from this machine only' : 'from the network',
      publicBaseUrl: config.publicBaseUrl,
      storage: config.storage.kind === 'sqlite' ? `sqlite (${config.storage.sqlitePath})` : config.storage.kind,
    });
    return server.url;
  };
  const stop = async (): Promise<void> => {
    for (const stopOne of stops.splice(0)) stopOne();
    // No new connections; kept-alive ones that are idle close now, the rest once their turn is answered (or cut
    // after a few seconds, within index.ts's five). Meanwhile the rollouts finish the members under way.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.server.closeIdleConnections();
    const cut = setTimeout(() => server.server.closeAllConnections(), 3000).unref();
    await Promise.all([jobs.stop(), closed]);
    clearTimeout(cut);
    if (isConnected(storage)) storage.close();
  };
  return { server, adapter, bot, handoff, tickets, servicedeskChannel, start, stop };
}
