import template from './templates/resumeCard.json';
import { renderTemplate, type CardAttachment } from './render';

export interface ResumeCardData {
  question: string;
  detail: string;
  labels: { resume: string; restart: string };
}

export function renderResumeCard(data: ResumeCardData): CardAttachment {
  return renderTemplate(template, data);
}
