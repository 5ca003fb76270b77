import type { Activity } from 'botbuilder';
import { BotProcess, productionEnv } from '../helpers/botProcess';
import { imagesOf, findAction, stepOf, textOf } from '../helpers/cardText';
import { InProcessBot, unlimitedPace } from '../helpers/inProcessBot';
import { liveBot } from '../helpers/liveBot';
import { teamsActivity, type TeamsUser } from '../helpers/teamsActivity';
import nl from '../../src/locales/nl/translation.json';
import en from '../../src/locales/en/translation.json';

jest.setTimeout(60000);

// Replies as fast as the fake connector takes them: Teams' pace (7 a second, 8 in 2 s per chat) is test/http/outbound.test.ts's subject, not these walks'.
const live = liveBot({}, { pace: unlimitedPace });
const { connector, bot } = live;

/** Posts one activity the way Teams does and returns the bot's replies as the connector received them. */
async function post(user: TeamsUser, fields: Partial<Activity>): Promise<Partial<Activity>[]> {
  const before = connector.calls.length;
  const response = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(teamsActivity(live.serviceUrl, user, fields)),
  });
  expect(response.status).toBeLessThan(300);
  return connector.repliesSince(before);
}

const userOf = (n: number, locale: string): TeamsUser => ({ userId: `29:user-${n}`, conversationId: `a:conversation-${n}`, locale });

describe('the real server over the Bot Framework protocol', () => {
  it('answers the health check', async () => {
    const response = await fetch(`${bot.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('greets once when installed in a personal chat, even if Teams sends the install event again', async () => {
    const user = userOf(1, 'nl-NL');
    const install = { type: 'installationUpdate', action: 'add' } as Partial<Activity>;
    const first = await post(user, install);
    expect(first).toHaveLength(1);
    expect(textOf(first[0])).toContain(nl.welcome.title);
    expect(findAction(first[0], 'start').data).toEqual({ action: 'start' });
    const added = await post(user, { type: 'conversationUpdate', membersAdded: [{ id: '28:00000000-0000-0000-0000-000000000000', name: 'bot' }] });
    expect(added).toHaveLength(0);
    expect(connector.calls.at(-1)!.path).toMatch(/^\/v3\/conversations\/a%3Aconversation-1\/activities/);
  });

  it('greets once when Teams sends both install events at the same moment, in the Teams language', async () => {
    const user = userOf(5, 'en-US');
    const before = connector.calls.length;
    await Promise.all([
      post(user, { type: 'installationUpdate', action: 'add' } as Partial<Activity>),
      post(user, { type: 'conversationUpdate', locale: undefined, membersAdded: [{ id: '28:00000000-0000-0000-0000-000000000000', name: 'bot' }] }),
    ]);
    const replies = connector.repliesSince(before);
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0])).toContain(en.welcome.title);
  });

  it('loses no step when a button is pressed twice at once (a double click)', async () => {
    const user = userOf(6, 'nl-NL');
    const [first] = await post(user, { type: 'message', text: 'start' });
    const before = connector.calls.length;
    const press = () => post(user, { type: 'message', value: findAction(first, 'next').data });
    await Promise.all([press(), press()]);
    const replies = connector.repliesSince(before);
    expect(stepOf(replies[0])).toBe('prerequisites.username');
    // The second press is handled after the first, so its card is no longer current: a kind word and the same step.
    expect(replies.map((reply) => reply.text ?? stepOf(reply))).toEqual(['prerequisites.username', nl.messages.staleButton, 'prerequisites.username']);
  });

  it.each([
    ['nl-NL', 'Stap', 'van', 'Klaar!'],
    ['en-US', 'Step', 'of', 'Done!'],
  ])('walks the whole guide in %s by pressing next, and every screenshot is served as PNG', async (locale, stepWord, ofWord, done) => {
    const user = userOf(locale === 'nl-NL' ? 2 : 3, locale);
    let [reply] = await post(user, { type: 'message', text: 'start' });
    const progress = new Set<string>();
    const images = new Set<string>();
    while (stepOf(reply)) {
      const match = new RegExp(`${stepWord} (\\d) ${ofWord} 3`).exec(textOf(reply));
      if (match) progress.add(match[0]);
      expect(imagesOf(reply)).toHaveLength(1);
      images.add(imagesOf(reply)[0].url);
      const replies = await post(user, { type: 'message', value: findAction(reply, 'next').data, replyToId: 'card-1' });
      reply = replies.at(-1)!;
    }
    expect([...progress]).toEqual([1, 2, 3].map((n) => `${stepWord} ${n} ${ofWord} 3`));
    expect(textOf(reply)).toContain(done);
    images.add(imagesOf(reply)[0].url);
    expect(images.size).toBeGreaterThanOrEqual(20);
    for (const url of images) {
      expect(url.startsWith(`${bot.url}/images/${locale.slice(0, 2)}/`)).toBe(true);
      const response = await fetch(url);
      expect({ url, status: response.status, type: response.headers.get('content-type') }).toEqual({ url, status: 200, type: 'image/png' });
    }
  });

  it('answers a free-text question in the middle of the guide and keeps the step', async () => {
    const user = userOf(7, 'nl-NL');
    let [reply] = await post(user, { type: 'message', text: 'start' });
    while (stepOf(reply) !== 'mfasetup.verifyPhone') reply = (await post(user, { type: 'message', value: findAction(reply, 'next').data })).at(-1)!;
    const [answer] = await post(user, { type: 'message', text: 'ik krijg geen sms binnen' });
    expect(findAction(answer, 'feedback').data).toMatchObject({ intent: 'mfa_sms_niet_ontvangen', step: 'mfasetup.verifyPhone' });
    const after = await post(user, { type: 'message', value: findAction(answer, 'feedback').data });
    expect(stepOf(after.at(-1))).toBe('mfasetup.verifyPhone');
    const [next] = await post(user, { type: 'message', value: findAction(after.at(-1), 'next').data });
    expect(stepOf(next)).toBe('mfasetup.finish');
  });

  it('registers the channel where an agent @mentions the bot with "registreer", and ignores other channel talk', async () => {
    const channel = {
      conversation: { id: '19:servicedesk@thread.tacv2;messageid=1700000000001', conversationType: 'channel', isGroup: true, tenantId: 't', name: '' },
      channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:servicedesk@thread.tacv2' }, tenant: { id: 't' } },
      from: { id: '29:agent-1', name: 'Agent', aadObjectId: 'aad-agent-1' },
    };
    // Moving the registration to another channel needs a member of the servicedesk team.
    connector.addMember(channel.channelData.team.id, channel.from);
    const user = userOf(8, 'nl-NL');
    const [howTo] = await post(user, { type: 'installationUpdate', action: 'add', ...channel } as Partial<Activity>);
    expect(howTo.text).toBe(nl.servicedeskChannel.installed);
    const mention = { type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' } };
    const [confirmation] = await post(user, { type: 'message', text: '<at>2FA Servicedesk</at> registreer', entities: [mention], ...channel } as Partial<Activity>);
    expect(confirmation.text).toBe(nl.servicedeskChannel.registered);
    expect(connector.calls.at(-1)!.conversationId).toBe(channel.conversation.id);
    expect(await post(user, { type: 'message', text: 'wie heeft er koffie?', ...channel } as Partial<Activity>)).toEqual([]);
    const moved = await post(user, {
      type: 'message',
      text: '<at>2FA Servicedesk</at> register',
      entities: [mention],
      ...channel,
      channelData: { ...channel.channelData, channel: { id: '19:other@thread.tacv2' } },
    } as Partial<Activity>);
    expect(moved[0].text).toBe(nl.servicedeskChannel.moved);
  });

  it('keeps going after malformed input: bad JSON, an unknown button, an empty message', async () => {
    const bad = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
    expect(bad.status).toBe(400);
    const user = userOf(4, 'nl-NL');
    const unknown = await post(user, { type: 'message', value: { action: 'launchRockets', step: '../../etc' } });
    expect(unknown.length).toBeGreaterThan(0);
    expect(textOf(unknown[0])).not.toMatch(/Error|at \w+ \(/);
    const empty = await post(user, { type: 'message', text: '' });
    expect(empty.length).toBeGreaterThan(0);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('does not serve files outside the images folder', async () => {
    const response = await fetch(`${bot.url}/images/..%2f..%2fpackage.json`);
    expect(response.status).toBeGreaterThanOrEqual(400);
  });
});

describe('with a MicrosoftAppId configured', () => {
  // In the jest process; test/http/auth.test.ts has the real process's 401.
  const secured = new InProcessBot(productionEnv);
  beforeAll(() => secured.start());
  afterAll(() => secured.stop());

  it.each([
    ['no token', undefined],
    ['a token that is not a Bot Framework token', 'Bearer not-a-valid-token'],
  ])('rejects a request with %s with 401', async (_name, authorization) => {
    const response = await fetch(`${secured.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(teamsActivity(live.serviceUrl, userOf(9, 'nl-NL'), { type: 'message', text: 'start' })),
    });
    expect(response.status).toBe(401);
  });

  it('never prints the app password in its log', () => {
    expect(secured.log()).toContain('bot listening');
    expect(secured.log()).not.toContain(productionEnv.MicrosoftAppPassword);
  });
});

describe('shutdown', () => {
  it('stops cleanly on SIGTERM', async () => {
    const process = new BotProcess();
    await process.start();
    expect(await process.stop()).toBe(0);
  });
});
