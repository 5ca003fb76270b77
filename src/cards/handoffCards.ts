import askTemplate from './templates/handoffAskCard.json';
import describeTemplate from './templates/handoffDescribeCard.json';
import consentTemplate from './templates/handoffConsentCard.json';
import createdTemplate from './templates/ticketCreatedCard.json';
import ratingTemplate from './templates/ratingCard.json';
import { renderTemplate, type Fact, type CardAttachment } from './render';

export interface HandoffAskCardData {
  heading: string;
  text: string;
  /** Whether the servicedesk is open now, or when it opens: in words, not in a colour. */
  availability: string;
  facts: Fact[];
  question: string;
  labels: { yes: string; no: string };
}

export interface HandoffDescribeCardData {
  heading: string;
  text: string;
  placeholder: string;
  labels: { continue: string; skip: string };
}

export interface HandoffConsentCardData {
  heading: string;
  facts: Fact[];
  transcript: string;
  question: string;
  labels: { yes: string; no: string };
}

export interface TicketCreatedCardData {
  ticket: string;
  heading: string;
  text: string;
  facts: Fact[];
  cancelHint: string;
  inFlow: boolean;
  labels: { continueGuide: string; cancel: string };
}

export interface RatingCardData {
  ticket: string;
  heading: string;
  text: string;
  placeholder: string;
  scores: { score: number; label: string }[];
}

export const renderHandoffAskCard = (data: HandoffAskCardData): CardAttachment => renderTemplate(askTemplate, data);
export const renderHandoffDescribeCard = (data: HandoffDescribeCardData): CardAttachment => renderTemplate(describeTemplate, data);
export const renderHandoffConsentCard = (data: HandoffConsentCardData): CardAttachment => renderTemplate(consentTemplate, data);
export const renderTicketCreatedCard = (data: TicketCreatedCardData): CardAttachment => renderTemplate(createdTemplate, data);
export const renderRatingCard = (data: RatingCardData): CardAttachment => renderTemplate(ratingTemplate, data);
