import type { Language } from '../i18n/language';
import type { Translator } from '../i18n/translator';
import type { Logger } from '../core/logger';
import type { TicketCards } from '../cards/ticketCards';
import type { ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import type { Ticket } from '../tickets/ticket';
import { errorText } from './errorText';
import type { Messenger, OutgoingMessage } from './ports';

export interface TicketChannelDeps {
  channel: ServicedeskChannelStore;
  messenger: Messenger;
  cards: TicketCards;
  /** The servicedesk's translator and language, for ticket cards and thread notes. */
  agentT: Translator;
  agentLanguage: Language;
  logger: Logger;
}

/**
 * A ticket's side of the servicedesk channel: its card (drawn by src/cards/ticketCards in the servicedesk's
 * language) and the notes in its thread. Card updates and notes are best effort: a failure is logged.
 */
export class TicketChannel {
  constructor(private readonly deps: TicketChannelDeps) {}

  /** The ticket card as a message; `withSummary` for the post that starts its thread (Teams' notification line). */
  card(ticket: Ticket, withSummary = false): OutgoingMessage {
    const { agentT, agentLanguage, cards } = this.deps;
    return {
      attachments: [cards.ticket(agentT, agentLanguage, ticket)],
      summary: withSummary ? agentT('ticket.summary', { number: ticket.id, name: ticket.user.name }) : undefined,
    };
  }

  /** Redraws the ticket card in place so it always shows the current status. */
  async refreshCard(ticket: Ticket): Promise<void> {
    const channel = await this.deps.channel.get();
    if (!channel || !ticket.thread) return;
    try {
      await this.deps.messenger.updateCard(channel, ticket.thread, this.card(ticket));
    } catch (error) {
      this.deps.logger.warn('ticket card not updated', { ticket: ticket.id, error: errorText(error) });
    }
  }

  /** A line in the ticket's thread, for the agents. */
  async note(ticket: Ticket, text: string): Promise<void> {
    const channel = await this.deps.channel.get();
    if (!channel || !ticket.thread) return;
    try {
      await this.deps.messenger.postInThread(channel, ticket.thread, { text });
    } catch (error) {
      this.deps.logger.warn('note not posted in the ticket thread', { ticket: ticket.id, error: errorText(error) });
    }
  }
}
