import { AutoSaveStateMiddleware, ConversationState, UserState, type Activity } from 'botbuilder';
import { MemoryStore } from '../../src/storage/botStorage';
import { DialogTestClient } from 'botbuilder-testing';
import { loadConfig, type AppConfig } from '../../src/config';
import { createI18n, translatorFor } from '../../src/i18n/translator';
import { silentLogger, type Logger } from '../../src/core/logger';
import { LanguageMiddleware } from '../../src/bot/middleware/languageMiddleware';
import { SecretWarningMiddleware } from '../../src/bot/middleware/secretWarningMiddleware';
import { GuideCards } from '../../src/cards/guideCards';
import { createStateAccessors } from '../../src/state/stateAccessors';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { findAction, stepOf } from './cardText';
import { trainedMatcher } from './trainedMatcher';
import type { IntentMatcher } from '../../src/knowledge/matcher/intentMatcher';
import type { EventLog, KbEvent } from '../../src/events/eventLog';
import { RecordingMessenger } from './recordingMessenger';
import { createConversation } from '../../src/conversation';

/** Keeps recorded events in an array for assertions. */
export class MemoryEventLog implements EventLog {
  readonly events: KbEvent[] = [];
  async record(event: KbEvent): Promise<void> {
    this.events.push(event);
  }
}

/** Training takes most of a second: one matcher per worker (see trainedMatcher). */
export const sharedMatcher = trainedMatcher;

export const testBaseUrl = 'https://bot.example.test';

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ PUBLIC_BASE_URL: testBaseUrl, ...env });
}

/** The real dialogs, translations and content, with in-memory state, for DialogTestClient. */
export function createTestBot(
  env: Record<string, string> = {},
  matcher: Pick<IntentMatcher, 'match'> = sharedMatcher(),
  now: () => Date = () => new Date(),
  logger: Logger = silentLogger,
) {
  const config = testConfig(env);
  const missingKeys: string[] = [];
  const i18n = createI18n((language, namespace, key) => missingKeys.push(`${language}:${namespace}:${key}`));
  const knowledgeBase = loadKnowledgeBase();
  const storage = new MemoryStore();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const state = createStateAccessors(conversationState, userState);
  const cards = new GuideCards({ organisation: config.organisation, knowledgeBase, publicBaseUrl: config.publicBaseUrl });
  const events = new MemoryEventLog();
  const messenger = new RecordingMessenger();
  const { history, ticketCards, tickets, channel, handoff, mainDialog } = createConversation({
    config,
    i18n,
    cards,
    matcher,
    events,
    storage,
    state,
    messenger,
    agents: { isMember: async () => true },
    logger,
    now,
  });
  return { config, i18n, missingKeys, knowledgeBase, storage, conversationState, userState, state, cards, events, mainDialog, handoff, tickets, channel, messenger, ticketCards, history };
}

export type TestBot = ReturnType<typeof createTestBot>;

/** A conversation with the main dialog, as Teams would have it: the language middleware and state saving in place. */
export class Conversation {
  readonly client: DialogTestClient;

  constructor(
    readonly bot: TestBot,
    public locale = 'nl-NL',
  ) {
    this.client = new DialogTestClient(
      'msteams',
      bot.mainDialog,
      undefined,
      [
        new LanguageMiddleware(bot.state.profile, bot.i18n),
        new SecretWarningMiddleware(silentLogger),
        new AutoSaveStateMiddleware(bot.userState),
      ],
      bot.conversationState,
    );
  }

  /** Sends one activity and returns every reply it produced, in order. */
  async send(activity: Partial<Activity> | string): Promise<Partial<Activity>[]> {
    const message = typeof activity === 'string' ? { type: 'message', text: activity } : { type: 'message', ...activity };
    const first = await this.client.sendActivity({ locale: this.locale, ...message });
    const replies: Partial<Activity>[] = first ? [first] : [];
    for (let next = this.client.getNextReply(); next; next = this.client.getNextReply()) replies.push(next);
    return replies;
  }

  /** Presses the button with this action on a reply, the way Teams posts an Action.Submit. */
  async press(reply: Partial<Activity> | undefined, action: string): Promise<Partial<Activity>[]> {
    return this.send({ value: findAction(reply, action).data });
  }

  t(language: 'nl' | 'en') {
    return translatorFor(this.bot.i18n, language);
  }
}

export const last = <T>(list: T[]): T => {
  if (list.length === 0) throw new Error('No replies');
  return list[list.length - 1];
};

/** Types "start" and presses "next" until the card of this guide position; returns that card. */
export async function walkTo(conversation: Conversation, key: string): Promise<Partial<Activity>> {
  let reply = last(await conversation.send('start'));
  while (stepOf(reply) !== key) {
    if (!stepOf(reply)) throw new Error(`The guide ended before ${key}:\n${JSON.stringify(reply.attachments)}`);
    reply = last(await conversation.press(reply, 'next'));
  }
  return reply;
}
