import template from './templates/stepCard.json';
import { renderTemplate, type CardImage, type Fact, type CardAttachment } from './render';

export interface StepCardData {
  /** Guide position the buttons belong to, e.g. "mfasetup.enterNumber". */
  step: string;
  progress: string;
  partTitle: string;
  subProgress: string;
  title: string;
  instruction: string;
  image: CardImage;
  facts: Fact[];
  canGoBack: boolean;
  labels: { next: string; problem: string; back: string; servicedesk: string; stop: string };
}

export function renderStepCard(data: StepCardData): CardAttachment {
  return renderTemplate(template, data);
}
