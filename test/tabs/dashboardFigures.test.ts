import { MemoryStore } from '../../src/storage/botStorage';
import { queueOf, ticketCounts } from '../../src/tabs/dashboardFigures';
import type { Ticket } from '../../src/tickets/ticket';
import { listTickets, StorageTicketStore } from '../../src/tickets/ticketStore';
import { ticketDraft } from '../helpers/ticketDraft';

const ticket = (id: string, status: Ticket['status'], createdAt: string, agent?: string): Ticket =>
  ({ ...ticketDraft(`a:${id}`), id, status, createdAt, agent: agent ? { id: '29:a', name: agent, at: createdAt } : undefined }) as Ticket;

describe('the dashboard\'s figures', () => {
  it('queues what waits or is taken, oldest first, and skips what is finished or damaged', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const tickets = [
      ticket('1003', 'assigned', '2026-12-01T11:30:00Z', 'Piet'),
      ticket('1001', 'open', '2026-12-01T09:55:00Z'),
      ticket('1002', 'closed', '2026-12-01T10:00:00Z'),
      ticket('1004', 'cancelled', '2026-12-01T10:00:00Z'),
      ticket('1005', 'open', 'not a date'),
      { ...ticket('1006', 'open', '2026-12-01T11:59:00Z'), status: 'futureStatus' } as unknown as Ticket,
      ticket('1007', 'posting', '2026-12-01T11:59:30Z'),
    ];
    expect(queueOf(tickets, now).map(({ id, state, agentName, minutesOpen }) => ({ id, state, agentName, minutesOpen }))).toEqual([
      { id: '1001', state: 'waiting', agentName: undefined, minutesOpen: 125 },
      { id: '1003', state: 'taken', agentName: 'Piet', minutesOpen: 30 },
      { id: '1007', state: 'waiting', agentName: undefined, minutesOpen: 0 },
    ]);
  });

  it.each([
    // Tuesday 1 December, 00:30 in Amsterdam (23:30 UTC on Monday): Monday evening's UTC ticket is today there.
    ['2026-11-30T23:30:00Z', { today: 2, week: 3 }],
    // Monday 7 December, 08:00 in Amsterdam: a new week.
    ['2026-12-07T07:00:00Z', { today: 0, week: 0 }],
  ])('counts today\'s and this week\'s tickets in the servicedesk\'s time zone (now %s)', (now, expected) => {
    const created = ['2026-11-30T23:10:00Z', '2026-11-30T23:20:00Z', '2026-11-30T08:00:00Z', '2026-11-29T12:00:00Z', 'garbage'].map((createdAt) => ({ createdAt }));
    expect(ticketCounts(created, new Date(now), 'Europe/Amsterdam')).toEqual(expected);
  });

  it('lists every stored ticket, and nothing else under tickets/', async () => {
    const storage = new MemoryStore();
    const store = new StorageTicketStore(storage);
    for (const n of [1, 2, 3]) await store.escalate({ conversationId: `a:list-${n}`, activityId: '1' }, async () => ticketDraft(`a:list-${n}`));
    const listed = await listTickets(storage);
    expect(listed.map((listedTicket) => listedTicket.id).sort()).toEqual(['1001', '1002', '1003']);
    expect(listed.every((listedTicket) => !('eTag' in listedTicket))).toBe(true);
  });
});
