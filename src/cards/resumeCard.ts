import type { Attachment } from 'botbuilder';
import template from './templates/resumeCard.json';
import { renderTemplate } from './render';

export interface ResumeCardData {
  question: string;
  detail: string;
  labels: { resume: string; restart: string };
}

export function renderResumeCard(data: ResumeCardData): Attachment {
  return renderTemplate(template, data);
}
