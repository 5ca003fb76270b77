import type { Language } from '../i18n/language';
import type { Translator } from '../i18n/translator';
import type { Logger } from '../core/logger';
import { redact } from '../privacy/redact';
import type { RecentHistory } from '../state/conversationHistory';
import type { ChatReference } from '../tickets/chatReference';
import type { ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import type { AuthenticatorFinding, Ticket } from '../tickets/ticket';
import { newTicket } from '../tickets/ticketRules';
import { moveTicket, type Escalation, type TicketStore } from '../tickets/ticketStore';
import { errorText } from './errorText';
import type { MemberDirectory, Messenger, MessageAttachment, Person } from './ports';
import type { PostQueue } from './postQueue';
import type { TicketChannel } from './ticketChannel';

export interface UserSideDeps {
  tickets: TicketStore;
  channel: ServicedeskChannelStore;
  messenger: Messenger;
  ticketChannel: TicketChannel;
  queue: PostQueue;
  /** The servicedesk's translator, for thread notes. */
  agentT: Translator;
  logger: Logger;
  now: () => Date;
  /** How long the user's turn waits for the channel post before answering anyway (ms). */
  postWaitMs?: number;
}

const defaultPostWaitMs = 2000;

/** What the user agreed to share when asking for the servicedesk. */
export interface TicketRequest {
  description?: string;
  step?: string;
  completed?: boolean;
  /** What Graph said about the user's Authenticator, when the guide asked. */
  authenticator?: AuthenticatorFinding;
  history: RecentHistory;
}

/** The user in their 1:1 chat with the bot. */
export interface ChatUser extends Person {
  name?: string;
  language: Language;
  /** Their chat, to reach them later. */
  reference: ChatReference;
}

/** A user's message in their chat, to pass on to the agent (Teams' own HTML copies already left out). */
export interface UserMessage {
  text: string;
  attachments: MessageAttachment[];
}

export type CancelOutcome = { kind: 'cancelled'; ticket: Ticket } | { kind: 'nothingToCancel' };
export type RateOutcome = { kind: 'thanks' } | { kind: 'unknownTicket' } | { kind: 'notClosed' } | { kind: 'already' };
/** `notRelaying`: no agent has taken over this chat, so the bot handles the message itself. */
export type RelayOutcome = { kind: 'relayed' } | { kind: 'notRelaying' } | { kind: 'relayFailed' };

/**
 * The user's side of the servicedesk: a ticket from their consent, cancelling it, rating it, and what
 * they type while an agent has taken over their chat.
 */
export class UserSide {
  constructor(private readonly deps: UserSideDeps) {}

  /** The chat's ticket that is not finished yet. */
  async activeTicket(conversationId: string): Promise<Ticket | undefined> {
    return this.deps.tickets.activeFor(conversationId);
  }

  /**
   * Stores the ticket of this escalation (the user's consent), then posts it to the channel; a failed post
   * leaves it stored and queued for another try. The same escalation again (Teams redelivers, or the bot
   * was killed half-way) gives the same ticket, completed where it was left, never a second one.
   */
  async createTicket(escalation: Escalation, user: ChatUser, request: TicketRequest, members: MemberDirectory): Promise<Ticket> {
    const { tickets, logger, queue } = this.deps;
    const { ticket, created } = await tickets.escalate(escalation, async () =>
      newTicket(
        {
          user: {
            name: user.name || this.deps.agentT('ticket.unknown'),
            upn: await this.userPrincipalName(members, user),
            aadObjectId: user.aadObjectId,
            language: user.language,
            reference: user.reference,
          },
          description: request.description ? redact(request.description) : undefined,
          step: request.step,
          completed: request.completed,
          authenticator: request.authenticator,
          questions: request.history.questions,
          transcript: request.history.lines,
        },
        this.deps.now(),
      ),
    );
    if (created) logger.info('ticket created', { ticket: ticket.id, step: ticket.step });
    else logger.info('escalation answered with its ticket (a repeated consent, or the chat has an open one)', { ticket: ticket.id });
    // The user gets their number at once; a post Teams is slow with (its client retries a 503 for
    // seconds) goes on in the background, and a failed one is queued for the next try.
    const posting = queue.post(ticket.id).catch((error: Error) => {
      logger.warn('ticket post failed; it stays queued', { ticket: ticket.id, error: errorText(error) });
      return false;
    });
    await Promise.race([posting, new Promise((resolve) => setTimeout(resolve, this.deps.postWaitMs ?? defaultPostWaitMs).unref())]);
    return (await tickets.get(ticket.id)) ?? ticket;
  }

  /** "Ticket annuleren" (button or words) in the user's chat; `ticketId` when the button named one. */
  async cancel(conversationId: string, ticketId?: string): Promise<CancelOutcome> {
    const active = await this.activeTicket(conversationId);
    if (!active || (ticketId && ticketId !== active.id)) return { kind: 'nothingToCancel' };
    const result = await moveTicket(this.deps.tickets, active.id, { kind: 'cancel' }, this.deps.now());
    if (!result?.moved) return { kind: 'nothingToCancel' };
    const cancelled = result.ticket;
    await this.deps.tickets.setUnposted(cancelled.id, false);
    this.deps.logger.info('ticket cancelled by the user', { ticket: cancelled.id });
    await this.deps.ticketChannel.note(cancelled, this.deps.agentT('ticket.notes.cancelled', { name: cancelled.user.name }));
    await this.deps.ticketChannel.refreshCard(cancelled);
    return { kind: 'cancelled', ticket: cancelled };
  }

  /** A 1–5 rating (and optional comment) on a closed ticket, from its own user's chat only. */
  async rate(conversationId: string, rating: { ticket?: string; score?: number; comment?: string }): Promise<RateOutcome> {
    const ticket = rating.ticket ? await this.deps.tickets.get(rating.ticket) : undefined;
    const score = rating.score;
    if (!ticket || ticket.user.reference.conversation?.id !== conversationId || score === undefined) {
      this.deps.logger.warn('rating for an unknown ticket', { ticket: rating.ticket });
      return { kind: 'unknownTicket' };
    }
    if (ticket.status !== 'closed') return { kind: 'notClosed' };
    const comment = rating.comment ? redact(rating.comment) : undefined;
    const result = await moveTicket(this.deps.tickets, ticket.id, { kind: 'rate', score, comment }, this.deps.now());
    if (!result?.moved) return { kind: 'already' };
    const rated = result.ticket;
    this.deps.logger.info('ticket rated', { ticket: rated.id, score });
    const note = comment ? 'ticket.notes.ratedWithComment' : 'ticket.notes.rated';
    await this.deps.ticketChannel.note(rated, this.deps.agentT(note, { name: rated.user.name, score, comment }));
    await this.deps.ticketChannel.refreshCard(rated);
    return { kind: 'thanks' };
  }

  /**
   * While an agent has taken over the chat, what the user types (and attaches) goes into the ticket
   * thread, redacted.
   */
  async relayFromUser(conversationId: string, message: UserMessage): Promise<RelayOutcome> {
    const { text, attachments } = message;
    if (!text && attachments.length === 0) return { kind: 'notRelaying' };
    const ticket = await this.activeTicket(conversationId);
    if (!ticket || ticket.status !== 'relaying' || !ticket.thread) return { kind: 'notRelaying' };
    const channel = await this.deps.channel.get();
    try {
      if (!channel) throw new Error('no servicedesk channel registered');
      await this.deps.messenger.postInThread(channel, ticket.thread, {
        text: text ? this.deps.agentT('ticket.notes.userSays', { name: ticket.user.name, text: redact(text) }) : undefined,
        attachments,
      });
    } catch (error) {
      this.deps.logger.warn('user message not relayed to the servicedesk', { ticket: ticket.id, error: errorText(error) });
      return { kind: 'relayFailed' };
    }
    return { kind: 'relayed' };
  }

  private async userPrincipalName(members: MemberDirectory, user: Person): Promise<string | undefined> {
    try {
      return await members.userPrincipalName(user);
    } catch (error) {
      this.deps.logger.warn('user principal name not available', { error: errorText(error) });
      return undefined;
    }
  }
}
