import template from './templates/stepCard.json';
import { renderTemplate, type CardImage, type Fact, type CardAttachment } from './render';

export interface StepCardData {
  /** Guide position the buttons belong to, e.g. "mfasetup.enterNumber". */
  step: string;
  /** The one progress line: "Stap 2 van 3 · 2-factor-authenticatie instellen". */
  progress: string;
  title: string;
  instruction: string;
  image: CardImage;
  facts: Fact[];
  canGoBack: boolean;
  /** Drawn as two rows that fit a phone: the answer to the step (next, problem), then back, servicedesk and stop. */
  labels: { next: string; problem: string; back: string; servicedesk: string; stop: string };
}

export function renderStepCard(data: StepCardData): CardAttachment {
  return renderTemplate(template, data);
}
