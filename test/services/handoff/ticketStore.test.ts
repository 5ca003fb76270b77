import { MemoryStorage, type Storage } from 'botbuilder';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStorage } from '../../../src/services/storage/sqliteStorage';
import { StorageTicketStore } from '../../../src/services/handoff/ticketStore';
import type { Ticket } from '../../../src/services/handoff/ticket';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tickets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function draft(conversationId: string): Omit<Ticket, 'id'> {
  const at = new Date().toISOString();
  return {
    status: 'open',
    createdAt: at,
    updatedAt: at,
    user: { name: 'Jan', language: 'nl', reference: { conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' } } },
    questions: [],
    transcript: [],
    postAttempts: 0,
    history: [],
  };
}

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

describe.each<[string, () => Storage]>([
  ['memory', () => new MemoryStorage()],
  ['SQLite', () => new SqliteStorage(path.join(dir, `tickets-${Math.random()}.sqlite`))],
])('tickets on %s storage', (_name, makeStorage) => {
  let store: StorageTicketStore;
  beforeEach(async () => {
    store = new StorageTicketStore(makeStorage());
    await store.init();
  });

  it('numbers tickets from 1001, each number once, also when created at the same moment', async () => {
    const tickets = await Promise.all(Array.from({ length: 12 }, (_, i) => store.create(draft(`a:${i}`))));
    const ids = tickets.map((ticket) => Number(ticket.id)).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => 1001 + i));
  });

  it('gives a ticket to exactly one of many agents taking it at once; the others learn who has it', async () => {
    const { id } = await store.create(draft('a:race'));
    const results = await Promise.all(['Piet', 'Karin', 'Ali', 'Sanne'].map((agent) => take(store, id, agent)));
    const stored = await store.get(id);
    const winners = results.filter((result) => result.holder === undefined);
    expect(winners).toHaveLength(1);
    expect(stored!.agent!.name).toBe(winners[0].agent);
    for (const loser of results.filter((result) => result.holder !== undefined)) expect(loser.holder).toBe(winners[0].agent);
  });

  it('finds the open ticket of a conversation and the ticket of a thread, and forgets finished ones', async () => {
    const ticket = await store.create(draft('a:find'));
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
});
