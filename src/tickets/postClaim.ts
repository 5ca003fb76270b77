import type { Ticket, TicketEvent } from './ticket';

/**
 * A post after an uncertain one may say "possible duplicate"; after that one is uncertain too, the
 * ticket is not posted a third time (it may be in the channel twice already).
 */
const maxRepeats = 1;

/** What an attempt to post a ticket may do, decided on the stored ticket. */
export type PostClaim =
  /** This attempt holds the post; `ticket` is what to store. `repeat`: an earlier post may have landed. */
  | { kind: 'claimed'; ticket: Ticket; repeat: boolean }
  /** Another attempt holds it and its lease runs. */
  | { kind: 'held' }
  /** Posted or finished: nothing to post. */
  | { kind: 'done' }
  /** The repeat got no answer either: no further post. `ticket` is what to store, undefined when unchanged. */
  | { kind: 'gaveUp'; ticket?: Ticket };

const event = (what: TicketEvent['what'], now: Date): TicketEvent => ({ at: now.toISOString(), what });

/**
 * Claims the ticket's post for the attempt `by` until `now + leaseMs`, or says why not. A lapsed claim counts as an
 * uncertain post when its attempt had begun sending, and as a failed one when it was cut off before that.
 */
export function claimPost(ticket: Ticket, by: string, now: Date, leaseMs: number): PostClaim {
  if (ticket.thread || ticket.status !== 'posting') return { kind: 'done' };
  const lapsed = ticket.postClaim;
  if (lapsed && Date.parse(lapsed.until) > now.getTime()) return { kind: 'held' };
  const settled = !lapsed ? ticket : lapsed.sending ? settleUncertain(ticket, now) : settleFailed(ticket, now);
  if ((settled.uncertainPosts ?? 0) > maxRepeats) return { kind: 'gaveUp', ticket: lapsed ? settled : undefined };
  return {
    kind: 'claimed',
    ticket: { ...settled, postClaim: { by, until: new Date(now.getTime() + leaseMs).toISOString() } },
    repeat: (settled.uncertainPosts ?? 0) > 0,
  };
}

/** The claim's attempt got no answer (killed or timed out): it may have landed. Releases the claim. */
export function settleUncertain(ticket: Ticket, now: Date): Ticket {
  const { postClaim: _released, ...rest } = ticket;
  return { ...rest, postAttempts: ticket.postAttempts + 1, uncertainPosts: (ticket.uncertainPosts ?? 0) + 1, history: [...ticket.history, event('postUncertain', now)] };
}

/** The claim's attempt was answered with a failure: nothing landed. Releases the claim. */
export function settleFailed(ticket: Ticket, now: Date): Ticket {
  const { postClaim: _released, ...rest } = ticket;
  return { ...rest, postAttempts: ticket.postAttempts + 1, history: [...ticket.history, event('postFailed', now)] };
}

/**
 * The holder is about to send the post: from here on, a claim that lapses may have put a card in the channel.
 * Undefined when `by` no longer holds the claim (taken over after its lease ran out).
 */
export function markSending(ticket: Ticket, by: string): Ticket | undefined {
  if (!holdsPost(ticket, by) || !ticket.postClaim) return undefined;
  return { ...ticket, postClaim: { ...ticket.postClaim, sending: true } };
}

/** Whether `by` still holds the ticket's post (not taken over after its lease lapsed). */
export const holdsPost = (ticket: Ticket, by: string): boolean => ticket.postClaim?.by === by;
