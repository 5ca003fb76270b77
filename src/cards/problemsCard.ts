import template from './templates/problemsCard.json';
import { renderTemplate, type Fact, type CardAttachment } from './render';

export interface ServicedeskSection {
  heading: string;
  text: string;
  facts: Fact[];
}

export interface ProblemsCardData {
  step: string;
  heading: string;
  intro: string;
  /** The sub-step's known problems, as rows that wrap; `others` are offered when the chosen answer does not help. */
  problems: Array<{ intent: string; title: string; others: string[] }>;
  servicedesk: ServicedeskSection;
  labels: { otherProblem: string; showStep: string; askServicedesk: string };
}

export function renderProblemsCard(data: ProblemsCardData): CardAttachment {
  return renderTemplate(template, data);
}
