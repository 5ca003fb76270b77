import template from './templates/authenticatorMissingCard.json';
import type { ServicedeskSection } from './problemsCard';
import { renderTemplate, type CardAttachment } from './render';

/** "Microsoft ziet nog geen Authenticator": the end of Step 2 when Graph finds no registration. */
export interface AuthenticatorMissingCardData {
  /** The guide position the card is drawn for (the end of Step 2): its buttons are bound to it. */
  step: string;
  heading: string;
  text: string;
  causesIntro: string;
  /** The likely causes, as rows that open their knowledge-base answer; `others` are offered when one does not help. */
  causes: Array<{ intent: string; title: string; others: string[] }>;
  checkAgainHint: string;
  servicedesk: ServicedeskSection;
  labels: { checkAgain: string; goOn: string; askServicedesk: string };
}

export function renderAuthenticatorMissingCard(data: AuthenticatorMissingCardData): CardAttachment {
  return renderTemplate(template, data);
}
