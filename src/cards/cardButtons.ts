import { readSubmitData, type SubmitData } from './actions';

/** A button on a card the user has in front of them: what it says and what pressing it sends. */
export interface CardButton {
  title: string;
  data: SubmitData;
}

/** What a typed reply may answer on a card: its buttons, and its headings (what the card is about). */
export interface CardInView {
  buttons: CardButton[];
  headings: string[];
}

const adaptiveCard = 'application/vnd.microsoft.card.adaptive';
/** A card has a handful of buttons; a bound on the walk keeps a forged or odd card from costing more. */
const maxButtons = 20;
const maxDepth = 12;
const maxTitleLength = 100;

/**
 * Every Action.Submit of the Adaptive Cards in `attachments` (card actions, action sets and the selectAction of a
 * row), with its title and data as readSubmitData reads them; buttons without a title or with data of no known shape
 * are left out.
 */
export function buttonsOf(attachments: readonly { contentType?: string; content?: unknown }[] | undefined): CardButton[] {
  const buttons: CardButton[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > maxDepth || buttons.length >= maxButtons || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Submit') {
      const data = readSubmitData(record.data);
      if (data && typeof record.title === 'string' && record.title.trim()) buttons.push({ title: record.title.slice(0, maxTitleLength), data });
      return;
    }
    for (const key of ['body', 'items', 'columns', 'actions', 'selectAction', 'card']) visit(record[key], depth + 1);
  };
  for (const attachment of attachments ?? []) if (attachment.contentType === adaptiveCard) visit(attachment.content, 0);
  return buttons;
}

const maxHeadings = 4;
const maxHeadingLength = 200;

/** The card's headings: its bold or large text blocks (the progress line, the title), as sent. */
export function headingsOf(attachments: readonly { contentType?: string; content?: unknown }[] | undefined): string[] {
  const headings: string[] = [];
  for (const attachment of attachments ?? []) {
    if (attachment.contentType !== adaptiveCard) continue;
    const body = (attachment.content as { body?: unknown } | undefined)?.body;
    for (const block of Array.isArray(body) ? body : []) {
      const { type, text, weight, size } = (block ?? {}) as Record<string, unknown>;
      const heading = weight === 'Bolder' || size === 'Large' || size === 'Medium';
      if (type === 'TextBlock' && typeof text === 'string' && heading && headings.length < maxHeadings) headings.push(text.slice(0, maxHeadingLength));
    }
  }
  return headings;
}
