import { OutboundTimeoutError } from '../../src/core/errors';
import { translatorFor } from '../../src/i18n/translator';
import { silentLogger } from '../../src/core/logger';
import { createHandoff } from '../../src/handoff/handoff';
import type { OutgoingMessage } from '../../src/handoff/ports';
import type { ChatUser, TicketRequest } from '../../src/handoff/userSide';
import { ServicedeskChannelStore } from '../../src/tickets/servicedeskChannel';
import type { TicketEvent, TicketThread } from '../../src/tickets/ticket';
import { StorageTicketStore, type Escalation } from '../../src/tickets/ticketStore';
import type { BotStorage } from '../../src/storage/botStorage';
import { everyStore } from '../helpers/everyStore';
import { textOf } from '../helpers/cardText';
import { testCards } from '../helpers/testCards';
import nl from '../../src/locales/nl/translation.json';

jest.setTimeout(60000);

/** The ticket cards need the guide's cards, not the matcher. */
const { i18n, ticketCards } = testCards();
const agentT = translatorFor(i18n, 'nl');
const leaseMs = 60_000;
const repeatNotice = (number: string) => agentT('ticket.repeatNotice', { number });

/** A channel post that waits until the test lets it land (or fail), so that attempts overlap. */
class GatedMessenger {
  readonly posts: OutgoingMessage[] = [];
  private gates: { land: () => void; fail: (error: Error) => void }[] = [];
  private counter = 0;
  hold = false;

  async startThread(_channel: unknown, activity: OutgoingMessage): Promise<TicketThread> {
    this.posts.push(activity);
    if (this.hold) await new Promise<void>((land, fail) => this.gates.push({ land, fail }));
    const activityId = String(++this.counter);
    return { conversationId: `19:sd@thread.tacv2;messageid=${activityId}`, activityId };
  }

  /** Lets every held post land. */
  land(): void {
    for (const gate of this.gates.splice(0)) gate.land();
  }

  /** Answers every held post with this error. */
  fail(error: Error): void {
    for (const gate of this.gates.splice(0)) gate.fail(error);
  }

  async postInThread(): Promise<void> {}
  async updateCard(): Promise<void> {}
  async inUserChat(): Promise<void> {}
}

/** Teams' member look-ups: everyone is a member, and no sign-in name is known (as on a test adapter). */
const members = { isMember: async () => true, userPrincipalName: async () => undefined };

/** One bot process on the shared storage: its own use cases, store and (given) clock. */
function processOn(storage: BotStorage, messenger: GatedMessenger, clock: { now: Date }, postLeaseMs = leaseMs) {
  const tickets = new StorageTicketStore(storage);
  const { user, queue } = createHandoff({
    tickets,
    channel: new ServicedeskChannelStore(storage),
    messenger,
    cards: ticketCards,
    agentT,
    agentLanguage: 'nl',
    logger: silentLogger,
    now: () => clock.now,
    postWaitMs: 50,
    postLeaseMs,
  });
  const handoff = {
    createTicket: ({ escalation, from }: Consent, ticketRequest: TicketRequest) => user.createTicket(escalation, from, ticketRequest, members),
    postPending: () => queue.postPending(),
  };
  return { tickets, handoff };
}

interface Consent {
  escalation: Escalation;
  from: ChatUser;
}

/** The user's "Ja, verstuur" as one escalation (their chat and the consent activity); the same again is a redelivery. */
function consent(conversationId: string, activityId: string): Consent {
  const conversation = { id: conversationId, conversationType: 'personal', isGroup: false, name: '' };
  const from = { id: `29:${conversationId}`, name: 'Jan Jansen' };
  return {
    escalation: { conversationId, activityId },
    from: {
      ...from,
      language: 'nl',
      reference: { activityId, user: from, bot: { id: '28:bot', name: 'Bot' }, conversation, channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/', locale: 'nl-NL' },
    },
  };
}

const request = { history: { lines: [], questions: [] } };
/** Waits (bounded) until `condition` holds: posts go on in the background after the user's turn. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 1000; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met within 10 s');
}

/** Waits until a failed post has settled: its event recorded and the ticket back in the queue. */
async function settled(bot: { tickets: StorageTicketStore }, id: string, what: TicketEvent['what']): Promise<void> {
  await until(async () => (await bot.tickets.get(id))?.history.at(-1)?.what === what && (await bot.tickets.unposted()).includes(id));
}

describe.each(everyStore('ticket-posts'))('ticket creation and posting on %s storage', (_name, makeStorage) => {
  let storage: BotStorage;
  let messenger: GatedMessenger;
  const clock = { now: new Date('2026-12-01T09:00:00Z') };

  beforeEach(async () => {
    storage = makeStorage();
    messenger = new GatedMessenger();
    clock.now = new Date('2026-12-01T09:00:00Z');
    await new ServicedeskChannelStore(storage).register({
      reference: { conversation: { id: '19:sd@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' } },
      teamId: 'team',
      channelId: '19:sd@thread.tacv2',
      registeredAt: clock.now.toISOString(),
    });
  });

  it('makes one ticket and one card of a consent delivered twice, one after the other and at the same moment, in two processes', async () => {
    const first = processOn(storage, messenger, clock);
    const second = processOn(storage, messenger, clock);
    const once = await first.handoff.createTicket(consent('a:jan', 'consent-1'), request);
    const redelivered = await second.handoff.createTicket(consent('a:jan', 'consent-1'), request);
    expect(redelivered.id).toBe(once.id);

    const together = await Promise.all([first, second, first, second].map(({ handoff }) => handoff.createTicket(consent('a:piet', 'consent-2'), request)));
    expect(new Set(together.map((ticket) => ticket.id)).size).toBe(1);
    expect(together[0].id).not.toBe(once.id);
    await until(async () => (await first.tickets.unposted()).length === 0);
    expect(messenger.posts).toHaveLength(2);
  });

  it('lets exactly one of two processes post a queued ticket; the other leaves it to the holder', async () => {
    const first = processOn(storage, messenger, clock);
    const second = processOn(storage, messenger, clock);
    messenger.hold = true;
    const ticket = await first.handoff.createTicket(consent('a:jan', 'consent-3'), request);
    await until(() => messenger.posts.length === 1);
    // Both sweeps run while the first post is still under way.
    expect(await Promise.all([first.handoff.postPending(), second.handoff.postPending(), second.handoff.postPending()])).toEqual([0, 0, 0]);
    messenger.land();
    await until(async () => (await first.tickets.get(ticket.id))?.status === 'open');
    expect(messenger.posts).toHaveLength(1);
    const stored = await first.tickets.get(ticket.id);
    expect(stored).toEqual(expect.objectContaining({ status: 'open', thread: expect.anything() }));
    expect(stored!.postClaim).toBeUndefined();
  });

  it('takes over the claim of a process killed in mid-post only after its lease, and marks the repeat on the card', async () => {
    const killed = processOn(storage, messenger, clock);
    messenger.hold = true;
    // The post went out and the process died before it heard back: the claim stays behind.
    const ticket = await killed.handoff.createTicket(consent('a:jan', 'consent-4'), request);
    expect(textOf(messenger.posts[0])).not.toContain(repeatNotice(ticket.id));
    const restarted = processOn(storage, (messenger = new GatedMessenger()), clock);

    clock.now = new Date(clock.now.getTime() + leaseMs - 1000);
    expect(await restarted.handoff.postPending()).toBe(0);
    expect(messenger.posts).toHaveLength(0);

    clock.now = new Date(clock.now.getTime() + 2000);
    expect(await restarted.handoff.postPending()).toBe(1);
    expect(messenger.posts).toHaveLength(1);
    expect(textOf(messenger.posts[0])).toContain(repeatNotice(ticket.id));
    const stored = await restarted.tickets.get(ticket.id);
    expect(stored).toEqual(expect.objectContaining({ status: 'open', uncertainPosts: 1 }));
    expect(stored!.history.map((event) => event.what)).toEqual(['created', 'postUncertain', 'posted']);
    expect(repeatNotice(ticket.id)).toContain(nl.ticket.repeatNotice.split(':')[0]);
  });

  it('posts without the marker after a process killed between claiming the post and sending it: nothing can have landed', async () => {
    const killed = processOn(storage, messenger, clock);
    messenger.hold = true;
    const ticket = await killed.handoff.createTicket(consent('a:jan', 'consent-9'), request);
    // The claim as a kill right after claiming leaves it: without its sending mark.
    await killed.tickets.update(ticket.id, (current) => ({ ...current, postClaim: { by: current.postClaim!.by, until: current.postClaim!.until } }));
    const restarted = processOn(storage, (messenger = new GatedMessenger()), clock);
    clock.now = new Date(clock.now.getTime() + leaseMs + 1);
    expect(await restarted.handoff.postPending()).toBe(1);
    expect(messenger.posts).toHaveLength(1);
    expect(textOf(messenger.posts[0])).not.toContain(repeatNotice(ticket.id));
    const stored = await restarted.tickets.get(ticket.id);
    expect(stored).toEqual(expect.objectContaining({ status: 'open' }));
    expect(stored!.uncertainPosts).toBeUndefined();
    expect(stored!.history.map((event) => event.what)).toEqual(['created', 'postFailed', 'posted']);
  });

  it('repeats a post that may have landed at most once: when the repeat is cut off too, the ticket is not posted a third time', async () => {
    const killed = processOn(storage, messenger, clock);
    messenger.hold = true;
    const ticket = await killed.handoff.createTicket(consent('a:jan', 'consent-5'), request);
    const again = processOn(storage, messenger, clock);
    clock.now = new Date(clock.now.getTime() + leaseMs + 1);
    const repeat = again.handoff.postPending();
    await until(() => messenger.posts.length === 2);
    expect(textOf(messenger.posts[1])).toContain(repeatNotice(ticket.id));

    const third = processOn(storage, messenger, clock);
    clock.now = new Date(clock.now.getTime() + leaseMs + 1);
    expect(await third.handoff.postPending()).toBe(0);
    expect(messenger.posts).toHaveLength(2);
    expect(await third.tickets.unposted()).toEqual([]);
    expect((await third.tickets.get(ticket.id))?.uncertainPosts).toBe(2);
    // The cut-off repeat settles now, not after the store is gone.
    messenger.land();
    await repeat;
  });

  it('posts again without the marker after a failure Teams answered, and with it after a post that timed out', async () => {
    const bot = processOn(storage, messenger, clock, 200);
    messenger.hold = true;
    const answered = bot.handoff.createTicket(consent('a:jan', 'consent-6'), request);
    await until(() => messenger.posts.length === 1);
    messenger.fail(Object.assign(new Error('Service Unavailable'), { statusCode: 503 }));
    const failed = await answered;
    await settled(bot, failed.id, 'postFailed');
    expect(await bot.tickets.unposted()).toEqual([failed.id]);
    messenger.hold = false;
    expect(await bot.handoff.postPending()).toBe(1);
    expect(messenger.posts).toHaveLength(2);
    expect(textOf(messenger.posts[1])).not.toContain(repeatNotice(failed.id));
    expect((await bot.tickets.get(failed.id))?.history.map((event) => event.what)).toEqual(['created', 'postFailed', 'posted']);

    // No answer within the attempt's deadline (a part of its lease): it may have landed.
    messenger.hold = true;
    const hung = await bot.handoff.createTicket(consent('a:piet', 'consent-7'), request);
    await settled(bot, hung.id, 'postUncertain');
    expect(await bot.tickets.unposted()).toEqual([hung.id]);
    messenger.hold = false;
    expect(await bot.handoff.postPending()).toBe(1);
    expect(messenger.posts).toHaveLength(4);
    expect(textOf(messenger.posts[3])).toContain(repeatNotice(hung.id));
    messenger.land();
  });

  it('counts a connector call that timed out (OutboundTimeoutError) as a post that may have landed', async () => {
    const bot = processOn(storage, messenger, clock, 200);
    messenger.hold = true;
    const answered = bot.handoff.createTicket(consent('a:kees', 'consent-8'), request);
    await until(() => messenger.posts.length === 1);
    messenger.fail(new OutboundTimeoutError('createConversation', 1));
    const ticket = await answered;
    await settled(bot, ticket.id, 'postUncertain');
    messenger.hold = false;
    expect(await bot.handoff.postPending()).toBe(1);
    expect(textOf(messenger.posts[1])).toContain(repeatNotice(ticket.id));
  });

  it('keeps a queued number whose ticket is not stored yet for a lease, then drops it (killed before the ticket was stored)', async () => {
    const bot = processOn(storage, messenger, clock);
    await bot.tickets.setUnposted('1500', true);
    expect(await bot.handoff.postPending()).toBe(0);
    clock.now = new Date(clock.now.getTime() + leaseMs);
    expect(await bot.handoff.postPending()).toBe(0);
    expect(await bot.tickets.unposted()).toEqual(['1500']);
    clock.now = new Date(clock.now.getTime() + 1);
    await bot.handoff.postPending();
    expect(await bot.tickets.unposted()).toEqual([]);
    expect(messenger.posts).toHaveLength(0);
  });

  it('links the thread of a ticket whose poster was killed after recording the post but before linking it', async () => {
    const bot = processOn(storage, messenger, clock);
    const { ticket } = await bot.tickets.escalate({ conversationId: 'a:jan', activityId: 'consent-8' }, async () => ({
      status: 'open',
      createdAt: clock.now.toISOString(),
      updatedAt: clock.now.toISOString(),
      user: { name: 'Jan', language: 'nl', reference: { conversation: { id: 'a:jan', isGroup: false, conversationType: 'personal', name: '' } } },
      questions: [],
      transcript: [],
      thread: { conversationId: '19:sd@thread.tacv2;messageid=77', activityId: '77' },
      postAttempts: 1,
      history: [],
    }));
    expect(await bot.tickets.byThreadRoot('77')).toBeUndefined();
    expect(await bot.handoff.postPending()).toBe(0);
    expect((await bot.tickets.byThreadRoot('77'))?.id).toBe(ticket.id);
    expect(await bot.tickets.unposted()).toEqual([]);
    expect(messenger.posts).toHaveLength(0);
  });
});
