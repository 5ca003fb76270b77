import * as ACData from 'adaptivecards-templating';

/**
 * An Adaptive Card as a message attachment: the shape botbuilder's CardFactory.adaptiveCard makes, and assignable
 * to its Attachment, so the cards need no botbuilder.
 */
export interface CardAttachment {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: object;
}

/** Expands a language-free template with its data into an Adaptive Card attachment. */
export function renderTemplate(template: object, data: object): CardAttachment {
  const card = new ACData.Template(template).expand({ $root: data }) as object;
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
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
