import type { Activity } from 'botbuilder';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Azurite } from '../helpers/azurite';
import { BotProcess } from '../helpers/botProcess';
import { findAction, stepOf, textOf } from '../helpers/cardText';
import { FakeConnector } from '../helpers/fakeConnector';
import { teamsActivity, type TeamsUser } from '../helpers/teamsActivity';
import nl from '../../src/locales/nl/translation.json';
import en from '../../src/locales/en/translation.json';

jest.setTimeout(120000);

/**
 * Two bot processes on one store, the way the README offers Blob Storage for several instances: one
 * conversation's activities are spread over both, also at the same moment, and nothing may be lost
 * or doubled.
 */
const connector = new FakeConnector();
const azurite = new Azurite();
const dir = mkdtempSync(path.join(os.tmpdir(), 'two-instances-'));
let serviceUrl = '';

const team = { id: '19:team-two-instances@thread.tacv2' };
const channelId = '19:two-instances-desk@thread.tacv2';
const tenant = { id: '72f988bf-0000-0000-0000-000000000001' };
const agent = { id: '29:agent-two-instances', name: 'Piet de Vries', aadObjectId: 'aad-piet-two' };
const otherAgent = { id: '29:agent-two-instances-karin', name: 'Karin Bos', aadObjectId: 'aad-karin-two' };
const alwaysOpen = { SERVICEDESK_DAYS: '0-6', SERVICEDESK_OPENS: '00:00', SERVICEDESK_CLOSES: '24:00' };

beforeAll(async () => {
  serviceUrl = await connector.start();
  connector.addMember(team.id, agent);
  connector.addMember(team.id, otherAgent);
});
afterAll(async () => {
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Posts one activity to one instance and resolves with the replies to exactly that activity (by replyToId). */
async function post(bot: BotProcess, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(response.status).toBeLessThan(300);
  return repliesTo(activity);
}

const repliesTo = (activity: Partial<Activity>): Partial<Activity>[] =>
  connector.calls
    .filter((call) => call.method === 'POST' && call.path.endsWith(`/activities/${activity.id}`) && call.conversationId === activity.conversation?.id)
    .map((call) => call.activity)
    .filter((reply) => reply.type !== 'typing');

const cardOf = (replies: Partial<Activity>[]) => replies.filter((reply) => reply.attachments?.length).at(-1);

let users = 0;
function newUser(label: string): TeamsUser {
  const n = ++users;
  const user = { userId: `29:two-${label}-${n}`, conversationId: `a:two-${label}-${n}`, locale: 'nl-NL' };
  connector.addMember(user.conversationId, { id: user.userId, name: 'Jan Jansen', userPrincipalName: `jan.two${n}@central.zorgring.nl`, aadObjectId: `aad-two-${n}` });
  return user;
}

const say = (user: TeamsUser, text: string) => teamsActivity(serviceUrl, user, { type: 'message', text });
const pressOn = (user: TeamsUser, data: Record<string, unknown>) => teamsActivity(serviceUrl, user, { type: 'message', value: data });

type StoreCase = [string, () => Promise<Record<string, string>>, () => Promise<void>];

describe.each<StoreCase>([
  ['one SQLite file', async () => ({ STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'shared.sqlite') }), async () => undefined],
  [
    'one Azurite container',
    async () => {
      await azurite.start();
      return { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'two-instances' };
    },
    () => azurite.stop(),
  ],
])('two instances on %s', (_store, openStore, closeStore) => {
  let first: BotProcess;
  let second: BotProcess;
  let both: [BotProcess, BotProcess];
  /** The guide's first sub-steps in order, as one instance alone walks them. */
  let order: string[] = [];

  beforeAll(async () => {
    const env = { ...(await openStore()), ...alwaysOpen };
    first = new BotProcess(env);
    second = new BotProcess(env);
    both = [first, second];
    await first.start();
    await second.start();
    const user = newUser('reference');
    let card = cardOf(await post(first, say(user, 'start')));
    order = [stepOf(card)!];
    while (order.length < 7) {
      card = cardOf(await post(first, pressOn(user, findAction(card, 'next').data)));
      order.push(stepOf(card)!);
    }
  });
  afterAll(async () => {
    await Promise.all([first.stop(), second.stop()]);
    await closeStore();
  });

  it('walks the guide with each press on the other instance: every press moves one step, one card each', async () => {
    const user = newUser('alternate');
    let card = cardOf(await post(second, say(user, 'start')));
    const walked = [stepOf(card)];
    for (let press = 1; press < order.length; press++) {
      const replies = await post(both[press % 2], pressOn(user, findAction(card, 'next').data));
      expect(replies.filter((reply) => reply.attachments?.length)).toHaveLength(1);
      card = cardOf(replies);
      walked.push(stepOf(card));
    }
    expect(walked).toEqual(order);
    // The step is stored where the presses say, whichever instance is asked.
    const [question] = await post(first, say(user, 'start'));
    const [resumed] = await post(second, pressOn(user, findAction(question, 'resume').data));
    expect(stepOf(resumed)).toBe(order.at(-1));
  });

  it('moves one step for a double click that lands on both instances at once, and answers each click once', async () => {
    const user = newUser('double');
    let card = cardOf(await post(first, say(user, 'start')));
    for (let round = 1; round < order.length; round++) {
      const clicks = [pressOn(user, findAction(card, 'next').data), pressOn(user, findAction(card, 'next').data)];
      const answers = await Promise.all(clicks.map((click, n) => post(both[n], click)));
      // Both answers show the one step further (the later click is a button on an old card); never two steps.
      for (const answer of answers) {
        expect(answer.filter((reply) => reply.attachments?.length)).toHaveLength(1);
        expect(stepOf(cardOf(answer))).toBe(order[round]);
      }
      card = cardOf(answers[round % 2])!;
    }
    expect(first.log() + second.log()).not.toMatch(/"level":"error"/);
  });

  it('keeps both changes when a press and a language switch land on the two instances at once: no step lost, no choice lost', async () => {
    const user = newUser('together');
    let card = cardOf(await post(first, say(user, 'start')));
    const switches = ['English', 'Nederlands', 'English', 'Nederlands', 'English'];
    for (const [n, language] of switches.entries()) {
      const [answer] = await Promise.all([post(both[n % 2], pressOn(user, findAction(card, 'next').data)), post(both[(n + 1) % 2], say(user, language))]);
      card = cardOf(answer)!;
      expect(stepOf(card)).toBe(order[n + 1]);
    }
    // The last switch (English) and the last step both stuck, on whichever instance asks.
    const [question] = await post(second, say(user, 'start'));
    expect(textOf(question)).toContain(en.resume.question.split('{{')[0]);
    const [resumed] = await post(first, pressOn(user, findAction(question, 'resume').data));
    expect(stepOf(resumed)).toBe(order[switches.length]);
  });

  it('runs an activity delivered to both instances at once only once', async () => {
    const user = newUser('redelivered');
    let card = cardOf(await post(first, say(user, 'start')));
    for (let round = 1; round < 4; round++) {
      const press = pressOn(user, findAction(card, 'next').data);
      await Promise.all(both.map((bot) => post(bot, press)));
      const replies = repliesTo(press);
      expect(replies).toHaveLength(1);
      expect(stepOf(replies[0])).toBe(order[round]);
      card = replies[0];
    }
    expect(first.log() + second.log()).toContain('duplicate activity ignored');
  });

  it('escalates with its steps on alternating instances, consent double-clicked and redelivered: one ticket, one card, one answer each', async () => {
    const before = connector.calls.length;
    const channelMessage = {
      id: `1950000000${users}`,
      serviceUrl,
      channelId: 'msteams',
      from: agent,
      conversation: { id: `${channelId};messageid=1950000000001`, conversationType: 'channel', isGroup: true, tenantId: tenant.id, name: '' },
      recipient: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' },
      locale: 'nl-NL',
      channelData: { team, channel: { id: channelId }, tenant },
      text: '<at>2FA Servicedesk</at> registreer',
      entities: [{ type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' } }],
      type: 'message',
    } as Partial<Activity>;
    await post(second, channelMessage);

    const user = newUser('escalation');
    const [ask] = await post(first, say(user, 'ik wil een medewerker'));
    expect(textOf(ask)).toContain(nl.handoff.ask.question);
    const [describe] = await post(second, pressOn(user, { action: 'handoff', choice: 'confirm' }));
    expect(textOf(describe)).toContain(nl.handoff.describe.heading);
    const [consent] = await post(first, pressOn(user, { action: 'handoff', choice: 'describe', description: 'geen melding op mijn telefoon' }));
    expect(textOf(consent)).toContain(nl.handoff.consent.question);

    const agree = pressOn(user, { action: 'handoff', choice: 'consent' });
    const doubleClick = pressOn(user, { action: 'handoff', choice: 'consent' });
    await Promise.all([post(first, agree), post(second, agree), post(second, doubleClick)]);

    const threads = connector.calls.slice(before).filter((call) => call.path === '/v3/conversations' && call.id !== undefined);
    expect(threads).toHaveLength(1);
    const numbers = connector
      .callsTo(user.conversationId, before)
      .flatMap((call) => (call.activity.attachments ?? []).length ? [call.activity] : [])
      .flatMap((reply) => {
        try {
          return [String(findAction(reply, 'cancelTicket').data.ticket)];
        } catch {
          return [];
        }
      });
    expect(new Set(numbers).size).toBe(1);
    expect(textOf(threads[0].activity)).toContain(numbers[0]);
    // The consent was answered once however often it arrived.
    expect(repliesTo(agree).filter((reply) => reply.attachments?.length).length).toBeLessThanOrEqual(1);
    expect(repliesTo(agree).length).toBeGreaterThan(0);

    // The agent takes it on one instance; the user hears of it once.
    const beforeTake = connector.calls.length;
    const thread = `${channelId};messageid=${threads[0].id}`;
    await post(first, { ...channelMessage, id: `1960000000${users}`, conversation: { ...channelMessage.conversation!, id: thread }, text: undefined, entities: [], value: { action: 'ticket', op: 'take', ticket: numbers[0] }, replyToId: threads[0].id });
    await connector.waitFor((call) => call.conversationId === user.conversationId, beforeTake);
    expect(connector.callsTo(user.conversationId, beforeTake)).toHaveLength(1);
    expect(connector.calls.slice(beforeTake).filter((call) => call.path === '/v3/conversations')).toHaveLength(0);
  });

  it('gives a ticket to exactly one agent when two press Oppakken on different instances at once (eTag on the ticket)', async () => {
    const channel = (from: typeof agent, id: string, fields: Partial<Activity>): Partial<Activity> =>
      ({
        id,
        serviceUrl,
        channelId: 'msteams',
        from,
        conversation: { id: `${channelId};messageid=1970000000001`, conversationType: 'channel', isGroup: true, tenantId: tenant.id, name: '' },
        recipient: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' },
        locale: 'nl-NL',
        channelData: { team, channel: { id: channelId }, tenant },
        type: 'message',
        ...fields,
      }) as Partial<Activity>;
    const mention = { type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' } };
    await post(first, channel(agent, `1970000000${users}`, { text: '<at>2FA Servicedesk</at> registreer', entities: [mention] }));

    const before = connector.calls.length;
    const user = newUser('contested');
    await post(first, say(user, 'ik wil een medewerker'));
    await post(second, pressOn(user, { action: 'handoff', choice: 'confirm' }));
    await post(first, pressOn(user, { action: 'handoff', choice: 'describe', description: 'geen melding' }));
    const created = cardOf(await post(second, pressOn(user, { action: 'handoff', choice: 'consent' })));
    const number = String(findAction(created, 'cancelTicket').data.ticket);
    const ticketPost = await connector.waitFor((call) => call.path === '/v3/conversations' && call.id !== undefined, before);
    const thread = `${channelId};messageid=${ticketPost.id}`;

    const beforeTake = connector.calls.length;
    const take = (bot: BotProcess, by: typeof agent, id: string) =>
      post(bot, channel(by, id, { conversation: { id: thread, conversationType: 'channel', isGroup: true, tenantId: tenant.id, name: '' } as Activity['conversation'], value: { action: 'ticket', op: 'take', ticket: number }, replyToId: ticketPost.id }));
    await Promise.all([take(first, agent, `1980000000${users}`), take(second, otherAgent, `1990000000${users}`)]);
    const notes = connector.callsTo(thread, beforeTake).filter((call) => call.method === 'POST').map((call) => call.activity.text);
    const taken = notes.filter((note) => [agent, otherAgent].some((by) => note === nl.ticket.notes.taken.replace('{{agent}}', by.name)));
    expect(taken).toHaveLength(1);
    const winner = taken[0] === nl.ticket.notes.taken.replace('{{agent}}', agent.name) ? agent : otherAgent;
    expect(notes).toContainEqual(expect.stringContaining(nl.ticket.notes.alreadyTaken.split('{{time}}')[0].replace('{{agent}}', winner.name)));
    const cardUpdates = connector.calls.slice(beforeTake).filter((call) => call.method === 'PUT' && call.path.endsWith(`/activities/${ticketPost.id}`));
    expect(cardUpdates).toHaveLength(1);
    expect(connector.callsTo(user.conversationId, beforeTake)).toHaveLength(1);
  });
});
