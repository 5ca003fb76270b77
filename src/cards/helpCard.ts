import template from './templates/helpCard.json';
import { renderTemplate, type Fact, type CardAttachment } from './render';

export interface HelpCardData {
  title: string;
  intro: string;
  commands: Fact[];
  servicedesk: { heading: string; facts: Fact[] };
  inFlow: boolean;
  otherLanguage: string;
  labels: { showStep: string; start: string; otherLanguage: string };
}

export function renderHelpCard(data: HelpCardData): CardAttachment {
  return renderTemplate(template, data);
}
