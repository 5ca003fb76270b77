import template from './templates/confirmCard.json';
import { renderTemplate, type CardAttachment } from './render';

export interface ConfirmCardData {
  heading: string;
  text: string;
  /** What "Ja" does, confirmed: going back to the start or deleting the user's data. */
  action: 'restart' | 'forget';
  /** The position the question was asked at ('' for none): a restart confirmed there is not valid once the user moved on. */
  step: string;
  labels: { yes: string; no: string };
}

/** "Weet je het zeker?" before something that cannot be undone; "Nee" is the positive, safe choice. */
export function renderConfirmCard(data: ConfirmCardData): CardAttachment {
  return renderTemplate(template, data);
}
