import template from './templates/answerCard.json';
import { renderTemplate, type CardImage, type CardAttachment } from './render';

export interface AnswerCardData {
  intent: string;
  /** The recorded question it answers; empty when the answer was picked from the problems list. */
  question: string;
  /** The guide position, when the user is in the guide. */
  step: string;
  title: string;
  answer: string;
  image: CardImage | null;
  sourcesText: string;
  /** Intents to offer next when this answer does not help. */
  alternatives: string[];
  labels: { solvedQuestion: string; yes: string; no: string; servicedesk: string };
}

export function renderAnswerCard(data: AnswerCardData): CardAttachment {
  return renderTemplate(template, data);
}
