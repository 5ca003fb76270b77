import template from './templates/servicedeskCard.json';
import { renderTemplate, type Fact, type CardAttachment } from './render';

export interface ServicedeskCardData {
  heading: string;
  text: string;
  facts: Fact[];
  inFlow: boolean;
  labels: { showStep: string; askServicedesk: string };
}

export function renderServicedeskCard(data: ServicedeskCardData): CardAttachment {
  return renderTemplate(template, data);
}
