import { randomUUID } from 'node:crypto';
import { ActivityTypes, TurnContext, type Attachment } from 'botbuilder';
import type { Language } from '../i18n/language';
import { turnLanguage, turnT, type Translator } from '../i18n/translator';
import type { Logger } from '../core/logger';
import { turnMeaning } from '../commands/meaning';
import type { SubmitData } from '../cards/actions';
import type { TicketCards } from '../cards/ticketCards';
import { createHandoff, type Handoff } from '../handoff/handoff';
import type { AgentActionOutcome, ChannelActor, Delivery } from '../handoff/servicedeskSide';
import type { TicketRequest } from '../handoff/userSide';
import type { ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import type { Ticket } from '../tickets/ticket';
import type { TicketStore } from '../tickets/ticketStore';
import { membersFor, type AgentDirectory } from './memberDirectory';
import { handoffMessenger, threadRootOf, type GuideInChat, type TeamsMessenger } from './messenger';

export interface TeamsHandoffDeps {
  tickets: TicketStore;
  channel: ServicedeskChannelStore;
  messenger: TeamsMessenger;
  agents: AgentDirectory;
  cards: TicketCards;
  /** The servicedesk's translator and language, for ticket cards and thread notes. */
  agentT: Translator;
  agentLanguage: Language;
  /** The guide in the user's chat: opened at a position (the agent's "Terug naar de bot"), its card shown again. */
  guide: GuideInChat;
  logger: Logger;
  now?: () => Date;
  /** How long the user's turn waits for the channel post before answering anyway (ms). */
  postWaitMs?: number;
  /** How long a claim on a ticket's channel post holds (ms); see PostQueue. */
  postLeaseMs?: number;
}

/** Teams adds an HTML copy of every channel message; it is not something to pass on. */
const relayedAttachment = (attachment: Attachment) => attachment.contentType !== 'text/html';

const ratingReplies = {
  thanks: 'handoff.rating.thanks',
  unknownTicket: 'messages.notUnderstoodOutsideFlow',
  notClosed: 'handoff.rating.notClosed',
  already: 'handoff.rating.already',
} as const;

/**
 * The servicedesk handoff as the router and the dialogs call it, on a Teams turn: reads who acts and what
 * they sent from the activity, runs the use case (src/handoff) and answers in the turn (the user in their
 * language, agents in the servicedesk's).
 */
export class TeamsHandoff {
  private readonly handoff: Handoff;

  constructor(private readonly deps: TeamsHandoffDeps) {
    this.handoff = createHandoff({ ...deps, messenger: handoffMessenger(deps.messenger, deps.guide) });
  }

  async activeTicket(context: TurnContext): Promise<Ticket | undefined> {
    return this.handoff.user.activeTicket(context.activity.conversation.id);
  }

  /** The ticket of this consent activity (the same one again when Teams redelivers it). */
  async createTicket(context: TurnContext, request: TicketRequest): Promise<Ticket> {
    const { activity } = context;
    // Without an activity id (never from Teams) nothing can recognise a second copy.
    const escalation = { conversationId: activity.conversation.id, activityId: activity.id || randomUUID() };
    const user = {
      id: activity.from.id,
      name: activity.from.name,
      aadObjectId: activity.from.aadObjectId,
      language: turnLanguage(context),
      reference: TurnContext.getConversationReference(activity),
    };
    return this.handoff.user.createTicket(escalation, user, request, membersFor(this.deps.agents, context));
  }

  /** Posts every stored ticket that is not in the channel yet; resolves with how many went out. */
  async postPending(): Promise<number> {
    return this.handoff.queue.postPending();
  }

  /** "Ticket annuleren" (button or words) in the user's chat. */
  async cancelByUser(context: TurnContext, ticketId?: string): Promise<void> {
    const t = turnT(context);
    const outcome = await this.handoff.user.cancel(context.activity.conversation.id, ticketId);
    await context.sendActivity(outcome.kind === 'cancelled' ? t('handoff.cancelled', { number: outcome.ticket.id }) : t('handoff.nothingToCancel'));
  }

  /** A 1–5 rating (and optional comment) on a closed ticket. */
  async rate(context: TurnContext, data: SubmitData): Promise<void> {
    const outcome = await this.handoff.user.rate(context.activity.conversation.id, data);
    await context.sendActivity(turnT(context)(ratingReplies[outcome.kind]));
  }

  /** While an agent has taken over the chat, what the user sends goes to them. Resolves false when not, so the bot handles the message. */
  async relayFromUser(context: TurnContext): Promise<boolean> {
    const { activity } = context;
    if (activity.type !== ActivityTypes.Message || activity.value !== undefined) return false;
    const message = { text: turnMeaning(context).text, attachments: (activity.attachments ?? []).filter(relayedAttachment) };
    const outcome = await this.handoff.user.relayFromUser(activity.conversation.id, message);
    if (outcome.kind === 'notRelaying') return false;
    if (outcome.kind === 'relayFailed') await context.sendActivity(turnT(context)('handoff.relayFailed'));
    return true;
  }

  /** An agent pressed a button on a ticket card in the servicedesk channel. */
  async agentAction(context: TurnContext, data: SubmitData): Promise<void> {
    const outcome = await this.handoff.servicedesk.agentAction(actorOf(context), membersFor(this.deps.agents, context), data);
    for (const note of this.agentNotes(outcome)) await context.sendActivity(note);
  }

  /** A message in a ticket thread (to the user while the chat is taken over). Resolves false when it is not in a ticket thread. */
  async agentMessage(context: TurnContext): Promise<boolean> {
    const { activity } = context;
    if (activity.value !== undefined) return false;
    const conversationId = activity.conversation.id;
    const outcome = await this.handoff.servicedesk.agentMessage(actorOf(context), membersFor(this.deps.agents, context), {
      conversationId,
      rootId: threadRootOf(conversationId),
      text: turnMeaning(context).text,
      attachments: (activity.attachments ?? []).filter(relayedAttachment),
    });
    if (outcome.kind === 'notInThread') return false;
    const at = this.deps.agentT;
    if (outcome.kind === 'notAgent' || outcome.kind === 'memberCheckFailed') await context.sendActivity(at(`ticket.notes.${outcome.kind}`));
    if (outcome.kind === 'relayed') for (const note of this.deliveryNotes(outcome.ticket, outcome.delivery)) await context.sendActivity(note);
    return true;
  }

  /** What the agent is told after a button, in the servicedesk's language. */
  private agentNotes(outcome: AgentActionOutcome): string[] {
    const { agentT: at, agentLanguage, cards } = this.deps;
    switch (outcome.kind) {
      case 'notAgent':
      case 'memberCheckFailed':
      case 'unknownTicket':
        return [at(`ticket.notes.${outcome.kind}`)];
      case 'refused': {
        const { refusal } = outcome;
        if (refusal.kind === 'unchanged') return [];
        if (refusal.kind === 'takenByOther') return [at('ticket.notes.alreadyTaken', { agent: refusal.holder.name, time: cards.time(refusal.holder.at) })];
        return [at('ticket.notes.finished')];
      }
      case 'moved': {
        const { ticket, agent } = outcome;
        const delivery = this.deliveryNotes(ticket, outcome.delivery);
        switch (outcome.move) {
          case 'take':
            return [at('ticket.notes.taken', { agent: agent.name }), ...delivery];
          case 'relay':
            return [at('ticket.notes.relayStarted', { agent: agent.name, name: ticket.user.name }), ...delivery];
          case 'handBack': {
            const where = cards.whereText(at, agentLanguage, outcome.position.key);
            return [...delivery, at('ticket.notes.returned', { agent: agent.name, name: ticket.user.name, where })];
          }
          case 'close':
            return [at('ticket.notes.closed', { agent: agent.name }), ...delivery];
        }
      }
    }
  }

  /** The agent's note when the user's chat did not get the message. */
  private deliveryNotes(ticket: Ticket, delivery: Delivery): string[] {
    if (delivery === 'delivered') return [];
    return [this.deps.agentT(delivery === 'userGone' ? 'ticket.notes.userGone' : 'ticket.notes.notDelivered', { name: ticket.user.name })];
  }
}

/** Who acts in a channel turn, and in which team (Teams' channelData). */
function actorOf(context: TurnContext): ChannelActor {
  const { from, channelData } = context.activity;
  return { id: from.id, name: from.name, aadObjectId: from.aadObjectId, teamId: (channelData as { team?: { id?: string } } | undefined)?.team?.id };
}
