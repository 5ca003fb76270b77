import type { Activity } from 'botbuilder';
import type { ReceivedRequest } from '../helpers/fakeConnector';
import { liveBot } from '../helpers/liveBot';
import { teamsActivity, type TeamsUser } from '../helpers/teamsActivity';
import { createI18n, translatorFor } from '../../src/i18n/translator';
import nl from '../../src/locales/nl/translation.json';
import { waitUntil } from '../helpers/waitUntil';

jest.setTimeout(20000);

// A short per-attempt timeout so that a hung connector shows within a test's time.
const live = liveBot({ CONNECTOR_TIMEOUT_MS: '1000' });
const { connector, bot } = live;

const userOf = (name: string): TeamsUser => ({ userId: `29:${name}`, conversationId: `a:${name}`, locale: 'nl-NL' });

/** Posts one activity the way Teams does; resolves with its status and its id. */
async function post(user: TeamsUser, fields: Partial<Activity> = { type: 'message', text: 'hallo' }): Promise<{ status: number; id: string }> {
  const activity = teamsActivity(live.serviceUrl, user, { type: 'message', ...fields });
  const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await response.text();
  return { status: response.status, id: activity.id! };
}

// Replies only: the turn's look-up of the user's UPN (GET …/members/{id}) is not what these tests fault.
const toConversation = (user: TeamsUser) => (request: ReceivedRequest) => request.conversationId === user.conversationId && /\/activities/.test(request.path);
const repliesTo = (user: TeamsUser) => connector.repliesSince(0, user.conversationId);

const until = (test: () => boolean, what: string) => waitUntil(test, what, 8000);

/** The most timestamps in any window of `ms` (half-open). */
const busiest = (times: number[], ms: number) => Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + ms).length));

describe('outbound traffic of the real bot', () => {
  it('is not wedged by a send the connector never answers: the next message of that chat is answered', async () => {
    const user = userOf('hung');
    connector.injectFault({ kind: 'hang' }, { match: toConversation(user) });
    const first = post(user);
    await until(() => connector.requestsTo(user.conversationId).some((request) => request.status === undefined), 'the first reply hangs');
    const second = await post(user, { type: 'message', text: 'help' });
    expect(second.status).toBe(200);
    expect(connector.callsTo(user.conversationId).some((call) => call.activity.replyToId === second.id)).toBe(true);
    expect((await first).status).toBeLessThan(600);
    expect(bot.log()).toContain('"message":"connector call failed"');
  });

  it('retries a reply that got 429 after its Retry-After, and delivers it once', async () => {
    const user = userOf('throttled');
    connector.injectFault({ kind: 'status', status: 429, retryAfter: '1' }, { match: toConversation(user) });
    const { status, id } = await post(user);
    expect(status).toBe(200);
    const requests = connector.requestsTo(user.conversationId, { sendsOnly: true });
    expect(requests.map((request) => request.status).slice(0, 2)).toEqual([429, 200]);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(1000);
    expect(connector.callsTo(user.conversationId).filter((call) => call.activity.replyToId === id && call.activity.type === 'message')).toHaveLength(1);
  });

  it('gives a reply that keeps getting 503 four attempts (not sixteen), then the user gets the apology', async () => {
    const user = userOf('outage');
    connector.injectFault({ kind: 'status', status: 503 }, { times: 4, match: toConversation(user) });
    await post(user);
    const t = translatorFor(createI18n(), 'nl');
    const apology = t('messages.turnError', { servicedesk: t('organisation.servicedesk', { organisation: 'Zorgring' }) });
    await until(() => repliesTo(user).some((reply) => reply.text === apology), 'the apology arrives');
    expect(connector.requestsTo(user.conversationId).filter((request) => request.status === 503)).toHaveLength(4);
    // Had the SDK's own policy retried too, its fifth attempt would have delivered the greeting instead.
    expect(repliesTo(user).map((reply) => reply.text)).toEqual([apology]);
  });

  it("paces one chat's replies to at most 7 per second and 8 per 2 s, while another chat is answered meanwhile", async () => {
    const busy = userOf('busy');
    const other = userOf('other');
    const busyRun = (async () => {
      for (let i = 0; i < 14; i++) await post(busy, { type: 'message', text: 'hallo' });
    })();
    await until(() => connector.requestsTo(busy.conversationId).length >= 8, 'the busy chat has had 8 replies');
    const { id } = await post(other);
    const answered = connector.callsTo(other.conversationId).find((call) => call.activity.replyToId === id);
    expect(answered).toBeDefined();
    await busyRun;
    const times = connector.requestsTo(busy.conversationId, { sendsOnly: true }).map((request) => request.at);
    expect(times.length).toBeGreaterThanOrEqual(14);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(7);
    expect(busiest(times, 2000)).toBeLessThanOrEqual(8);
    // The other chat was served while the busy one was still being paced.
    expect(connector.requests.find((request) => request.conversationId === other.conversationId)!.at).toBeLessThan(Math.max(...times));
  });

  it('limits a flood at the door: acknowledged at once, one polite message, and other users are served', async () => {
    const flooder = userOf('flooder');
    const other = userOf('bystander');
    const flood = Array.from({ length: 60 }, (_, i) => post(flooder, i % 3 ? { type: 'message', text: `bericht ${i}` } : { type: 'message', value: { action: 'next' } }));
    const bystander = await post(other);
    expect(connector.callsTo(other.conversationId).some((call) => call.activity.replyToId === bystander.id)).toBe(true);
    const statuses = (await Promise.all(flood)).map((result) => result.status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    await until(() => repliesTo(flooder).some((reply) => reply.text === nl.flood.tooFast), 'the polite message arrives');
    await bot.waitForLog('"message":"flood limited"');
    // Of 60, the door let through at most its burst of 20.
    const answered = new Set(connector.callsTo(flooder.conversationId).map((call) => call.activity.replyToId).filter(Boolean));
    expect(answered.size).toBeLessThanOrEqual(21);
    expect(repliesTo(flooder).filter((reply) => reply.text === nl.flood.tooFast)).toHaveLength(1);
  });
});
