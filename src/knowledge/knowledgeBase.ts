import { ContentError } from '../core/errors';
import { languages, type Language } from '../i18n/language';
import type { PartId } from '../guide/setupGuide';
import sources from './data/sourcePublishers.json';

/** The knowledge base's content model; see src/knowledge/data/intents.json. Pure: no botbuilder here. */
/** The part of the guide an intent belongs to (its problems are met there), or 'general'. */
export type IntentPart = Exclude<PartId, 'done'> | 'general';

export interface Intent {
  id: string;
  part: IntentPart;
  title: Record<Language, string>;
  answer: Record<Language, string>;
  sources: string[];
  servicedesk: boolean;
  image?: string;
  utterances: Record<Language, string[]>;
}

/** Placeholders an answer may use; the bot fills them from the organisation configuration. */
export const answerPlaceholders = ['upn', 'servicedesk', 'mfaSetupUrl', 'securityInfoUrl'] as const;
export type AnswerVariables = Record<(typeof answerPlaceholders)[number], string>;

export const intentParts: readonly IntentPart[] = ['prerequisites', 'authenticator', 'mfasetup', 'forticlient', 'general'];
const maxAnswerLength = 600;
/** Fewer training utterances than this per language and the matcher cannot learn an intent. */
export const minUtterances = 12;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireText(entry: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ContentError(entry, `${field} must be a non-empty text`);
  return value;
}

function requireLanguages(entry: string, field: string, value: unknown): Record<Language, string> {
  if (!isRecord(value)) throw new ContentError(entry, `${field} must have a text per language (nl, en)`);
  const result = {} as Record<Language, string>;
  for (const language of languages) result[language] = requireText(entry, `${field}.${language}`, value[language]);
  return result;
}

function requirePlaceholders(entry: string, field: string, text: string): void {
  for (const match of text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    if (!(answerPlaceholders as readonly string[]).includes(match[1])) {
      throw new ContentError(entry, `${field} uses unknown placeholder {{${match[1]}}}`);
    }
  }
}

/** Who published a source link ("Microsoft Learn"), when it is one of the publishers answers may cite. */
export function sourcePublisher(url: string): string | undefined {
  const { hostname } = new URL(url);
  return sources.publishers.find(({ host }) => hostname === host || hostname.endsWith(`.${host}`))?.name;
}

function requireSource(entry: string, field: string, value: unknown): string {
  const url = requireHttpsUrl(entry, field, value);
  if (!sourcePublisher(url)) {
    throw new ContentError(entry, `${field} is not a page of a publisher answers may cite (src/knowledge/data/sourcePublishers.json): "${url}"`);
  }
  return url;
}

function requireHttpsUrl(entry: string, field: string, value: unknown): string {
  const text = requireText(entry, field, value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ContentError(entry, `${field} is not a well-formed URL: "${text}"`);
  }
  if (url.protocol !== 'https:') throw new ContentError(entry, `${field} must be an https URL: "${text}"`);
  return text;
}

function parseIntent(raw: unknown, index: number): Intent {
  const entry = isRecord(raw) && typeof raw.id === 'string' ? `intent "${raw.id}"` : `intent #${index + 1}`;
  if (!isRecord(raw)) throw new ContentError(entry, 'must be an object');
  const id = requireText(entry, 'id', raw.id);
  if (!/^[a-z][a-z0-9_]*$/.test(id)) throw new ContentError(entry, 'id must be lower_snake_case');
  if (!intentParts.includes(raw.part as IntentPart)) throw new ContentError(entry, `part must be one of ${intentParts.join(', ')}`);
  const title = requireLanguages(entry, 'title', raw.title);
  const answer = requireLanguages(entry, 'answer', raw.answer);
  for (const language of languages) {
    if (answer[language].length > maxAnswerLength) throw new ContentError(entry, `answer.${language} is longer than ${maxAnswerLength} characters`);
    requirePlaceholders(entry, `answer.${language}`, answer[language]);
    requirePlaceholders(entry, `title.${language}`, title[language]);
  }
  if (!Array.isArray(raw.sources) || raw.sources.length === 0) throw new ContentError(entry, 'sources must list at least one link');
  const sources = raw.sources.map((source, i) => requireSource(entry, `sources[${i}]`, source));
  if (typeof raw.servicedesk !== 'boolean') throw new ContentError(entry, 'servicedesk must be true or false');
  if (raw.image !== undefined && !/^[a-z0-9-]+\.png$/.test(String(raw.image))) throw new ContentError(entry, 'image must be a PNG file name');
  const utterances = {} as Record<Language, string[]>;
  const rawUtterances = isRecord(raw.utterances) ? raw.utterances : {};
  for (const language of languages) {
    const list = rawUtterances[language] ?? [];
    if (!Array.isArray(list)) throw new ContentError(entry, `utterances.${language} must be a list`);
    utterances[language] = list.map((u, i) => requireText(entry, `utterances.${language}[${i}]`, u));
    if (utterances[language].length < minUtterances) {
      throw new ContentError(entry, `utterances.${language} needs at least ${minUtterances} examples, has ${utterances[language].length}`);
    }
  }
  return {
    id,
    part: raw.part as IntentPart,
    title,
    answer,
    sources,
    servicedesk: raw.servicedesk,
    image: raw.image as string | undefined,
    utterances,
  };
}

/** Validates the raw content; throws ContentError naming the first bad entry. */
export function parseIntents(raw: unknown): Intent[] {
  if (!isRecord(raw) || !Array.isArray(raw.intents)) throw new ContentError('intents.json', 'must be an object with an "intents" list');
  const intents = raw.intents.map(parseIntent);
  const seen = new Set<string>();
  for (const intent of intents) {
    if (seen.has(intent.id)) throw new ContentError(`intent "${intent.id}"`, 'id is used twice');
    seen.add(intent.id);
  }
  return intents;
}

export function fillPlaceholders(text: string, variables: AnswerVariables): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in variables ? variables[name as keyof AnswerVariables] : whole,
  );
}

export class KnowledgeBase {
  private readonly byId: Map<string, Intent>;

  constructor(readonly intents: readonly Intent[]) {
    this.byId = new Map(intents.map((intent) => [intent.id, intent]));
  }

  get(id: string): Intent | undefined {
    return this.byId.get(id);
  }

  /** An intent's title, or its id when the knowledge base no longer has it (an old ticket names it). */
  titleOf(id: string, language: Language): string {
    return this.byId.get(id)?.title[language] ?? id;
  }

  /** Fails fast at start-up when the guide refers to an intent the content does not have. */
  requireAll(ids: Iterable<string>, referrer: string): void {
    for (const id of ids) {
      if (!this.byId.has(id)) throw new ContentError(referrer, `refers to unknown intent "${id}"`);
    }
  }
}
