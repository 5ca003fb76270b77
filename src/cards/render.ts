import * as ACData from 'adaptivecards-templating';

/**
 * An Adaptive Card as a message attachment: the shape botbuilder's CardFactory.adaptiveCard makes, and assignable
 * to its Attachment, so the cards need no botbuilder.
 */
export interface CardAttachment {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: object;
}

/** Each template parsed once: the Template constructor parses every ${...} (expand is synchronous, so one instance serves every turn). */
const parsed = new WeakMap<object, ACData.Template>();

/** Expands a language-free template with its data into an Adaptive Card attachment. */
export function renderTemplate(template: object, data: object): CardAttachment {
  let prepared = parsed.get(template);
  if (!prepared) parsed.set(template, (prepared = new ACData.Template(template)));
  const card = prepared.expand({ $root: data }) as object;
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
