/**
 * The door's rules for what arrives on /api/messages, as a pure function: an activity of the wrong shape is
 * refused (400) before botbuilder or the bot touch it, and every text is cut to a bound first.
 */
import { isLoopbackUrl } from '../../core/loopback';

/**
 * Teams refuses messages over about 28 KB (text plus cards), so no real user message is longer; cutting at
 * 28,000 characters keeps every genuine message whole and bounds the work each turn does on text.
 */
export const maxTextLength = 28_000;
/** Display names go on ticket cards and into the chat history; Entra ID allows 256 characters. */
const maxNameLength = 256;
/** Ids, URLs and other keys: Teams' are far shorter; longer ones are forged and would swell storage keys. */
const maxIdLength = 1024;
/** Nesting deeper than this is never Teams' and would make every recursive reader (state saving, cards) risky. */
const maxDepth = 32;
const maxListLength = 100;

export type IncomingActivity = Record<string, unknown> & { type: string; serviceUrl: string };

export type DoorVerdict =
  | { ok: true; activity: IncomingActivity }
  | { ok: false; status: 400 | 403; reason: string };

export interface DoorRules {
  /** Local mode (no MicrosoftAppId): replies may only go to a Bot Connector on this machine. */
  loopbackOnly: boolean;
}

type Json = Record<string, unknown>;

class Refusal {
  constructor(
    readonly status: 400 | 403,
    readonly reason: string,
  ) {}
}

const refuse = (reason: string, status: 400 | 403 = 400): never => {
  throw new Refusal(status, reason);
};

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const controlCharacter = /[\u0000-\u001F\u007F]/;

/**
 * Cuts a string to `max` UTF-16 units without leaving half a surrogate pair at the end, and replaces lone
 * surrogates (which make encodeURIComponent throw) with U+FFFD, as String.prototype.toWellFormed does.
 */
export function cutText(text: string, max = maxTextLength): string {
  let cut = text;
  if (text.length > max) cut = text.slice(0, /[\uD800-\uDBFF]/.test(text[max - 1]) ? max - 1 : max);
  return cut.replace(loneSurrogate, '\uFFFD');
}

/** An id or key (bounded, no control characters: it ends up in storage keys and URLs) or a text (already cut). */
type StringKind = 'id' | 'text';

function optionalString(record: Json, key: string, where: string, kind: StringKind = 'id'): void {
  const value = record[key];
  if (value === undefined) return;
  if (typeof value !== 'string') refuse(`${where}${key} must be a string`);
  if (kind === 'text') return;
  if ((value as string).length > maxIdLength) refuse(`${where}${key} is too long`);
  if (controlCharacter.test(value as string)) refuse(`${where}${key} holds a control character`);
}

function requiredString(record: Json, key: string, where: string): void {
  if (typeof record[key] !== 'string' || record[key] === '') refuse(`${where}${key} must be a non-empty string`);
  optionalString(record, key, where);
}

/** `from`, `recipient`, a member: an object with a string id; a name is cut rather than refused. */
function account(value: unknown, where: string): void {
  if (!isObject(value)) refuse(`${where} must be an object`);
  const record = value as Json;
  requiredString(record, 'id', `${where}.`);
  for (const key of ['aadObjectId', 'role']) optionalString(record, key, `${where}.`);
  if (record.name !== undefined) {
    if (typeof record.name !== 'string') refuse(`${where}.name must be a string`);
    record.name = cutText(record.name as string, maxNameLength);
  }
}

function list(activity: Json, key: string, each: (item: unknown, where: string) => void): void {
  const value = activity[key];
  if (value === undefined) return;
  if (!Array.isArray(value)) refuse(`${key} must be an array`);
  if ((value as unknown[]).length > maxListLength) refuse(`${key} has too many entries`);
  (value as unknown[]).forEach((item, index) => each(item, `${key}[${index}]`));
}

function attachment(value: unknown, where: string): void {
  if (!isObject(value)) refuse(`${where} must be an object`);
  for (const key of ['contentType', 'contentUrl', 'name', 'thumbnailUrl']) optionalString(value as Json, key, `${where}.`, 'text');
}

function entity(value: unknown, where: string, activity: Json): void {
  if (!isObject(value)) refuse(`${where} must be an object`);
  const record = value as Json;
  requiredString(record, 'type', `${where}.`);
  if ((record.type as string).toLowerCase() !== 'mention') return;
  // botbuilder strips the bot's @mention from the text with these fields.
  account(record.mentioned, `${where}.mentioned`);
  if (typeof record.text !== 'string') refuse(`${where}.text must be a string`);
  if (typeof activity.text !== 'string') refuse('text must be a string when the message has mentions');
}

function channelData(activity: Json): void {
  // Teams always sends it, and botbuilder's Teams handler reads it unguarded for edits and deletions.
  if (activity.channelData === undefined) activity.channelData = {};
  const value = activity.channelData;
  if (!isObject(value)) refuse('channelData must be an object');
  const record = value as Json;
  for (const key of ['team', 'channel', 'tenant', 'settings']) {
    if (record[key] === undefined) continue;
    if (!isObject(record[key])) refuse(`channelData.${key} must be an object`);
    optionalString(record[key] as Json, 'id', `channelData.${key}.`);
    optionalString(record[key] as Json, 'name', `channelData.${key}.`, 'text');
  }
  optionalString(record, 'eventType', 'channelData.');
}

/** An absolute http(s) URL: botbuilder falls back to the public Bot Framework host for anything it cannot use. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}


/** Refuses nesting deeper than maxDepth and cuts every string inside (card input fields), without recursion. */
function boundNested(root: unknown, where: string): void {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 1 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) refuse(`${where} is nested too deeply`);
    const record = value as Json;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (typeof child === 'string') record[key] = cutText(child);
      else if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: depth + 1 });
    }
  }
}

function check(activity: Json, rules: DoorRules): IncomingActivity {
  // First: every check below may then walk the activity safely, and no text is longer than maxTextLength.
  boundNested(activity, 'the activity');
  requiredString(activity, 'type', '');
  if ((activity.type as string).length > 64) refuse('type is too long');
  // The bot's cards use Action.Submit (a message with a value), so it implements no invoke; botbuilder would answer 501.
  if (activity.type === 'invoke') refuse('this bot answers no invoke activities');
  requiredString(activity, 'channelId', '');
  requiredString(activity, 'serviceUrl', '');
  const serviceUrl = activity.serviceUrl as string;
  if (!isHttpUrl(serviceUrl)) refuse('serviceUrl must be an absolute http(s) URL');
  if (rules.loopbackOnly && !isLoopbackUrl(serviceUrl)) refuse('serviceUrl must be on this machine in local mode', 403);
  for (const key of ['id', 'replyToId', 'name', 'action', 'textFormat', 'inputHint', 'timestamp', 'localTimestamp', 'localTimezone', 'callerId']) {
    optionalString(activity, key, '');
  }
  optionalString(activity, 'locale', '');
  if (typeof activity.locale === 'string' && activity.locale.length > 64) refuse('locale is too long');
  // This event is how botbuilder marks the bot's own proactive turns; from outside it would skip the turn queue.
  if (activity.type === 'event' && activity.name === 'ContinueConversation') refuse('this event is the bot\'s own');
  // Already cut by boundNested, like every other string.
  for (const key of ['text', 'summary', 'speak']) optionalString(activity, key, '', 'text');
  account(activity.from, 'from');
  account(activity.recipient, 'recipient');
  if (!isObject(activity.conversation)) refuse('conversation must be an object');
  const conversation = activity.conversation as Json;
  requiredString(conversation, 'id', 'conversation.');
  for (const key of ['conversationType', 'tenantId', 'role']) optionalString(conversation, key, 'conversation.');
  optionalString(conversation, 'name', 'conversation.', 'text');
  if (conversation.isGroup !== undefined && typeof conversation.isGroup !== 'boolean') refuse('conversation.isGroup must be a boolean');
  list(activity, 'attachments', attachment);
  list(activity, 'entities', (item, where) => entity(item, where, activity));
  list(activity, 'membersAdded', account);
  list(activity, 'membersRemoved', account);
  channelData(activity);
  // A card's Action.Submit puts its data, an object, in `value`; the bot reads nothing else there.
  if (activity.type === 'message' && activity.value !== undefined && !isObject(activity.value)) refuse('value must be an object');
  return activity as IncomingActivity;
}

/**
 * Checks a parsed request body against what Teams sends and cuts its texts (in place) to maxTextLength.
 * A refusal names the first field that is wrong; it never echoes the value.
 */
export function readIncomingActivity(body: unknown, rules: DoorRules): DoorVerdict {
  if (!isObject(body)) return { ok: false, status: 400, reason: 'the body must be a JSON object' };
  try {
    return { ok: true, activity: check(body, rules) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, status: error.status, reason: error.reason };
    throw error;
  }
}
