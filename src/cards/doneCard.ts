import type { Attachment } from 'botbuilder';
import template from './templates/doneCard.json';
import { renderTemplate, type CardImage, type Fact } from './render';

export interface DoneCardData {
  progress: string;
  title: string;
  instruction: string;
  image: CardImage;
  servicedesk: { heading: string; facts: Fact[] };
  labels: { restart: string; askServicedesk: string };
}

export function renderDoneCard(data: DoneCardData): Attachment {
  return renderTemplate(template, data);
}
