import { applyMove, isFinished, newTicket, type MoveResult } from '../../src/tickets/ticketRules';
import { claimPost, markSending } from '../../src/tickets/postClaim';
import type { Ticket, TicketStatus } from '../../src/tickets/ticket';

const at = new Date('2026-12-01T09:00:00Z');
const later = new Date('2026-12-01T09:05:00Z');
const piet = { id: 'agent-piet', name: 'Piet' };
const karin = { id: 'agent-karin', name: 'Karin' };

function ticket(fields: Partial<Ticket> = {}): Ticket {
  const created = newTicket(
    {
      user: { name: 'Jan', language: 'nl', reference: { conversation: { id: 'a:jan', isGroup: false, conversationType: 'personal', name: '' } } },
      questions: [],
      transcript: [],
    },
    at,
  );
  return { ...created, id: '1001', ...fields };
}

const moved = (result: MoveResult): Ticket => {
  if (!result.moved) throw new Error(`refused: ${result.refusal.kind}`);
  return result.ticket;
};
const refusal = (result: MoveResult) => (result.moved ? undefined : result.refusal.kind);

describe('ticket rules', () => {
  it('starts a ticket as posting, with its creation in the history', () => {
    const created = ticket();
    expect(created).toEqual(expect.objectContaining({ status: 'posting', postAttempts: 0, createdAt: at.toISOString(), updatedAt: at.toISOString() }));
    expect(created.history).toEqual([{ at: at.toISOString(), what: 'created' }]);
  });

  it('calls a closed or cancelled ticket finished, and nothing else', () => {
    const statuses: TicketStatus[] = ['posting', 'open', 'assigned', 'relaying', 'returned', 'closed', 'cancelled'];
    expect(statuses.filter((status) => isFinished({ status }))).toEqual(['closed', 'cancelled']);
  });

  it('opens a posted ticket, counts the attempt and releases the claim; a second post is refused', () => {
    const thread = { conversationId: '19:sd;messageid=7', activityId: '7' };
    const posted = moved(applyMove(ticket({ postClaim: { by: 'attempt-1', until: later.toISOString() } }), { kind: 'posted', thread }, later));
    expect(posted).toEqual(expect.objectContaining({ status: 'open', thread, postAttempts: 1, updatedAt: later.toISOString() }));
    expect(posted.postClaim).toBeUndefined();
    expect(posted.history.at(-1)).toEqual({ at: later.toISOString(), what: 'posted' });
    expect(refusal(applyMove(posted, { kind: 'posted', thread }, later))).toBe('alreadyPosted');
    // Cancelled while the post was under way: stays cancelled.
    expect(moved(applyMove(ticket({ status: 'cancelled' }), { kind: 'posted', thread }, later)).status).toBe('cancelled');
  });

  it('settles a failed post only for the attempt that holds it: uncertain when it got no answer', () => {
    const claimed = ticket({ postClaim: { by: 'attempt-1', until: later.toISOString() } });
    const failed = moved(applyMove(claimed, { kind: 'postFailed', attempt: 'attempt-1', uncertain: false }, later));
    expect(failed).toEqual(expect.objectContaining({ postAttempts: 1 }));
    expect(failed.uncertainPosts).toBeUndefined();
    expect(failed.history.at(-1)?.what).toBe('postFailed');
    const uncertain = moved(applyMove(claimed, { kind: 'postFailed', attempt: 'attempt-1', uncertain: true }, later));
    expect(uncertain).toEqual(expect.objectContaining({ postAttempts: 1, uncertainPosts: 1 }));
    expect(uncertain.history.at(-1)?.what).toBe('postUncertain');
    expect(refusal(applyMove(claimed, { kind: 'postFailed', attempt: 'attempt-2', uncertain: true }, later))).toBe('notHolder');
  });

  it('counts a lapsed claim as an uncertain post only when its attempt had begun sending; a post cut off before is a failed one', () => {
    const leaseMs = 60_000;
    const claimed = claimPost(ticket(), 'attempt-1', at, leaseMs);
    if (claimed.kind !== 'claimed') throw new Error(claimed.kind);
    expect(claimed.repeat).toBe(false);
    expect(claimPost(claimed.ticket, 'attempt-2', at, leaseMs)).toEqual({ kind: 'held' });
    const sending = markSending(claimed.ticket, 'attempt-1')!;
    expect(sending.postClaim).toEqual({ by: 'attempt-1', until: new Date(at.getTime() + leaseMs).toISOString(), sending: true });
    expect(markSending(claimed.ticket, 'attempt-2')).toBeUndefined();

    // Killed before sending: nothing can be in the channel, so the next post is no repeat.
    const afterSilentKill = claimPost(claimed.ticket, 'attempt-2', later, leaseMs);
    expect(afterSilentKill).toEqual(expect.objectContaining({ kind: 'claimed', repeat: false }));
    if (afterSilentKill.kind !== 'claimed') throw new Error(afterSilentKill.kind);
    expect(afterSilentKill.ticket.uncertainPosts).toBeUndefined();
    expect(afterSilentKill.ticket.history.at(-1)?.what).toBe('postFailed');

    // Killed while sending: the card may be there, so the next post says so.
    const afterKill = claimPost(sending, 'attempt-2', later, leaseMs);
    expect(afterKill).toEqual(expect.objectContaining({ kind: 'claimed', repeat: true }));
    if (afterKill.kind !== 'claimed') throw new Error(afterKill.kind);
    expect(afterKill.ticket.uncertainPosts).toBe(1);
    expect(afterKill.ticket.history.at(-1)?.what).toBe('postUncertain');
  });

  it('gives a ticket to the first agent who takes it; another agent is told who has it; the same agent again changes nothing', () => {
    const taken = moved(applyMove(ticket({ status: 'open' }), { kind: 'take', by: piet }, later));
    expect(taken).toEqual(expect.objectContaining({ status: 'assigned', agent: { ...piet, at: later.toISOString() } }));
    expect(taken.history.at(-1)).toEqual({ at: later.toISOString(), what: 'taken', by: 'Piet' });
    const other = applyMove(taken, { kind: 'take', by: karin }, later);
    expect(other).toEqual({ moved: false, refusal: { kind: 'takenByOther', holder: { ...piet, at: later.toISOString() } } });
    expect(refusal(applyMove(taken, { kind: 'take', by: piet }, later))).toBe('unchanged');
  });

  it('takes over the chat (assigning an open ticket); a double click changes nothing; not when another agent has it', () => {
    const relaying = moved(applyMove(ticket({ status: 'open' }), { kind: 'relay', by: piet }, later));
    expect(relaying).toEqual(expect.objectContaining({ status: 'relaying', agent: expect.objectContaining(piet) }));
    expect(refusal(applyMove(relaying, { kind: 'relay', by: piet }, later))).toBe('unchanged');
    expect(refusal(applyMove(relaying, { kind: 'relay', by: karin }, later))).toBe('takenByOther');
    // Taking a ticket whose chat is taken over keeps it taken over.
    expect(moved(applyMove({ ...relaying, agent: undefined }, { kind: 'take', by: karin }, later)).status).toBe('relaying');
  });

  it('lets any agent hand back or close, keeping the agent who had it', () => {
    const taken = moved(applyMove(ticket({ status: 'open' }), { kind: 'take', by: piet }, at));
    const returned = moved(applyMove(taken, { kind: 'handBack', by: karin, to: 'forticlient.openVpn' }, later));
    expect(returned).toEqual(expect.objectContaining({ status: 'returned', returnedTo: 'forticlient.openVpn', agent: expect.objectContaining(piet) }));
    expect(returned.history.at(-1)).toEqual({ at: later.toISOString(), what: 'returned', by: 'Karin' });
    const closed = moved(applyMove(returned, { kind: 'close', by: karin }, later));
    expect(closed.status).toBe('closed');
  });

  it('refuses every move on a finished ticket', () => {
    for (const status of ['closed', 'cancelled'] as const) {
      const finished = ticket({ status });
      for (const move of [
        { kind: 'take', by: piet },
        { kind: 'relay', by: piet },
        { kind: 'handBack', by: piet, to: 'mfasetup.scanQrCode' },
        { kind: 'close', by: piet },
        { kind: 'cancel' },
      ] as const) {
        expect(refusal(applyMove(finished, move, later))).toBe('finished');
      }
    }
  });

  it('lets the user cancel an unfinished ticket', () => {
    const cancelled = moved(applyMove(ticket({ status: 'assigned' }), { kind: 'cancel' }, later));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history.at(-1)).toEqual({ at: later.toISOString(), what: 'cancelled' });
  });

  it('takes one rating, on a closed ticket only', () => {
    expect(refusal(applyMove(ticket({ status: 'returned' }), { kind: 'rate', score: 4 }, later))).toBe('notClosed');
    const rated = moved(applyMove(ticket({ status: 'closed' }), { kind: 'rate', score: 4, comment: 'Snel' }, later));
    expect(rated.rating).toEqual({ score: 4, comment: 'Snel', at: later.toISOString() });
    expect(rated.history.at(-1)?.what).toBe('rated');
    expect(refusal(applyMove(rated, { kind: 'rate', score: 5 }, later))).toBe('alreadyRated');
  });

  it('never changes the ticket it is given', () => {
    const original = ticket({ status: 'open' });
    const copy = structuredClone(original);
    applyMove(original, { kind: 'take', by: piet }, later);
    applyMove(original, { kind: 'cancel' }, later);
    expect(original).toEqual(copy);
  });
});
