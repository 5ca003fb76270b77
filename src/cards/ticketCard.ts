import template from './templates/ticketCard.json';
import { renderTemplate, type Fact, type CardAttachment } from './render';

/** The ticket as the servicedesk sees it in its channel; actions follow the ticket's status. */
export interface TicketCardData {
  ticket: string;
  title: string;
  status: string;
  /** Teams' Good and Warning are too light to read on its white card: not offered. */
  statusColor: 'Accent' | 'Attention' | 'Default';
  /** Empty when not rated. */
  rating: string;
  /** Empty unless this card was posted after a post that may have landed (a possible duplicate). */
  repeatNotice: string;
  facts: Fact[];
  /** One line per question the user asked the bot. */
  questions: string[];
  /** The recent conversation, one line per message. */
  transcript: string[];
  /** Guide positions to hand the user back to, and the one to preselect. */
  steps: { title: string; value: string }[];
  handBackDefault: string;
  can: { take: boolean; relay: boolean; handBack: boolean; close: boolean };
  labels: {
    take: string;
    relay: string;
    handBack: string;
    close: string;
    transcript: string;
    transcriptHeading: string;
    questions: string;
    handBackStep: string;
    handBackNote: string;
    handBackPlaceholder: string;
    handBackSubmit: string;
  };
}

export function renderTicketCard(data: TicketCardData): CardAttachment {
  return renderTemplate(template, data);
}
