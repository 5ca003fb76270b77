import type { Ticket } from '../tickets/ticket';
import type { QueueState } from './dashboardAnswer';

/**
 * The dashboard's figures on plain data (no store, no Teams): the queue and the ticket counts. Tickets come from the
 * store and may be of another version or damaged: a field that is not what it should be is skipped, never thrown on.
 */

export interface QueuedTicket {
  id: string;
  state: QueueState;
  userName: string;
  agentName?: string;
  createdAt: string;
  /** Whole minutes since the ticket was made. */
  minutesOpen: number;
}

const queueStates: Partial<Record<string, QueueState>> = { posting: 'waiting', open: 'waiting', assigned: 'taken', relaying: 'taken', returned: 'taken' };
const minute = 60_000;
const day = 24 * 60 * minute;

/** The tickets that are waiting or taken, oldest first. */
export function queueOf(tickets: Ticket[], now: Date): QueuedTicket[] {
  const queue: QueuedTicket[] = [];
  for (const ticket of tickets) {
    const state = queueStates[ticket.status];
    const created = Date.parse(ticket.createdAt);
    if (!state || !Number.isFinite(created)) continue;
    queue.push({
      id: String(ticket.id),
      state,
      userName: typeof ticket.user?.name === 'string' ? ticket.user.name : '',
      agentName: state === 'taken' && typeof ticket.agent?.name === 'string' ? ticket.agent.name : undefined,
      createdAt: new Date(created).toISOString(),
      minutesOpen: Math.max(0, Math.floor((now.getTime() - created) / minute)),
    });
  }
  return queue.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id));
}

/** The calendar day of `at` in `timeZone`, as days since 1970-01-01. */
function localDay(at: Date, timeZone: string): number {
  const [year, month, date] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at).split('-').map(Number);
  return Date.UTC(year, month - 1, date) / day;
}

/** Tickets made today and this week (from Monday), in the servicedesk's time zone. */
export function ticketCounts(tickets: Pick<Ticket, 'createdAt'>[], now: Date, timeZone: string): { today: number; week: number } {
  const today = localDay(now, timeZone);
  // 1970-01-01 was a Thursday: day 0 is three days after a Monday.
  const monday = today - ((today + 3) % 7);
  let todayCount = 0;
  let weekCount = 0;
  for (const { createdAt } of tickets) {
    const created = Date.parse(createdAt);
    if (!Number.isFinite(created)) continue;
    const createdDay = localDay(new Date(created), timeZone);
    if (createdDay === today) todayCount++;
    if (createdDay >= monday && createdDay <= today) weekCount++;
  }
  return { today: todayCount, week: weekCount };
}
