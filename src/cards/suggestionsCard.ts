import template from './templates/suggestionsCard.json';
import { renderTemplate, type CardAttachment } from './render';

export interface SuggestionsCardData {
  question: string;
  step: string;
  heading: string;
  intro: string;
  /** "Bedoel je…?" choices, best first, as rows that wrap; `others` are the remaining ones. */
  choices: Array<{ intent: string; title: string; others: string[] }>;
  labels: { noneOfThese: string };
}

export function renderSuggestionsCard(data: SuggestionsCardData): CardAttachment {
  return renderTemplate(template, data);
}
