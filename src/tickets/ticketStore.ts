import type { BotStorage, StoreItem } from '../storage/botStorage';
import type { RetentionRule } from '../storage/retention';
import { StorageError, isConflict } from '../storage/storageError';
import type { Ticket } from './ticket';
import { applyMove, isFinished, type Move, type MoveResult } from './ticketRules';

/** One escalation: the user's consent, by its activity in their 1:1 conversation. */
export interface Escalation {
  conversationId: string;
  activityId: string;
}

/** Keeps tickets; every change is an optimistic write with the eTag that was read (never "*"). */
export interface TicketStore {
  /**
   * The ticket of one escalation, made exactly once: the first call takes the next number and stores
   * the ticket (`draft` is asked for only then), queued for its post; a repeated call (a redelivered or
   * replayed activity, at the same moment too, or after a kill half-way) finds that number and completes
   * what is missing. While the chat has another unfinished ticket, that one is the answer (one per chat).
   * `created` says whether this call stored the ticket.
   */
  escalate(escalation: Escalation, draft: () => Promise<Omit<Ticket, 'id'>>): Promise<{ ticket: Ticket; created: boolean }>;
  get(id: string): Promise<Ticket | undefined>;
  /**
   * Reads the ticket, lets `change` decide, and writes the result with the eTag it read. When another
   * writer came first the ticket is read again and `change` runs again on the newer version, so a
   * decision ("is it still free?") is always made on what is really stored. `change` returns
   * undefined to leave the ticket as it is. Resolves with the stored ticket.
   */
  update(id: string, change: (ticket: Ticket) => Ticket | undefined): Promise<Ticket | undefined>;
  /** The ticket of a user's 1:1 conversation that is not finished yet. */
  activeFor(conversationId: string): Promise<Ticket | undefined>;
  /** The ticket whose card is the root of this channel thread (by root message id or thread conversation id). */
  byThreadRoot(activityIdOrConversationId: string): Promise<Ticket | undefined>;
  /** Links a posted ticket to its thread. */
  linkThread(ticket: Ticket): Promise<void>;
  /** Tickets stored but not (yet) in the servicedesk channel. */
  unposted(): Promise<string[]>;
  setUnposted(id: string, waiting: boolean): Promise<void>;
}

const keys = {
  counter: 'tickets/counter',
  unposted: 'tickets/unposted',
  ticket: (id: string) => `tickets/items/${id}`,
  conversation: (conversationId: string) => `tickets/by-conversation/${conversationId}`,
  threadRoot: (activityId: string) => `tickets/by-thread/${activityId}`,
  escalation: ({ conversationId, activityId }: Escalation) => `tickets/by-escalation/${conversationId}/${activityId}`,
};

/** Records that hold or point to one ticket (not the counter or the queue), for retention. */
const ticketRecordPrefixes = ['tickets/items/', 'tickets/by-conversation/', 'tickets/by-thread/', 'tickets/by-escalation/'] as const;
/** Tickets and their links, purged after the retention; the counter stays, so no number is given twice. */
export const ticketRetention: RetentionRule[] = ticketRecordPrefixes.map((prefix) => ({ name: 'tickets', prefix }));

/** Ticket numbers start here, so they are never confused with a step number or a short code. */
const firstNumber = 1001;
const maxAttempts = 25;

/** A short random pause after a lost compare-and-set, growing with each attempt, so that contenders spread out. */
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));

/** TicketStore on the bot's Storage (SQLite, Blob Storage, or memory in tests). */
export class StorageTicketStore implements TicketStore {
  constructor(private readonly storage: BotStorage) {}

  async escalate(escalation: Escalation, draft: () => Promise<Omit<Ticket, 'id'>>): Promise<{ ticket: Ticket; created: boolean }> {
    const key = keys.escalation(escalation);
    let id = await this.escalationTicket(key);
    if (!id) {
      const open = await this.activeFor(escalation.conversationId);
      if (open) return { ticket: open, created: false };
      // The number first, then the record that names it, created only if absent: of two copies of one
      // escalation exactly one names its number; the other's number is never used (a gap, not a second ticket).
      const number = String(await this.nextNumber());
      id = (await this.storage.createIfAbsent(key, { ticketId: number, at: new Date().toISOString() })) ? number : await this.escalationTicket(key);
      if (!id) throw new StorageError('read', `escalation record ${key} not found after it was created`);
    }
    const stored = await this.get(id);
    if (stored) return { ticket: stored, created: false };
    // The queue and the chat's link before the ticket itself: a kill in between leaves them pointing at
    // nothing (which the next copy of the escalation fills in), never a stored ticket that nobody posts.
    await this.setUnposted(id, true);
    await this.storage.write({ [keys.conversation(escalation.conversationId)]: { ticketId: id, eTag: '*' } });
    const created = await this.storage.createIfAbsent(keys.ticket(id), { ...(await draft()), id });
    const ticket = await this.get(id);
    if (!ticket) throw new StorageError('read', `ticket ${id} not found after it was created`);
    return { ticket, created };
  }

  async get(id: string): Promise<Ticket | undefined> {
    return (await this.readVersioned(id))?.ticket;
  }

  async update(id: string, change: (ticket: Ticket) => Ticket | undefined): Promise<Ticket | undefined> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.readVersioned(id);
      if (!current) return undefined;
      const next = change(structuredClone(current.ticket));
      if (!next) return current.ticket;
      try {
        await this.storage.write({ [keys.ticket(id)]: { ...next, id, eTag: current.eTag } });
        return next;
      } catch (error) {
        if (!isConflict(error) || attempt >= maxAttempts) throw error;
        await backOff(attempt);
      }
    }
  }

  async activeFor(conversationId: string): Promise<Ticket | undefined> {
    const link = (await this.storage.read([keys.conversation(conversationId)]))[keys.conversation(conversationId)];
    if (typeof link?.ticketId !== 'string') return undefined;
    const ticket = await this.get(link.ticketId);
    return ticket && !isFinished(ticket) ? ticket : undefined;
  }

  async byThreadRoot(activityId: string): Promise<Ticket | undefined> {
    const link = (await this.storage.read([keys.threadRoot(activityId)]))[keys.threadRoot(activityId)];
    return typeof link?.ticketId === 'string' ? this.get(link.ticketId) : undefined;
  }

  async linkThread(ticket: Ticket): Promise<void> {
    if (!ticket.thread) return;
    const { activityId, conversationId } = ticket.thread;
    const link = { ticketId: ticket.id, eTag: '*' };
    await this.storage.write({ [keys.threadRoot(activityId)]: link, [keys.threadRoot(conversationId)]: { ...link } });
  }

  async unposted(): Promise<string[]> {
    const item = (await this.storage.read([keys.unposted]))[keys.unposted];
    return Array.isArray(item?.ids) ? (item.ids as string[]) : [];
  }

  async setUnposted(id: string, waiting: boolean): Promise<void> {
    await this.changeItem(keys.unposted, { ids: [] }, (item) => {
      const ids = new Set<string>(Array.isArray(item.ids) ? (item.ids as string[]) : []);
      if (waiting) ids.add(id);
      else ids.delete(id);
      return { ids: [...ids] };
    });
  }

  private async escalationTicket(key: string): Promise<string | undefined> {
    const ticketId = (await this.storage.read([key]))[key]?.ticketId;
    return typeof ticketId === 'string' ? ticketId : undefined;
  }

  private async nextNumber(): Promise<number> {
    let number = firstNumber;
    await this.changeItem(keys.counter, { next: firstNumber }, (item) => {
      number = typeof item.next === 'number' ? item.next : firstNumber;
      return { next: number + 1 };
    });
    return number;
  }

  /**
   * Read-change-write of a small record with its eTag, again on conflict. A missing record is first created
   * as `initial` (only if absent, so of two first writers one creates it): every change is then a
   * compare-and-set on a real eTag, which a first write would not have.
   */
  private async changeItem(key: string, initial: StoreItem, change: (item: StoreItem) => StoreItem): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const item = (await this.storage.read([key]))[key];
      if (!item) {
        if (attempt >= maxAttempts) throw new StorageError('read', `${key} not found after it was created`);
        await this.storage.createIfAbsent(key, initial);
        continue;
      }
      const next = change(item);
      try {
        await this.storage.write({ [key]: { ...next, eTag: item.eTag } });
        return;
      } catch (error) {
        if (!isConflict(error) || attempt >= maxAttempts) throw error;
        await backOff(attempt);
      }
    }
  }

  private async readVersioned(id: string): Promise<{ ticket: Ticket; eTag: string } | undefined> {
    const item = (await this.storage.read([keys.ticket(id)]))[keys.ticket(id)];
    if (!item) return undefined;
    const { eTag, ...ticket } = item;
    return { ticket: ticket as Ticket, eTag: eTag as string };
  }
}

/**
 * Applies `move` to the stored ticket (again on the newer version after a lost compare-and-set) and stores
 * the result. Resolves with the last decision, or undefined when there is no such ticket.
 */
export async function moveTicket(store: TicketStore, id: string, move: Move, at: Date): Promise<MoveResult | undefined> {
  let result: MoveResult | undefined;
  await store.update(id, (current) => {
    result = applyMove(current, move, at);
    return result.moved ? result.ticket : undefined;
  });
  return result;
}

/** Every stored ticket (finished ones too, until retention removes them), read 500 at a time; for the dashboard's figures. */
export async function listTickets(storage: Pick<BotStorage, 'keys' | 'read'>): Promise<Ticket[]> {
  const ids = await storage.keys(keys.ticket(''));
  const tickets: Ticket[] = [];
  for (let start = 0; start < ids.length; start += 500) {
    const batch = ids.slice(start, start + 500);
    const items = await storage.read(batch);
    for (const key of batch) {
      const item = items[key];
      if (!item || typeof item.id !== 'string' || typeof item.status !== 'string') continue;
      const { eTag: _eTag, ...ticket } = item;
      tickets.push(ticket as unknown as Ticket);
    }
  }
  return tickets;
}
