import { holdsPost, settleFailed, settleUncertain } from './postClaim';
import type { Agent, Ticket, TicketEvent, TicketThread } from './ticket';

/**
 * The ticket's rules: every change of a ticket after it was created, as a pure function of the stored
 * ticket (see docs/handoff.md for the life of a ticket). The store runs them inside its compare-and-set, so
 * each decision is made on what is stored, again after a lost race.
 */

/** A closed or cancelled ticket: nothing moves it any more. The one place that says so. */
export const isFinished = (ticket: Pick<Ticket, 'status'>): boolean => ticket.status === 'closed' || ticket.status === 'cancelled';

/** A change someone asks for. Agents' moves carry the agent; the user's and the post queue's do not. */
export type Move =
  /** The card is in the channel (`thread`): posting → open. */
  | { kind: 'posted'; thread: TicketThread }
  /** The post attempt `attempt` failed; `uncertain` when it got no answer (it may have landed). */
  | { kind: 'postFailed'; attempt: string; uncertain: boolean }
  /** "Oppakken": the agent takes the ticket. */
  | { kind: 'take'; by: Agent }
  /** "Gesprek overnemen": the agent talks with the user through the bot (and takes the ticket if nobody has it). */
  | { kind: 'relay'; by: Agent }
  /** "Terug naar de bot": the user goes back to the guide at position `to`. */
  | { kind: 'handBack'; by: Agent; to: string }
  /** "Afsluiten" by an agent. */
  | { kind: 'close'; by: Agent }
  /** "Ticket annuleren" by the user. */
  | { kind: 'cancel' }
  /** The user's 1–5 on a closed ticket. */
  | { kind: 'rate'; score: number; comment?: string };

/** Why a move changed nothing. */
export type Refusal =
  /** Closed or cancelled. */
  | { kind: 'finished' }
  /** Another agent has the ticket (for a move only its agent may make). */
  | { kind: 'takenByOther'; holder: NonNullable<Ticket['agent']> }
  /** It is so already (a double click): nothing to do, nobody to tell. */
  | { kind: 'unchanged' }
  /** Posted already (by an attempt that took over after this one outlived its lease). */
  | { kind: 'alreadyPosted' }
  /** The post attempt no longer holds the claim (taken over after its lease: the new holder counted it). */
  | { kind: 'notHolder' }
  /** A rating before the ticket is closed. */
  | { kind: 'notClosed' }
  /** Rated already. */
  | { kind: 'alreadyRated' };

export type MoveResult = { moved: true; ticket: Ticket } | { moved: false; refusal: Refusal };

const refused = (refusal: Refusal): MoveResult => ({ moved: false, refusal });

/** The new ticket: `fields`, the time of the change and the event in its history. */
function changed(ticket: Ticket, what: TicketEvent['what'], by: string | undefined, at: Date, fields: Partial<Ticket>): MoveResult {
  const when = at.toISOString();
  return { moved: true, ticket: { ...ticket, ...fields, updatedAt: when, history: [...ticket.history, { at: when, what, by }] } };
}

/**
 * An agent's move: refused when the ticket is finished or, for an `exclusive` move, another agent has it;
 * unchanged when `already` holds. The agent who moves it becomes its agent if it had none.
 */
function agentMove(
  ticket: Ticket,
  agent: Agent,
  at: Date,
  move: { what: TicketEvent['what']; exclusive: boolean; already?: boolean; fields: Partial<Ticket> },
): MoveResult {
  if (isFinished(ticket)) return refused({ kind: 'finished' });
  if (move.exclusive && ticket.agent && ticket.agent.id !== agent.id) return refused({ kind: 'takenByOther', holder: ticket.agent });
  if (move.already) return refused({ kind: 'unchanged' });
  return changed(ticket, move.what, agent.name, at, { agent: ticket.agent ?? { ...agent, at: at.toISOString() }, ...move.fields });
}

/** Applies `move` to the stored `ticket` at `at`: the new ticket, or why nothing changes. */
export function applyMove(ticket: Ticket, move: Move, at: Date): MoveResult {
  switch (move.kind) {
    case 'posted': {
      if (ticket.thread) return refused({ kind: 'alreadyPosted' });
      const { postClaim: _released, ...rest } = ticket;
      return changed(rest, 'posted', undefined, at, {
        thread: move.thread,
        status: ticket.status === 'posting' ? 'open' : ticket.status,
        postAttempts: ticket.postAttempts + 1,
      });
    }
    case 'postFailed':
      // Only the holder settles its attempt: after a take-over the new holder has counted it already.
      if (!holdsPost(ticket, move.attempt)) return refused({ kind: 'notHolder' });
      return { moved: true, ticket: move.uncertain ? settleUncertain(ticket, at) : settleFailed(ticket, at) };
    case 'take':
      return agentMove(ticket, move.by, at, {
        what: 'taken',
        exclusive: true,
        already: ticket.agent?.id === move.by.id,
        fields: { status: ticket.status === 'relaying' ? 'relaying' : 'assigned' },
      });
    case 'relay':
      // A second press (a double click) changes nothing and tells nobody again.
      return agentMove(ticket, move.by, at, { what: 'relayStarted', exclusive: true, already: ticket.status === 'relaying', fields: { status: 'relaying' } });
    case 'handBack':
      // Any team member may hand back or close: a colleague can finish a ticket.
      return agentMove(ticket, move.by, at, { what: 'returned', exclusive: false, fields: { status: 'returned', returnedTo: move.to } });
    case 'close':
      return agentMove(ticket, move.by, at, { what: 'closed', exclusive: false, fields: { status: 'closed' } });
    case 'cancel':
      if (isFinished(ticket)) return refused({ kind: 'finished' });
      return changed(ticket, 'cancelled', undefined, at, { status: 'cancelled' });
    case 'rate': {
      if (ticket.status !== 'closed') return refused({ kind: 'notClosed' });
      if (ticket.rating) return refused({ kind: 'alreadyRated' });
      const when = at.toISOString();
      // A rating leaves updatedAt alone: the ticket's own life ended when it was closed.
      return { moved: true, ticket: { ...ticket, rating: { score: move.score, comment: move.comment, at: when }, history: [...ticket.history, { at: when, what: 'rated' }] } };
    }
  }
}

/** What a ticket holds from the user's consent: their chat, what they wrote and where they were in the guide. */
export type TicketContent = Pick<Ticket, 'user' | 'description' | 'step' | 'completed' | 'authenticator' | 'questions' | 'transcript'>;

/** A new ticket (without its number yet): stored as `posting` until its card is in the channel. */
export function newTicket(content: TicketContent, at: Date): Omit<Ticket, 'id'> {
  const when = at.toISOString();
  return { status: 'posting', createdAt: when, updatedAt: when, ...content, postAttempts: 0, history: [{ at: when, what: 'created' }] };
}
