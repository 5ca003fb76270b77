import type { Activity, Attachment } from 'botbuilder';

type Json = Record<string, unknown>;

export interface SubmitAction {
  title: string;
  data: Json & { action: string; step?: string };
}

function cardsOf(activity: Partial<Activity> | undefined): Json[] {
  return (activity?.attachments ?? [])
    .filter((a: Attachment) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a: Attachment) => a.content as Json);
}

function walk(node: unknown, visit: (node: Json) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (typeof node === 'object' && node !== null) {
    visit(node as Json);
    Object.values(node as Json).forEach((child) => walk(child, visit));
  }
}

/** All text a person can read in a reply: the message text plus every card text, fact and button title. */
export function textOf(activity: Partial<Activity> | undefined): string {
  const parts: string[] = [];
  if (activity?.text) parts.push(activity.text);
  walk(cardsOf(activity), (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') parts.push(node.text);
    if (typeof node.title === 'string' && typeof node.value === 'string') parts.push(`${node.title}: ${node.value}`);
    if (typeof node.type === 'string' && node.type.startsWith('Action.') && typeof node.title === 'string') parts.push(node.title);
  });
  return parts.join('\n');
}

export function imagesOf(activity: Partial<Activity> | undefined): Array<{ url: string; altText: string }> {
  const images: Array<{ url: string; altText: string }> = [];
  walk(cardsOf(activity), (node) => {
    if (node.type === 'Image') images.push({ url: String(node.url), altText: String(node.altText ?? '') });
  });
  return images;
}

export function actionsOf(activity: Partial<Activity> | undefined): SubmitAction[] {
  const actions: SubmitAction[] = [];
  walk(cardsOf(activity), (node) => {
    if (node.type === 'Action.Submit') actions.push({ title: String(node.title), data: node.data as SubmitAction['data'] });
  });
  return actions;
}

export function findAction(activity: Partial<Activity> | undefined, action: string): SubmitAction {
  const found = actionsOf(activity).find((a) => a.data.action === action);
  if (!found) throw new Error(`No "${action}" button on this reply:\n${textOf(activity)}`);
  return found;
}

export function stepOf(activity: Partial<Activity> | undefined): string | undefined {
  return actionsOf(activity).find((a) => a.data.action === 'next')?.data.step;
}
