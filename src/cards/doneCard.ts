import template from './templates/doneCard.json';
import { renderTemplate, type CardImage, type Fact, type CardAttachment } from './render';

export interface DoneCardData {
  progress: string;
  title: string;
  instruction: string;
  image: CardImage;
  servicedesk: { heading: string; facts: Fact[] };
  /** The guide tab's deep link ("De hele handleiding"); '' leaves the link out. */
  guideUrl: string;
  labels: { restart: string; askServicedesk: string; wholeGuide: string };
}

export function renderDoneCard(data: DoneCardData): CardAttachment {
  return renderTemplate(template, data);
}
