import type { Activity } from 'botbuilder';
import { InProcessBot, unlimitedPace } from '../helpers/inProcessBot';
import { actionsOf, findAction, stepOf, textOf } from '../helpers/cardText';
import { FakeConnector, type ReceivedCall } from '../helpers/fakeConnector';
import { TeamsClient } from '../helpers/teamsClient';
import type { TeamsUser } from '../helpers/teamsActivity';
import nl from '../../src/locales/nl/translation.json';
import en from '../../src/locales/en/translation.json';

jest.setTimeout(60000);

const team = { id: '19:team-servicedesk@thread.tacv2' };
const channelId = '19:servicedesk@thread.tacv2';
const tenant = { id: '72f988bf-0000-0000-0000-000000000001' };
const agents = {
  piet: { id: '29:agent-piet', name: 'Piet de Vries', aadObjectId: 'aad-piet' },
  karin: { id: '29:agent-karin', name: 'Karin Bos', aadObjectId: 'aad-karin' },
  outsider: { id: '29:outsider', name: 'Olaf Buiten', aadObjectId: 'aad-olaf' },
  /** In the team, but Teams only lists her (the member look-up says "not found"). */
  sanne: { id: '29:agent-sanne', name: 'Sanne Smit', aadObjectId: 'aad-sanne' },
};
type Person = (typeof agents)[keyof typeof agents];

const connector = new FakeConnector();
// Always open, and a retry every second, so the loop runs the same at any hour; replies at the stub connector's pace (Teams' pace is outbound.test.ts's).
// Two instances taking one ticket at once: test/http/twoInstances.test.ts.
const bot = new InProcessBot({ SERVICEDESK_DAYS: '0-6', SERVICEDESK_OPENS: '00:00', SERVICEDESK_CLOSES: '24:00', TICKET_RETRY_SECONDS: '1' }, { pace: unlimitedPace });
let client: TeamsClient;
let serviceUrl = '';
let sequence = 0;

beforeAll(async () => {
  serviceUrl = await connector.start();
  connector.addMember(team.id, agents.piet);
  connector.addMember(team.id, agents.karin);
  connector.addListedMember(team.id, agents.sanne);
  await bot.start();
  client = new TeamsClient(connector, serviceUrl, bot);
});
afterAll(async () => {
  await bot.stop();
  await connector.stop();
});

/** An activity in the servicedesk channel (a ticket thread, or the channel's own conversation). */
function inChannel(from: Person, conversationId: string, fields: Partial<Activity>): Partial<Activity> {
  return {
    id: `1900000000${String(++sequence).padStart(4, '0')}`,
    timestamp: new Date(),
    serviceUrl,
    channelId: 'msteams',
    from,
    conversation: { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: tenant.id, name: '' },
    recipient: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' },
    locale: 'nl-NL',
    channelData: { team, channel: { id: channelId }, tenant },
    ...fields,
  } as Partial<Activity>;
}

const mention = { type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' } };

function userOf(n: number, locale = 'nl-NL'): TeamsUser {
  const user = { userId: `29:handoff-user-${n}`, conversationId: `a:handoff-conversation-${n}`, locale };
  connector.addMember(user.conversationId, { id: user.userId, name: 'Jan Jansen', userPrincipalName: `jan.jansen${n}@central.zorgring.nl`, aadObjectId: `aad-user-${n}` });
  return user;
}

async function walkTo(user: TeamsUser, key: string): Promise<Partial<Activity>> {
  let [reply] = await client.post(user, { type: 'message', text: 'start' });
  while (stepOf(reply) !== key) reply = (await client.post(user, { type: 'message', value: findAction(reply, 'next').data })).at(-1)!;
  return reply;
}

const press = (user: TeamsUser, data: Record<string, unknown>) => client.post(user, { type: 'message', value: data });

/** Asks for the servicedesk and goes through the handoff dialog; resolves with the ticket card's thread post. */
async function escalate(user: TeamsUser, description: string, texts: typeof nl = nl): Promise<{ number: string; created: Partial<Activity>; post: ReceivedCall }> {
  const before = connector.calls.length;
  const [ask] = await client.post(user, { type: 'message', text: texts === nl ? 'ik wil een medewerker' : 'talk to a person' });
  expect(textOf(ask)).toContain(texts.handoff.ask.question);
  const [describe] = await press(user, { action: 'handoff', choice: 'confirm' });
  expect(textOf(describe)).toContain(texts.handoff.describe.heading);
  const [consent] = await press(user, { action: 'handoff', choice: 'describe', description });
  expect(textOf(consent)).toContain(texts.handoff.consent.question);
  const replies = await press(user, { action: 'handoff', choice: 'consent' });
  const created = replies.at(-1)!;
  const number = String(findAction(created, 'cancelTicket').data.ticket);
  const post = await connector.waitFor((call) => call.path === '/v3/conversations' && call.id !== undefined, before);
  return { number, created, post };
}

const threadOf = (post: ReceivedCall) => `${channelId};messageid=${post.id}`;
const cardUpdates = (post: ReceivedCall, since: number) =>
  connector.calls.slice(since).filter((call) => call.method === 'PUT' && call.path.endsWith(`/activities/${post.id}`));

describe('the servicedesk in the loop, over the Bot Framework protocol', () => {
  let user: TeamsUser;
  let number = '';
  let post: ReceivedCall;
  let winner: Person;

  it('registers the servicedesk channel', async () => {
    const replies = await client.postActivity(
      inChannel(agents.piet, `${channelId};messageid=1700000000001`, { type: 'message', text: '<at>2FA Servicedesk</at> registreer', entities: [mention] }),
    );
    expect(replies.map((reply) => reply.text)).toEqual([nl.servicedeskChannel.registered]);
  });

  it('does not let someone outside the servicedesk team move the tickets to their own team', async () => {
    const elsewhere = inChannel(agents.outsider, '19:elsewhere@thread.tacv2;messageid=1700000000009', { type: 'message', text: '<at>2FA Servicedesk</at> registreer', entities: [mention] });
    elsewhere.channelData = { team: { id: '19:team-elsewhere@thread.tacv2' }, channel: { id: '19:elsewhere@thread.tacv2' }, tenant };
    const replies = await client.postActivity(elsewhere);
    expect(replies.map((reply) => reply.text)).toEqual([nl.servicedeskChannel.otherTeam]);
  });

  it('turns "ik wil een medewerker" into a ticket card in the channel, masked, with who, where and what was asked', async () => {
    user = userOf(1);
    await walkTo(user, 'mfasetup.scanQrCode');
    await client.post(user, { type: 'message', text: 'de qr code scant niet' });
    const escalation = await escalate(user, 'Mijn code 123456 werkt niet, bel me op 06 12345678');
    ({ number, post } = escalation);
    expect(number).toMatch(/^\d{4,}$/);
    expect(textOf(escalation.created)).toContain(number);

    expect(post.parameters?.channelData).toEqual(expect.objectContaining({ channel: { id: channelId } }));
    const card = textOf(post.activity);
    expect(card).toContain(`Ticket ${number} · Jan Jansen`);
    expect(card).toContain('jan.jansen1@central.zorgring.nl');
    expect(card).toContain('Stap 2 van 3');
    expect(card).toContain('de qr code scant niet');
    expect(card).toContain('[code]');
    expect(card).toContain('[telefoon]');
    expect(JSON.stringify(post.activity)).not.toMatch(/123456|12345678/);
    expect(actionsOf(post.activity).map((action) => action.data.op)).toEqual(['take', 'relay', 'handBack', 'close']);
    // The Bot Framework handoff event never reaches Teams.
    expect(connector.calls.some((call) => call.activity?.name === 'handoff.initiate')).toBe(false);
  });

  it('refuses someone who is not in the servicedesk team, and changes nothing', async () => {
    const before = connector.calls.length;
    const replies = await client.postActivity(
      inChannel(agents.outsider, threadOf(post), { type: 'message', value: { action: 'ticket', op: 'take', ticket: number }, replyToId: post.id }),
    );
    expect(replies.map((reply) => reply.text)).toEqual([nl.ticket.notes.notAgent]);
    expect(cardUpdates(post, before)).toHaveLength(0);
    expect(connector.callsTo(user.conversationId, before)).toHaveLength(0);
  });

  it('gives the ticket to exactly one of two agents pressing Oppakken at the same moment; the other is told who has it', async () => {
    const before = connector.calls.length;
    const take = (agent: Person) =>
      client.postActivity(inChannel(agent, threadOf(post), { type: 'message', value: { action: 'ticket', op: 'take', ticket: number }, replyToId: post.id }));
    await Promise.all([take(agents.piet), take(agents.karin)]);
    const notes = connector.callsTo(threadOf(post), before).filter((call) => call.method === 'POST').map((call) => call.activity.text);
    const pietWon = notes.includes('Piet de Vries heeft het ticket opgepakt.');
    winner = pietWon ? agents.piet : agents.karin;
    const loser = pietWon ? agents.karin : agents.piet;
    expect(notes).toHaveLength(2);
    expect(notes).toContain(`${winner.name} heeft het ticket opgepakt.`);
    expect(notes).toContainEqual(expect.stringContaining(`Dit ticket is al opgepakt door ${winner.name}`));
    const updates = cardUpdates(post, before);
    expect(updates).toHaveLength(1);
    expect(textOf(updates[0].activity)).toContain(`Opgepakt door ${winner.name}`);
    expect(textOf(updates[0].activity)).not.toContain(loser.name);
    const toUser = connector.callsTo(user.conversationId, before).map((call) => call.activity.text);
    expect(toUser).toEqual([`**${winner.name}** van de servicedesk heeft je ticket ${number} opgepakt en helpt je zo, hier in deze chat.`]);
  });

  it('relays both ways once the agent takes over the chat: text and attachments, codes masked, agent notes kept back', async () => {
    let before = connector.calls.length;
    await client.postActivity(inChannel(winner, threadOf(post), { type: 'message', value: { action: 'ticket', op: 'relay', ticket: number }, replyToId: post.id }));
    expect(connector.callsTo(user.conversationId, before).map((call) => call.activity.text)).toEqual([expect.stringContaining('praat nu met je mee')]);
    expect(textOf(cardUpdates(post, before)[0].activity)).toContain('gesprek overgenomen');
    // A double click changes nothing and tells nobody again.
    before = connector.calls.length;
    await client.postActivity(inChannel(winner, threadOf(post), { type: 'message', value: { action: 'ticket', op: 'relay', ticket: number }, replyToId: post.id }));
    expect(connector.calls.slice(before)).toEqual([]);

    before = connector.calls.length;
    const screenshot = { contentType: 'image/png', contentUrl: 'https://example.test/settings.png', name: 'instellingen.png' };
    await client.postActivity(
      inChannel(winner, threadOf(post), {
        type: 'message',
        text: 'Open de app opnieuw en kijk of je dit scherm ziet.',
        attachments: [screenshot, { contentType: 'text/html', content: '<p>Open de app opnieuw</p>' }],
      }),
    );
    const [relayed] = connector.callsTo(user.conversationId, before);
    expect(relayed.activity.text).toBe(`**${winner.name} (servicedesk):** Open de app opnieuw en kijk of je dit scherm ziet.`);
    expect(relayed.activity.attachments).toEqual([screenshot]);

    before = connector.calls.length;
    await client.postActivity(inChannel(winner, threadOf(post), { type: 'message', text: '// even navragen bij netwerkbeheer' }));
    expect(connector.callsTo(user.conversationId, before)).toHaveLength(0);

    before = connector.calls.length;
    const replies = await client.post(user, { type: 'message', text: 'Nog steeds niet, de code is 654321' });
    expect(replies.map((reply) => reply.text)).toContain(nl.messages.neverShareSecrets);
    const inThread = connector.callsTo(threadOf(post), before).map((call) => call.activity.text);
    expect(inThread).toEqual(['**Jan Jansen:** Nog steeds niet, de code is [code]']);
  });

  it('hands the user back to the bot at Step 3 with a line from the agent; the guide goes on from there', async () => {
    const before = connector.calls.length;
    await client.postActivity(
      inChannel(winner, threadOf(post), {
        type: 'message',
        value: { action: 'ticket', op: 'handBack', ticket: number, handBackStep: 'forticlient.openVpn', agentNote: 'Je account is hersteld, ga verder met de VPN.' },
        replyToId: post.id,
      }),
    );
    const toUser = connector.callsTo(user.conversationId, before).map((call) => call.activity);
    expect(toUser[0].text).toBe(`**${winner.name} (servicedesk):** Je account is hersteld, ga verder met de VPN.`);
    expect(toUser[1].text).toContain('zet je terug in de handleiding');
    const stepCard = toUser.at(-1)!;
    expect(stepOf(stepCard)).toBe('forticlient.openVpn');
    expect(textOf(stepCard)).toContain('Stap 3 van 3');
    expect(textOf(cardUpdates(post, before)[0].activity)).toContain('Terug naar de bot bij Stap 3 van 3');

    // What the user types now goes to the bot again, and the Step 3 card's button works.
    const next = await press(user, findAction(stepCard, 'next').data);
    expect(stepOf(next.at(-1))).toBe('forticlient.editConnection');
    expect(connector.callsTo(threadOf(post), before).filter((call) => call.activity.text?.startsWith('**Jan'))).toHaveLength(0);
  });

  it('closes the ticket, asks the user for a 1–5 rating and a comment, and shows the rating on the card', async () => {
    let before = connector.calls.length;
    await client.postActivity(inChannel(winner, threadOf(post), { type: 'message', value: { action: 'ticket', op: 'close', ticket: number }, replyToId: post.id }));
    const toUser = connector.callsTo(user.conversationId, before).map((call) => call.activity);
    expect(toUser[0].text).toBe(`**${winner.name}** heeft je ticket ${number} afgesloten.`);
    const rating = toUser[1];
    expect(actionsOf(rating).map((action) => action.data.score)).toEqual([1, 2, 3, 4, 5]);
    // The guide the agent handed the user back to comes back under the rating, so the way on stays in view.
    expect(stepOf(toUser[2])).toBe('forticlient.editConnection');
    const closedCard = cardUpdates(post, before)[0].activity;
    expect(textOf(closedCard)).toContain(`Afgesloten door ${winner.name}`);
    expect(actionsOf(closedCard).filter((action) => action.data.action === 'ticket')).toEqual([]);

    before = connector.calls.length;
    const replies = await press(user, { ...actionsOf(rating)[3].data, comment: 'Snel geholpen!' });
    expect(replies[0].text).toBe(nl.handoff.rating.thanks);
    expect(stepOf(replies.at(-1))).toBe('forticlient.editConnection');
    expect(textOf(cardUpdates(post, before)[0].activity)).toContain('Beoordeling: 4/5 · “Snel geholpen!”');
    expect((await press(user, { ...actionsOf(rating)[0].data }))[0]).toEqual(expect.objectContaining({ text: nl.handoff.rating.already }));
  });

  it('lets the user cancel a waiting ticket; the card says so and offers no more actions', async () => {
    const other = userOf(2);
    const escalation = await escalate(other, '');
    const taken = await client.postActivity(
      inChannel(agents.sanne, threadOf(escalation.post), { type: 'message', value: { action: 'ticket', op: 'take', ticket: escalation.number }, replyToId: escalation.post.id }),
    );
    expect(taken.map((reply) => reply.text)).toEqual(['Sanne Smit heeft het ticket opgepakt.']);
    const before = connector.calls.length;
    const replies = await press(other, findAction(escalation.created, 'cancelTicket').data);
    expect(replies.map((reply) => reply.text)).toEqual([expect.stringContaining(`Ticket ${escalation.number} is geannuleerd`)]);
    const update = cardUpdates(escalation.post, before)[0].activity;
    expect(textOf(update)).toContain('Geannuleerd door Jan Jansen');
    expect(connector.callsTo(threadOf(escalation.post), before).map((call) => call.activity.text)).toContain('Jan Jansen heeft het ticket geannuleerd.');
    expect(actionsOf(update).filter((action) => action.data.action === 'ticket')).toEqual([]);
  });

  it('speaks to each user in their own language, and to the servicedesk in its own', async () => {
    const english = userOf(4, 'en-US');
    const { number, post: englishPost } = await escalate(english, 'no notification', en);
    expect(textOf(englishPost.activity)).toContain('Taal: Engels');
    const before = connector.calls.length;
    await client.postActivity(
      inChannel(agents.karin, threadOf(englishPost), { type: 'message', value: { action: 'ticket', op: 'take', ticket: number }, replyToId: englishPost.id }),
    );
    expect(connector.callsTo(english.conversationId, before).map((call) => call.activity.text)).toEqual([
      `**Karin Bos** from the servicedesk has picked up your ticket ${number} and will help you shortly, here in this chat.`,
    ]);
    expect(connector.callsTo(threadOf(englishPost), before).map((call) => call.activity.text)).toContain('Karin Bos heeft het ticket opgepakt.');
  });

  it('keeps a ticket whose channel post failed and posts it again later: no orphan, no lost ticket', async () => {
    const other = userOf(3);
    connector.failThreadCreations = 1000;
    const before = connector.calls.length;
    await client.post(other, { type: 'message', text: 'ik wil een medewerker' });
    await press(other, { action: 'handoff', choice: 'confirm' });
    await press(other, { action: 'handoff', choice: 'skip' });
    const replies = await press(other, { action: 'handoff', choice: 'consent' });
    const number = String(findAction(replies.at(-1), 'cancelTicket').data.ticket);
    expect(textOf(replies.at(-1))).toContain(number);
    await connector.waitFor((call) => call.path === '/v3/conversations', before);
    await bot.waitForLog('ticket post failed; it stays queued');
    connector.failThreadCreations = 0;
    const posted = await connector.waitFor((call) => call.path === '/v3/conversations' && call.id !== undefined, before, 20000);
    expect(textOf(posted.activity)).toContain(`Ticket ${number} · Jan Jansen`);
    await bot.waitForLog('queued tickets posted');
  });

  it('found every text it needed in both languages, and logged no message text', () => {
    expect(bot.log()).not.toContain('missing translation');
    expect(bot.log()).not.toMatch(/123456|654321|12345678|Snel geholpen|Open de app opnieuw/);
  });
});
