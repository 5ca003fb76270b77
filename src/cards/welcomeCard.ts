import template from './templates/welcomeCard.json';
import { renderTemplate, type CardImage, type Fact, type CardAttachment } from './render';

export interface WelcomeCardData {
  title: string;
  intro: string;
  facts: Fact[];
  hint: string;
  image: CardImage;
  otherLanguage: string;
  labels: { start: string; otherLanguage: string };
}

export function renderWelcomeCard(data: WelcomeCardData): CardAttachment {
  return renderTemplate(template, data);
}
