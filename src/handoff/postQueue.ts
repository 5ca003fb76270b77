import { randomUUID } from 'node:crypto';
import { AppError, OutboundTimeoutError } from '../core/errors';
import { withDeadline } from '../core/deadline';
import type { Logger } from '../core/logger';
import type { ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import type { TicketStore } from '../tickets/ticketStore';
import { moveTicket } from '../tickets/ticketStore';
import { claimPost, markSending, type PostClaim } from '../tickets/postClaim';
import { errorText } from './errorText';
import type { Messenger } from './ports';
import type { TicketChannel } from './ticketChannel';

export interface PostQueueDeps {
  tickets: TicketStore;
  channel: ServicedeskChannelStore;
  messenger: Messenger;
  ticketChannel: TicketChannel;
  logger: Logger;
  now: () => Date;
  /**
   * How long a claim on a ticket's channel post holds (ms): longer than one post attempt with its
   * timeouts and retries. A claim left by a killed process is taken over after it.
   */
  postLeaseMs?: number;
}

const defaultPostLeaseMs = 120_000;
/** A post attempt is cut off at this part of its lease, so it never outlives its claim. */
const postDeadlineShare = 0.8;

/** The channel post got no answer within its deadline: it may still land. */
class PostTimeoutError extends AppError {
  constructor(ms: number) {
    super('handoff.postTimeout', `the channel post got no answer within ${ms} ms`);
  }
}

/**
 * Whether a failed post may have landed: it got no answer (our deadline, or a connector call that timed out).
 * A post that Teams answered with an error status did not land.
 */
const mayHaveLanded = (error: unknown): boolean => error instanceof PostTimeoutError || error instanceof OutboundTimeoutError;

/**
 * Stored tickets on their way to the servicedesk channel. A post is claimed on the ticket first (a
 * compare-and-set), so that no two attempts, in any process, post it at the same time; a failed post
 * stays queued for the next sweep, and one that may have landed makes the next card say so.
 */
export class PostQueue {
  /** Posts under way in this process (the claim on the ticket covers other processes). */
  private readonly posting = new Set<string>();
  /** Queued numbers whose ticket was not found, since when: the ticket may be being stored right now. */
  private readonly missingSince = new Map<string, number>();

  constructor(private readonly deps: PostQueueDeps) {}

  private get leaseMs(): number {
    return this.deps.postLeaseMs ?? defaultPostLeaseMs;
  }

  /** Posts every stored ticket that is not in the channel yet; resolves with how many went out. */
  async postPending(): Promise<number> {
    let posted = 0;
    for (const id of await this.deps.tickets.unposted()) if (await this.post(id)) posted++;
    return posted;
  }

  /** Posts one ticket unless this process is posting it already; resolves true when this call put its card in the channel. */
  async post(id: string): Promise<boolean> {
    if (this.posting.has(id)) return false;
    this.posting.add(id);
    try {
      return await this.claimAndPost(id);
    } finally {
      this.posting.delete(id);
    }
  }

  private async claimAndPost(id: string): Promise<boolean> {
    const { tickets, logger } = this.deps;
    const ticket = await tickets.get(id);
    if (!ticket) return this.missingTicket(id);
    this.missingSince.delete(id);
    if (ticket.thread || ticket.status !== 'posting') {
      // Posted by an attempt killed before it linked the thread: link it now (links are idempotent).
      await tickets.linkThread(ticket);
      await tickets.setUnposted(id, false);
      return false;
    }
    const channel = await this.deps.channel.get();
    if (!channel) {
      logger.warn('ticket waits: no servicedesk channel registered', { ticket: id });
      return false;
    }
    const attempt = randomUUID();
    // Assigned inside update(), which may run it again after a lost compare-and-set: the last decision counts.
    let claim = { kind: 'done' } as PostClaim;
    const claimed = await tickets.update(id, (current) => {
      claim = claimPost(current, attempt, this.deps.now(), this.leaseMs);
      return claim.kind === 'claimed' || claim.kind === 'gaveUp' ? claim.ticket : undefined;
    });
    if (claim.kind === 'held') return false;
    if (claim.kind === 'done' || !claimed) {
      await tickets.setUnposted(id, false);
      return false;
    }
    if (claim.kind === 'gaveUp') {
      await tickets.setUnposted(id, false);
      logger.error('ticket not posted again: its repeat got no answer either; look for it in the servicedesk channel', { ticket: id });
      return false;
    }
    if (claim.repeat) logger.warn('ticket posted again after a post that may have landed', { ticket: id });
    // Said on the ticket before the post goes out: a claim cut off before this point provably put nothing in the channel.
    let sending = false;
    await tickets.update(id, (current) => {
      const marked = markSending(current, attempt);
      sending = marked !== undefined;
      return marked;
    });
    // Taken over after this attempt's lease ran out: the new holder posts.
    if (!sending) return false;
    const deadlineMs = this.leaseMs * postDeadlineShare;
    let thread;
    try {
      thread = await withDeadline(this.deps.messenger.startThread(channel, this.deps.ticketChannel.card(claimed, true)), deadlineMs, () => new PostTimeoutError(deadlineMs));
    } catch (error) {
      await this.postFailed(id, attempt, error);
      return false;
    }
    const result = await moveTicket(tickets, id, { kind: 'posted', thread }, this.deps.now());
    if (!result) return false;
    if (!result.moved) {
      // Posted by an attempt that took over after this one outlived its lease.
      logger.error('ticket posted twice: an attempt outlived its lease', { ticket: id });
      return false;
    }
    const posted = result.ticket;
    await tickets.linkThread(posted);
    await tickets.setUnposted(id, false);
    logger.info('ticket posted to the servicedesk channel', { ticket: id, attempts: posted.postAttempts, repeat: claim.repeat });
    // Cancelled while the post was under way: the card must say so.
    if (posted.status !== 'open') await this.deps.ticketChannel.refreshCard(posted);
    return true;
  }

  /** Releases the claim of a failed post and keeps the ticket queued; a post that got no answer may have landed, so the next one says so. */
  private async postFailed(id: string, attempt: string, error: unknown): Promise<void> {
    const uncertain = mayHaveLanded(error);
    const result = await moveTicket(this.deps.tickets, id, { kind: 'postFailed', attempt, uncertain }, this.deps.now());
    await this.deps.tickets.setUnposted(id, true);
    const attempts = result?.moved ? result.ticket.postAttempts : (await this.deps.tickets.get(id))?.postAttempts;
    this.deps.logger.warn('ticket post failed; it stays queued', { ticket: id, attempts, mayHaveLanded: uncertain, error: errorText(error) });
  }

  /** A queued number without a ticket: being stored right now, or never stored (killed in between); dropped after a lease. */
  private async missingTicket(id: string): Promise<false> {
    const since = this.missingSince.get(id);
    const now = this.deps.now().getTime();
    if (since === undefined) this.missingSince.set(id, now);
    else if (now - since > this.leaseMs) {
      this.missingSince.delete(id);
      await this.deps.tickets.setUnposted(id, false);
    }
    return false;
  }
}
