import type { Attachment } from 'botbuilder';
import template from './templates/problemsCard.json';
import { renderTemplate, type Fact } from './render';

export interface ProblemEntry {
  title: string;
  answer: string;
  sources: string[];
  /** The sources as one markdown line ("Bron: [learn.microsoft.com](…)"). */
  sourcesText: string;
}

export interface ServicedeskSection {
  heading: string;
  text: string;
  facts: Fact[];
}

export interface ProblemsCardData {
  step: string;
  heading: string;
  intro: string;
  problems: ProblemEntry[];
  servicedesk: ServicedeskSection;
  labels: { solved: string; showStep: string; stop: string };
}

export function renderProblemsCard(data: ProblemsCardData): Attachment {
  return renderTemplate(template, data);
}
