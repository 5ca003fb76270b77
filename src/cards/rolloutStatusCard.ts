import template from './templates/rolloutStatusCard.json';
import { renderTemplate, type CardAttachment, type Fact } from './render';

/** The "status" card in the servicedesk channel: the rollout's facts, then sections of lines (the guide, the questions). */
export interface RolloutStatusCardData {
  heading: string;
  /** Why the rollout stopped and what to do; empty unless it failed. */
  notice: string;
  facts: Fact[];
  sections: { heading: string; lines: string[] }[];
}

export function renderRolloutStatusCard(data: RolloutStatusCardData): CardAttachment {
  return renderTemplate(template, data);
}
