import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { AppPorts } from '../../src/app';
import type { EventLog, KbEvent } from '../../src/events/eventLog';
import { createI18n, translatorFor } from '../../src/i18n/translator';
import type { Language } from '../../src/i18n/language';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { findAction, stepOf } from './cardText';
import { FakeConnector, type ReceivedCall } from './fakeConnector';
import { InProcessBot, unlimitedPace } from './inProcessBot';
import { testBaseUrl } from './testConfig';
import { postToBot } from './teamsClient';
import { channelRegistration, teamsActivity, type TeamsUser } from './teamsActivity';

/**
 * The whole app in the jest process, driven the way Teams drives it (fastify's inject() is the model):
 * activities are POSTed to the real server's /api/messages and go through the production middleware
 * (flood gate, serial turns, duplicate activities, language, secret warning, versioned state) to TeamsBot;
 * replies, ticket posts and proactive messages land in a fake Bot Connector on 127.0.0.1.
 *
 *   const app = await startTestApp();
 *   const jan = app.user('nl-NL');
 *   const card = await jan.walkTo('mfasetup.enterNumber');
 *   const replies = await jan.press(card, 'servicedesk');
 *
 * Apps started inside a test are stopped after it; apps started in beforeAll after the file.
 */

export interface TestAppOptions extends Partial<AppPorts> {
  /** Environment keys, as the bot process would read them (memory store, local mode by default). */
  env?: Record<string, string>;
}

/** The servicedesk team and channel of `registerChannel()`, and an agent in it. */
export const servicedesk = {
  team: { id: '19:team-servicedesk@thread.tacv2' },
  tenant: { id: '72f988bf-0000-0000-0000-000000000001' },
  channelId: '19:servicedesk@thread.tacv2',
  agent: { id: '29:agent-piet', name: 'Piet de Vries', aadObjectId: 'aad-piet' },
};

/** Keeps the knowledge-base events in an array, with their fields as the app made them. */
class MemoryEventLog implements EventLog {
  readonly events: KbEvent[] = [];
  async record(event: KbEvent): Promise<void> {
    this.events.push(event);
  }
}

const bot = { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' };
const i18n = createI18n();
let userCount = 0;
let channelSequence = 0;

export class TestApp {
  readonly connector = new FakeConnector();
  readonly bot: InProcessBot;
  private readonly recorded = new MemoryEventLog();
  serviceUrl = '';

  constructor(options: TestAppOptions = {}) {
    const { env, ...ports } = options;
    this.bot = new InProcessBot({ PUBLIC_BASE_URL: testBaseUrl, ...env }, { pace: unlimitedPace, events: this.recorded, ...ports });
  }

  get app() {
    return this.bot.app;
  }

  get config() {
    return this.bot.config;
  }

  async start(): Promise<this> {
    this.serviceUrl = await this.connector.start();
    await this.bot.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    await this.connector.stop();
  }

  /** A new user in a 1:1 chat with the bot; the connector knows them as a member (for the ticket's UPN). */
  user(locale = 'nl-NL', fields: Partial<Activity> = {}): ChatUser {
    const n = ++userCount;
    const teams: TeamsUser = { userId: `29:test-user-${n}`, conversationId: `a:test-conversation-${n}`, locale };
    this.connector.addMember(teams.conversationId, { id: teams.userId, name: 'Jan Jansen', userPrincipalName: `jan.jansen${n}@central.zorgring.nl`, aadObjectId: `aad-user-${n}` });
    return new ChatUser(this, teams, fields);
  }

  /** Posts an activity to /api/messages; resolves, once it is answered, with the replies in its conversation. */
  async post(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    return postToBot(this.bot.url, this.connector, activity);
  }

  /** An activity by `from` in the servicedesk channel: in a ticket thread, or in the channel's own conversation. */
  inChannel(from: { id: string; name?: string; aadObjectId?: string }, conversationId: string, fields: Partial<Activity>): Partial<Activity> {
    return {
      id: `1900000000${String(++channelSequence).padStart(4, '0')}`,
      timestamp: new Date(),
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from,
      conversation: { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: servicedesk.tenant.id, name: '' },
      recipient: bot,
      locale: 'nl-NL',
      channelData: { team: servicedesk.team, channel: { id: servicedesk.channelId }, tenant: servicedesk.tenant },
      ...fields,
    } as Partial<Activity>;
  }

  /** An agent of the servicedesk team presses a button on a ticket card, in its thread. */
  async pressOnTicket(post: ReceivedCall, value: Record<string, unknown>, agent = servicedesk.agent): Promise<Partial<Activity>[]> {
    return this.post(this.inChannel(agent, this.threadOf(post), { type: 'message', value, replyToId: post.id }));
  }

  /** "@2FA Servicedesk registreer" by an agent of the servicedesk team: the servicedesk channel is registered. */
  async registerChannel(agent = servicedesk.agent): Promise<Partial<Activity>[]> {
    this.connector.addMember(servicedesk.team.id, agent);
    return this.post(channelRegistration(this.serviceUrl, agent, servicedesk));
  }

  /** The conversation reference a registration in the servicedesk channel stores. */
  channelReference(agent = servicedesk.agent): Partial<ConversationReference> {
    return TurnContext.getConversationReference(channelRegistration(this.serviceUrl, agent, servicedesk));
  }

  /** The ticket cards posted as new threads in the servicedesk channel, in order. */
  ticketPosts(): ReceivedCall[] {
    return this.connector.calls.filter((call) => call.path === '/v3/conversations' && call.id !== undefined);
  }

  threads(): Partial<Activity>[] {
    return this.ticketPosts().map((call) => call.activity);
  }

  threadOf(post: ReceivedCall): string {
    return `${post.conversationId};messageid=${post.id}`;
  }

  /** The updates of a ticket card since `since`, in order. */
  cardUpdates(post: ReceivedCall, since = 0): Partial<Activity>[] {
    return this.connector.calls.slice(since).filter((call) => call.method === 'PUT' && call.path.endsWith(`/activities/${post.id}`)).map((call) => call.activity);
  }

  /** Everything the app keeps in its (memory) store, as one string. */
  stored(): string {
    return JSON.stringify(this.memory());
  }

  /** The knowledge-base events the app recorded, in order. */
  events(): KbEvent[] {
    return this.recorded.events;
  }

  /** Keys the translator did not find (it logs each one). */
  missingTranslations(): string[] {
    return this.bot.lines.filter((line) => line.includes('"missing translation"'));
  }

  log(): string {
    return this.bot.log();
  }

  private memory(): Record<string, string> {
    const memory = (this.bot.storage as unknown as { memory?: Record<string, string> }).memory;
    if (!memory) throw new Error('stored() and events() read the memory store');
    return memory;
  }
}

/** Someone in a 1:1 chat with the bot, in a Teams locale. */
export class ChatUser {
  constructor(
    readonly testApp: TestApp,
    readonly teams: TeamsUser,
    private readonly fields: Partial<Activity> = {},
  ) {}

  get conversationId(): string {
    return this.teams.conversationId;
  }

  /** Sends a message (text, or the fields of one) and resolves with every reply it produced, in order. */
  async send(message: Partial<Activity> | string): Promise<Partial<Activity>[]> {
    const fields = typeof message === 'string' ? { text: message } : message;
    return this.testApp.post(teamsActivity(this.testApp.serviceUrl, this.teams, { type: 'message', ...this.fields, ...fields }));
  }

  /** Presses the button with this action on a reply, the way Teams posts an Action.Submit. */
  async press(reply: Partial<Activity> | undefined, action: string): Promise<Partial<Activity>[]> {
    return this.send({ value: findAction(reply, action).data });
  }

  /** Types "start" and presses "next" until the card of this guide position; resolves with that card. */
  async walkTo(key: string): Promise<Partial<Activity>> {
    let reply = last(await this.send('start'));
    while (stepOf(reply) !== key) {
      if (!stepOf(reply)) throw new Error(`The guide ended before ${key}:\n${JSON.stringify(reply.attachments)}`);
      reply = last(await this.press(reply, 'next'));
    }
    return reply;
  }

  /** Messages the bot sent to this chat since the connector's call `since` (proactive ones included). */
  received(since = 0): Partial<Activity>[] {
    return this.testApp.connector.callsTo(this.conversationId, since).map((call) => call.activity);
  }
}

/** The translator the bot uses, for expected texts. */
export const translate = (language: Language) => translatorFor(i18n, language);

let knowledgeBase: ReturnType<typeof loadKnowledgeBase> | undefined;
/** The knowledge base the app answers from, for expected titles and answers. */
export const knowledge = () => (knowledgeBase ??= loadKnowledgeBase());

export const last = <T>(list: T[]): T => {
  if (list.length === 0) throw new Error('No replies');
  return list[list.length - 1];
};

const running: Array<{ app: TestApp; inTest: boolean }> = [];

/** Builds and starts the whole app with a fake connector; stopped after the test (or, from beforeAll, after the file). */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const app = new TestApp(options);
  running.push({ app, inTest: expect.getState().currentTestName !== undefined });
  return app.start();
}

const stopAll = async (inTest: boolean) => {
  const stopping = running.filter((entry) => entry.inTest === inTest);
  running.splice(0, running.length, ...running.filter((entry) => entry.inTest !== inTest));
  await Promise.all(stopping.map((entry) => entry.app.stop()));
};
afterEach(() => stopAll(true));
afterAll(() => stopAll(false));
