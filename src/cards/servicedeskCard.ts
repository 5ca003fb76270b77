import type { Attachment } from 'botbuilder';
import template from './templates/servicedeskCard.json';
import { renderTemplate, type Fact } from './render';

export interface ServicedeskCardData {
  heading: string;
  text: string;
  facts: Fact[];
  inFlow: boolean;
  labels: { showStep: string; askServicedesk: string };
}

export function renderServicedeskCard(data: ServicedeskCardData): Attachment {
  return renderTemplate(template, data);
}
