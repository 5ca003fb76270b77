import { TeamsInfo, type ConversationReference, type TurnContext } from 'botbuilder';
import { createAdapter } from '../../../src/bot/connector/adapter';
import { ConnectorTraffic, type TrafficOptions } from '../../../src/bot/connector/connectorTraffic';
import { OutboundError, OutboundTimeoutError } from '../../../src/core/errors';
import { createI18n } from '../../../src/i18n/translator';
import { silentLogger } from '../../../src/core/logger';
import { BotMessenger } from '../../../src/bot/messenger';
import { FakeConnector } from '../../helpers/fakeConnector';
import { testConfig } from '../../helpers/testConfig';

// The real CloudAdapter and ConnectorClient (with the SDK's own retry policy in its pipeline) against the fake
// connector: what reaches the connector is what Teams would see.
const connector = new FakeConnector();
let serviceUrl = '';
let sequence = 0;

beforeAll(async () => {
  serviceUrl = await connector.start();
});
afterAll(() => connector.stop());

const fast: Partial<TrafficOptions> = { baseDelayMs: 20, maxDelayMs: 100, attemptTimeoutMs: 500 };

function setUp(options: Partial<TrafficOptions> = fast) {
  const adapter = createAdapter(testConfig(), createI18n(), silentLogger, new ConnectorTraffic({ logger: silentLogger, options }));
  const conversationId = `a:sdk-${++sequence}`;
  const reference: Partial<ConversationReference> = {
    serviceUrl,
    channelId: 'msteams',
    conversation: { id: conversationId, conversationType: 'personal', isGroup: false, name: '' },
    user: { id: '29:user', name: 'Jan' },
    bot: { id: '28:bot', name: 'bot' },
  };
  // A proactive turn hands its error to onTurnError and resolves: keep the error to look at it.
  const run = async (logic: (context: TurnContext) => Promise<unknown>) => {
    let failed: Error | undefined;
    await adapter.continueConversationAsync('', reference, async (context) => {
      await logic(context).catch((error: Error) => (failed = error));
    });
    if (failed) throw failed;
  };
  return { adapter, conversationId, reference, run };
}

const failure = (promise: Promise<unknown>) => promise.then(() => new Error('resolved'), (error: Error) => error);

describe('outbound calls through the real ConnectorClient', () => {
  it('retries a 503 exactly as often as ConnectorTraffic says: the SDK\'s retry policy adds no attempts', async () => {
    const { conversationId, run } = setUp();
    connector.injectFault({ kind: 'status', status: 503 }, { times: 100, match: (request) => request.conversationId === conversationId });
    const error = await failure(run((context) => context.sendActivity('hallo')));
    expect(error).toBeInstanceOf(OutboundError);
    expect(error).toMatchObject({ status: 503, attempts: 4 });
    expect(connector.requestsTo(conversationId)).toHaveLength(4);
  });

  it('with one attempt allowed, one request reaches the connector', async () => {
    const { conversationId, run } = setUp({ ...fast, maxAttempts: 1 });
    connector.injectFault({ kind: 'status', status: 503 }, { times: 100, match: (request) => request.conversationId === conversationId });
    await failure(run((context) => context.sendActivity('hallo')));
    expect(connector.requestsTo(conversationId)).toHaveLength(1);
  });

  it('waits the Retry-After of a 429 and then delivers the message once', async () => {
    const { conversationId, run } = setUp();
    connector.injectFault({ kind: 'status', status: 429, retryAfter: '1' }, { match: (request) => request.conversationId === conversationId });
    await run((context) => context.sendActivity('hallo'));
    const requests = connector.requestsTo(conversationId);
    expect(requests.map((request) => request.status)).toEqual([429, 200]);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(1000);
    expect(connector.callsTo(conversationId).filter((call) => call.activity.text === 'hallo')).toHaveLength(1);
  });

  it('cuts off a reply the connector never answers, with OutboundTimeoutError after one attempt', async () => {
    const { conversationId, run } = setUp();
    connector.injectFault({ kind: 'hang' }, { match: (request) => request.conversationId === conversationId });
    const started = Date.now();
    const error = await failure(run((context) => context.sendActivity('hallo')));
    expect(error).toBeInstanceOf(OutboundTimeoutError);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(connector.requestsTo(conversationId)).toHaveLength(1);
  });

  it('bounds a member look-up (TeamsInfo.getMember) the same way', async () => {
    const { conversationId, run } = setUp();
    connector.injectFault({ kind: 'status', status: 502 }, { times: 100, match: (request) => request.conversationId === conversationId });
    const error = await failure(run((context) => TeamsInfo.getMember(context, '29:user')));
    expect(error).toBeInstanceOf(OutboundError);
    expect(connector.requestsTo(conversationId).filter((request) => request.method === 'GET')).toHaveLength(4);
  });

  it('makes a ticket post (a new channel thread) that hangs reject with OutboundTimeoutError, so it stays queued', async () => {
    const { adapter, reference } = setUp();
    // Thread posts run no user state; the runner would only matter for inUserChat.
    const messenger = new BotMessenger(adapter, '', { run: async (context, logic) => (await logic(context), true) });
    const channelId = `19:tickets-${sequence}@thread.tacv2`;
    connector.injectFault({ kind: 'hang' }, { match: (request) => request.path === '/v3/conversations' && request.conversationId === channelId });
    const channel = { reference: { ...reference, conversation: { id: channelId, conversationType: 'channel', isGroup: true, name: '' } }, teamId: '19:team', channelId, registeredAt: '' };
    const error = await failure(messenger.startThread(channel, { type: 'message', text: 'ticket' }));
    expect(error).toBeInstanceOf(OutboundTimeoutError);
    expect(connector.requestsTo(channelId)).toHaveLength(1);
  });
});
