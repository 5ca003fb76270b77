import type { BotStorage } from '../../src/storage/botStorage';
import { everyStore } from '../helpers/everyStore';
import { StorageTicketStore } from '../../src/tickets/ticketStore';
import { ticketDraft } from '../helpers/ticketDraft';

jest.setTimeout(60000);

/** "Oppakken" as the service does it: only when nobody has the ticket yet. */
const take = (store: StorageTicketStore, id: string, agent: string) => {
  let holder: string | undefined;
  return store
    .update(id, (ticket) => {
      if (ticket.agent) {
        holder = ticket.agent.name;
        return undefined;
      }
      return { ...ticket, status: 'assigned', agent: { name: agent, id: agent, at: new Date().toISOString() } };
    })
    .then(() => ({ agent, holder }));
};

/** A ticket for a new escalation in this conversation (one consent activity). */
let consent = 0;
const escalate = (store: StorageTicketStore, conversationId: string) =>
  store.escalate({ conversationId, activityId: `consent-${++consent}` }, async () => ticketDraft(conversationId)).then(({ ticket }) => ticket);

describe.each(everyStore('tickets'))('tickets on %s storage', (_name, makeStorage) => {
  let storage: BotStorage;
  let store: StorageTicketStore;
  beforeEach(async () => {
    storage = makeStorage();
    store = new StorageTicketStore(storage);
  });

  it('numbers tickets from 1001, each number once, also when created at the same moment', async () => {
    const tickets = await Promise.all(Array.from({ length: 12 }, (_, i) => escalate(store, `a:${i}`)));
    const ids = tickets.map((ticket) => Number(ticket.id)).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => 1001 + i));
  });

  it('gives a ticket to exactly one of many agents taking it at once; the others learn who has it', async () => {
    const { id } = await escalate(store, 'a:race');
    const results = await Promise.all(['Piet', 'Karin', 'Ali', 'Sanne'].map((agent) => take(store, id, agent)));
    const stored = await store.get(id);
    const winners = results.filter((result) => result.holder === undefined);
    expect(winners).toHaveLength(1);
    expect(stored!.agent!.name).toBe(winners[0].agent);
    for (const loser of results.filter((result) => result.holder !== undefined)) expect(loser.holder).toBe(winners[0].agent);
  });

  it('finds the open ticket of a conversation and the ticket of a thread, and forgets finished ones', async () => {
    const ticket = await escalate(store, 'a:find');
    expect((await store.activeFor('a:find'))?.id).toBe(ticket.id);
    const posted = await store.update(ticket.id, (t) => ({ ...t, thread: { conversationId: '19:c;messageid=42', activityId: '42' } }));
    await store.linkThread(posted!);
    expect((await store.byThreadRoot('42'))?.id).toBe(ticket.id);
    await store.update(ticket.id, (t) => ({ ...t, status: 'closed' }));
    expect(await store.activeFor('a:find')).toBeUndefined();
    expect(await store.activeFor('a:nobody')).toBeUndefined();
  });

  it('keeps the queue of unposted tickets, also under simultaneous changes', async () => {
    await Promise.all(['1', '2', '3', '4'].map((id) => store.setUnposted(id, true)));
    await Promise.all([store.setUnposted('2', false), store.setUnposted('5', true)]);
    expect((await store.unposted()).sort()).toEqual(['1', '3', '4', '5']);
  });

  it('gives one escalation one ticket, however often and however simultaneously it arrives', async () => {
    const escalation = { conversationId: 'a:twice', activityId: 'consent-twice' };
    const make = async () => ticketDraft('a:twice');
    const results = await Promise.all(Array.from({ length: 6 }, () => store.escalate(escalation, make)));
    const again = await store.escalate(escalation, make);
    expect(new Set([...results, again].map((result) => result.ticket.id)).size).toBe(1);
    expect([...results, again].filter((result) => result.created)).toHaveLength(1);
    expect(again.created).toBe(false);
    expect(await store.unposted()).toEqual([again.ticket.id]);
    expect((await store.activeFor('a:twice'))?.id).toBe(again.ticket.id);
    // Two stores on one storage are two processes: still the same ticket.
    const other = await new StorageTicketStore(storage).escalate(escalation, make);
    expect(other.ticket.id).toBe(again.ticket.id);
  });

  it('completes an escalation killed between its number and its ticket, under the same number', async () => {
    const escalation = { conversationId: 'a:killed', activityId: 'consent-killed' };
    // Killed while the ticket was being drafted: the number is taken, queued and linked, the ticket not stored.
    await expect(
      store.escalate(escalation, async () => {
        throw new Error('SIGKILL');
      }),
    ).rejects.toThrow('SIGKILL');
    const [queued] = await store.unposted();
    expect(queued).toBeDefined();
    expect(await store.get(queued)).toBeUndefined();
    expect(await store.activeFor('a:killed')).toBeUndefined();

    const replay = await store.escalate(escalation, async () => ticketDraft('a:killed'));
    expect(replay).toEqual({ ticket: expect.objectContaining({ id: queued }), created: true });
    expect(await store.unposted()).toEqual([queued]);
    expect((await store.activeFor('a:killed'))?.id).toBe(queued);
    // The next escalation gets the next number: the replay took none.
    const next = await escalate(store, 'a:someone-else');
    expect(Number(next.id)).toBe(Number(queued) + 1);
  });

  it('answers a new escalation in a chat with an unfinished ticket with that ticket; a finished one makes room', async () => {
    const first = await escalate(store, 'a:one-per-chat');
    const second = await store.escalate({ conversationId: 'a:one-per-chat', activityId: 'consent-later' }, async () => ticketDraft('a:one-per-chat'));
    expect(second).toEqual({ ticket: expect.objectContaining({ id: first.id }), created: false });
    await store.update(first.id, (t) => ({ ...t, status: 'cancelled' }));
    const third = await escalate(store, 'a:one-per-chat');
    expect(third.id).not.toBe(first.id);
  });
});
