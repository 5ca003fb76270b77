import { TeamsApiError } from '../core/errors';
import type { Translator } from '../i18n/translator';
import type { Logger } from '../core/logger';
import type { SubmitData } from '../cards/actions';
import type { TicketCards } from '../cards/ticketCards';
import { findPosition, firstPosition, type Position } from '../guide/setupGuide';
import type { ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import type { Agent, Ticket } from '../tickets/ticket';
import type { Move, Refusal } from '../tickets/ticketRules';
import { moveTicket, type TicketStore } from '../tickets/ticketStore';
import { errorText } from './errorText';
import type { MemberDirectory, MessageAttachment, Messenger, Person, UserChat } from './ports';
import type { TicketChannel } from './ticketChannel';

export interface ServicedeskSideDeps {
  tickets: TicketStore;
  channel: ServicedeskChannelStore;
  messenger: Messenger;
  ticketChannel: TicketChannel;
  cards: TicketCards;
  /** The servicedesk's translator, for the agent's name when Teams gave none. */
  agentT: Translator;
  logger: Logger;
  now: () => Date;
}

/** Who acts in the servicedesk channel, and in which team the message or button was. */
export interface ChannelActor extends Person {
  name?: string;
  teamId?: string;
}

/** Why an agent may not act: outside the servicedesk team, or Teams could not say whether they are in it. */
export type NotAllowed = { kind: 'notAgent' } | { kind: 'memberCheckFailed' };

/** Whether the user got what was sent to their chat: `userGone` when Teams refused it (403: the bot was blocked or removed). */
export type Delivery = 'delivered' | 'userGone' | 'notDelivered';

export type AgentActionOutcome =
  | NotAllowed
  | { kind: 'unknownTicket' }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'moved'; move: 'take' | 'relay' | 'close'; ticket: Ticket; agent: Agent; delivery: Delivery }
  | { kind: 'moved'; move: 'handBack'; ticket: Ticket; agent: Agent; delivery: Delivery; position: Position };

/** `notInThread`: not a ticket's thread, so the message is not the handoff's. */
export type AgentMessageOutcome = NotAllowed | { kind: 'notInThread' } | { kind: 'kept' } | { kind: 'relayed'; ticket: Ticket; delivery: Delivery };

/** A message in a ticket thread: where it was (the root message's id, when Teams' address names one) and what it says. */
export interface ThreadMessage {
  conversationId: string;
  rootId?: string;
  text: string;
  attachments: MessageAttachment[];
}

/** In a ticket thread, a message starting with this is a note among agents, not for the user. */
const internalNotePrefix = '//';

/**
 * A user's chat refused with 403: the user blocked or removed the bot. This is what 403 means for a
 * message to a user; any other failure is a message that did not arrive.
 */
const deliveryFailure = (error: unknown): Delivery => (error instanceof TeamsApiError && error.status === 403 ? 'userGone' : 'notDelivered');

/**
 * The servicedesk's side: agents' buttons on a ticket card (take, take over the chat, hand back to the
 * guide, close) and their messages in a ticket thread. Only members of the registered servicedesk team,
 * in that team, act on tickets; every change is one of the ticket rules (src/tickets/ticketRules.ts).
 */
export class ServicedeskSide {
  constructor(private readonly deps: ServicedeskSideDeps) {}

  /** An agent pressed a button on a ticket card in the servicedesk channel. */
  async agentAction(actor: ChannelActor, members: MemberDirectory, data: Pick<SubmitData, 'ticket' | 'op' | 'handBackStep' | 'agentNote'>): Promise<AgentActionOutcome> {
    const refusal = await this.authorise(actor, members);
    if (refusal) return refusal;
    const ticket = data.ticket ? await this.deps.tickets.get(data.ticket) : undefined;
    if (!ticket) return { kind: 'unknownTicket' };
    const agent: Agent = { name: this.nameOf(actor), id: actor.id, aadObjectId: actor.aadObjectId };
    switch (data.op) {
      case 'take':
        return this.agentMove(ticket, { kind: 'take', by: agent }, 'ticket taken', (chat, taken) => chat.t('handoff.taken', { agent: agent.name, number: taken.id }));
      case 'relay':
        return this.agentMove(ticket, { kind: 'relay', by: agent }, 'ticket chat taken over', (chat) => chat.t('handoff.relayStarted', { agent: agent.name }));
      case 'handBack':
        return this.handBack(ticket, agent, findPosition(data.handBackStep) ?? findPosition(ticket.step) ?? firstPosition(), data.agentNote);
      case 'close':
        return this.close(ticket, agent);
      default:
        this.deps.logger.warn('ticket action without a known operation', { ticket: ticket.id });
        return { kind: 'unknownTicket' };
    }
  }

  /**
   * A message in a ticket thread: while the chat is taken over it goes to the user, as from the
   * servicedesk (text and attachments); a note among agents ("// …") stays in the thread.
   */
  async agentMessage(actor: ChannelActor, members: MemberDirectory, message: ThreadMessage): Promise<AgentMessageOutcome> {
    const { tickets } = this.deps;
    const ticket = (message.rootId ? await tickets.byThreadRoot(message.rootId) : undefined) ?? (await tickets.byThreadRoot(message.conversationId));
    if (!ticket) return { kind: 'notInThread' };
    const { text, attachments } = message;
    if (ticket.status !== 'relaying' || text.startsWith(internalNotePrefix) || (!text && attachments.length === 0)) return { kind: 'kept' };
    const refusal = await this.authorise(actor, members);
    if (refusal) return refusal;
    const agent = this.nameOf(actor);
    const delivery = await this.tellUser(ticket, (chat) => chat.relay({ text: text ? chat.t('handoff.agentSays', { agent, text }) : undefined, attachments }));
    return { kind: 'relayed', ticket, delivery };
  }

  private async handBack(ticket: Ticket, agent: Agent, position: Position, note?: string): Promise<AgentActionOutcome> {
    const result = await moveTicket(this.deps.tickets, ticket.id, { kind: 'handBack', by: agent, to: position.key }, this.deps.now());
    if (!result?.moved) return this.refused(ticket, result?.refusal);
    const returned = result.ticket;
    this.deps.logger.info('user handed back to the guide', { ticket: returned.id, step: position.key });
    const delivery = await this.tellUser(returned, async (chat) => {
      if (note) await chat.send(chat.t('handoff.agentSays', { agent: agent.name, text: note }));
      await chat.send(chat.t('handoff.returned', { agent: agent.name, where: this.deps.cards.whereText(chat.t, chat.language, position.key) }));
      await chat.resumeGuide(position);
    });
    await this.deps.ticketChannel.refreshCard(returned);
    return { kind: 'moved', move: 'handBack', ticket: returned, agent, delivery, position };
  }

  private async close(ticket: Ticket, agent: Agent): Promise<AgentActionOutcome> {
    const result = await moveTicket(this.deps.tickets, ticket.id, { kind: 'close', by: agent }, this.deps.now());
    if (!result?.moved) return this.refused(ticket, result?.refusal);
    const closed = result.ticket;
    this.deps.logger.info('ticket closed', { ticket: closed.id });
    await this.deps.ticketChannel.refreshCard(closed);
    const delivery = await this.tellUser(closed, async (chat) => {
      await chat.send(chat.t('handoff.closed', { agent: agent.name, number: closed.id }));
      await chat.send({ attachments: [this.deps.cards.rating(chat.t, closed)] });
      await chat.showStepAgain();
    });
    return { kind: 'moved', move: 'close', ticket: closed, agent, delivery };
  }

  /** Take, or take over the chat: moved, the card redrawn, then the user told (`userText`). */
  private async agentMove(
    ticket: Ticket,
    move: Extract<Move, { kind: 'take' | 'relay' }>,
    logLine: string,
    userText: (chat: UserChat, moved: Ticket) => string,
  ): Promise<AgentActionOutcome> {
    const result = await moveTicket(this.deps.tickets, ticket.id, move, this.deps.now());
    if (!result?.moved) return this.refused(ticket, result?.refusal);
    const moved = result.ticket;
    this.deps.logger.info(logLine, { ticket: moved.id });
    await this.deps.ticketChannel.refreshCard(moved);
    const delivery = await this.tellUser(moved, (chat) => chat.send(userText(chat, moved)));
    return { kind: 'moved', move: move.kind, ticket: moved, agent: move.by, delivery };
  }

  /** A move the rules refused (or a ticket that is gone, which is finished for the agent). */
  private refused(ticket: Ticket, refusal: Refusal = { kind: 'finished' }): AgentActionOutcome {
    if (refusal.kind === 'takenByOther') this.deps.logger.info('ticket already taken', { ticket: ticket.id });
    return { kind: 'refused', refusal };
  }

  /** Only members of the registered servicedesk team, in that team, act on tickets. */
  private async authorise(actor: ChannelActor, members: MemberDirectory): Promise<NotAllowed | undefined> {
    const { logger } = this.deps;
    const channel = await this.deps.channel.get();
    if (!channel || actor.teamId !== channel.teamId) {
      logger.warn('ticket action outside the servicedesk team');
      return { kind: 'notAgent' };
    }
    try {
      if (await members.isMember(channel.teamId, actor)) return undefined;
    } catch (error) {
      logger.warn('servicedesk membership check failed', { error: errorText(error) });
      return { kind: 'memberCheckFailed' };
    }
    logger.warn('ticket action refused: not a member of the servicedesk team');
    return { kind: 'notAgent' };
  }

  private nameOf(actor: ChannelActor): string {
    return actor.name || this.deps.agentT('ticket.unknown');
  }

  /** Runs `logic` in the ticket's user chat; says whether it arrived. */
  private async tellUser(ticket: Ticket, logic: (chat: UserChat) => Promise<void>): Promise<Delivery> {
    try {
      await this.deps.messenger.inUserChat(ticket.user.reference, logic);
      return 'delivered';
    } catch (error) {
      const delivery = deliveryFailure(error);
      this.deps.logger.warn('message to the user not delivered', { ticket: ticket.id, blocked: delivery === 'userGone', error: errorText(error) });
      return delivery;
    }
  }
}
