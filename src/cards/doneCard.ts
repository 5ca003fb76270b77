import template from './templates/doneCard.json';
import { renderTemplate, type CardImage, type Fact, type CardAttachment } from './render';

export interface DoneCardData {
  progress: string;
  title: string;
  instruction: string;
  image: CardImage;
  servicedesk: { heading: string; facts: Fact[] };
  labels: { restart: string; askServicedesk: string };
}

export function renderDoneCard(data: DoneCardData): CardAttachment {
  return renderTemplate(template, data);
}
