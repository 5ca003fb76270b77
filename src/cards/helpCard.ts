import type { Attachment } from 'botbuilder';
import template from './templates/helpCard.json';
import { renderTemplate, type Fact } from './render';

export interface HelpCardData {
  title: string;
  intro: string;
  commands: Fact[];
  servicedesk: { heading: string; facts: Fact[] };
  inFlow: boolean;
  otherLanguage: string;
  labels: { showStep: string; start: string; otherLanguage: string };
}

export function renderHelpCard(data: HelpCardData): Attachment {
  return renderTemplate(template, data);
}
