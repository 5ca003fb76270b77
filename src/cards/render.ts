import * as ACData from 'adaptivecards-templating';
import { CardFactory, type Attachment } from 'botbuilder';

/** Expands a language-free template with its data into an Adaptive Card attachment. */
export function renderTemplate(template: object, data: object): Attachment {
  const card = new ACData.Template(template).expand({ $root: data }) as object;
  return CardFactory.adaptiveCard(card);
}

/** An Adaptive Card TextBlock image/alt pair: Teams fetches `url` itself, over HTTPS in production. */
export interface CardImage {
  url: string;
  alt: string;
  /** Tall phone screenshots are shown at a fixed width, centred, instead of stretched. */
  portrait?: boolean;
}

export interface Fact {
  title: string;
  value: string;
}
