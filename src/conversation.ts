import type { i18n } from 'i18next';
import type { AppConfig } from './config';
import type { Logger } from './core/logger';
import { translatorFor } from './i18n/translator';
import type { StateAccessors } from './state/botState';
import { ConversationHistory } from './state/conversationHistory';
import type { GuideCards } from './cards/guideCards';
import { KnowledgeHelp } from './dialogs/knowledgeHelp';
import { MainDialog } from './dialogs/mainDialog';
import { TicketCards } from './cards/ticketCards';
import type { KnowledgeBase } from './knowledge/knowledgeBase';
import type { IntentMatcher } from './knowledge/matcher/intentMatcher';
import type { EventLog } from './events/eventLog';
import type { AgentDirectory } from './bot/memberDirectory';
import { TeamsHandoff } from './bot/servicedesk';
import { ButtonsInViewMemory } from './bot/buttonsInView';
import type { TeamsMessenger } from './bot/messenger';
import { OfficeHoursClock } from './tickets/officeHours';
import { ServicedeskChannelStore } from './tickets/servicedeskChannel';
import { StorageTicketStore } from './tickets/ticketStore';
import type { BotStorage } from './storage/botStorage';
import type { UserDirectory } from './graph/directory';
import type { PeopleStore } from './rollout/peopleStore';
import { findPosition, positionAt } from './guide/setupGuide';

export interface ConversationDeps {
  config: AppConfig;
  i18n: i18n;
  cards: GuideCards;
  knowledgeBase: KnowledgeBase;
  matcher: Pick<IntentMatcher, 'match'>;
  events: EventLog;
  storage: BotStorage;
  state: StateAccessors;
  /** How the servicedesk and users are reached outside the current turn. */
  messenger: TeamsMessenger;
  agents: AgentDirectory;
  /** Microsoft Graph's view of the user (graphOff when Graph is not configured). */
  directory: UserDirectory;
  /** What the bot knows of each user by object id: the guide's progress goes there too, for the rollout's funnel. */
  people: Pick<PeopleStore, 'rememberProgress'>;
  logger: Logger;
  now?: () => Date;
}

/**
 * The conversation's parts, for createApp: knowledge help, the ticket stores, the servicedesk handoff and
 * the main dialog. The handoff hands users back to the guide, so it and the main dialog know each other;
 * this is the one place that ties that knot. What the app needs around them (adapter, middleware, router,
 * server, timers) is wired in app.ts.
 */
export function createConversation(deps: ConversationDeps) {
  const { config, i18n, cards, storage, state, logger } = deps;
  const history = new ConversationHistory(state.history);
  const buttonsInView = new ButtonsInViewMemory(state.buttonsInView);
  const help = new KnowledgeHelp({ cards, knowledgeBase: deps.knowledgeBase, matcher: deps.matcher, events: deps.events, history, logger });
  const hours = config.organisation.servicedesk.hours;
  const ticketCards = new TicketCards({ cards, knowledgeBase: deps.knowledgeBase, clock: new OfficeHoursClock(hours, deps.now) });
  const tickets = new StorageTicketStore(storage);
  const channel = new ServicedeskChannelStore(storage, config.handoff.teamId);
  const handoff: TeamsHandoff = new TeamsHandoff({
    tickets,
    channel,
    messenger: deps.messenger,
    agents: deps.agents,
    cards: ticketCards,
    agentT: translatorFor(i18n, config.handoff.agentLanguage),
    agentLanguage: config.handoff.agentLanguage,
    // Called on an agent's hand-back or close, long after both are built.
    guide: {
      resumeAt: (context, position) => mainDialog.resumeAt(context, position),
      showStepAgain: (context) => mainDialog.showStepAgain(context),
      watch: (context) => buttonsInView.capture(context),
      unwatched: (context, send) => buttonsInView.unwatched(context, send),
    },
    logger,
    now: deps.now,
    postLeaseMs: config.handoff.postLeaseSeconds * 1000,
  });
  const mainDialog: MainDialog = new MainDialog({
    cards,
    help,
    state,
    i18n,
    directory: deps.directory,
    progressMade: async (context, step, completed) => {
      const objectId = context.activity.from?.aadObjectId;
      if (!objectId) return;
      try {
        // The funnel counts parts: the part's first sub-step stands for it.
        const position = findPosition(step);
        const part = position ? positionAt(position.partIndex, 0).key : step;
        await deps.people.rememberProgress(objectId, part, completed, (deps.now?.() ?? new Date()).toISOString());
      } catch (error) {
        // A figure for the servicedesk must not cost the user their step.
        logger.warn('progress not kept for the rollout', { error: (error as Error).name });
      }
    },
    logger,
    now: deps.now,
    handoff: { handoff, ticketCards, history },
  });
  return { history, buttonsInView, tickets, channel, handoff, mainDialog };
}
