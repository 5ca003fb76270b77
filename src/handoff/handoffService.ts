import { randomUUID } from 'node:crypto';
import { ActivityTypes, TeamsInfo, TurnContext, type Activity, type Attachment } from 'botbuilder';
import { EventFactory } from 'botbuilder';
import { AppError, OutboundTimeoutError } from '../core/errors';
import { withDeadline } from '../core/deadline';
import type { Language } from '../i18n/language';
import { turnLanguage, turnT, type Translator } from '../i18n/translator';
import type { Logger } from '../core/logger';
import { redact } from '../privacy/redact';
import type { SubmitData } from '../cards/actions';
import type { TicketCards } from '../cards/ticketCards';
import type { RecentHistory } from '../state/conversationHistory';
import { findPosition, firstPosition, type Position } from '../guide/setupGuide';
import type { AgentDirectory } from '../bot/memberDirectory';
import { threadRootOf, type Messenger } from '../bot/messenger';
import type { ServicedeskChannel, ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import { finishedStatuses, type Agent, type Ticket, type TicketEvent } from '../tickets/ticket';
import type { TicketStore } from '../tickets/ticketStore';
import { claimPost, holdsPost, settleFailed, settleUncertain, type PostClaim } from '../tickets/postClaim';
import { withoutMentions } from '../commands/mentions';

export interface HandoffServiceDeps {
  tickets: TicketStore;
  channel: ServicedeskChannelStore;
  messenger: Messenger;
  agents: AgentDirectory;
  cards: TicketCards;
  /** The servicedesk's translator and language, for ticket cards and thread notes. */
  agentT: Translator;
  agentLanguage: Language;
  /** Opens the guide at a position in the user's chat (the agent's "Terug naar de bot"). */
  resumeGuide: (context: TurnContext, position: Position) => Promise<void>;
  logger: Logger;
  now?: () => Date;
  /** How long the user's turn waits for the channel post before answering anyway (ms). */
  postWaitMs?: number;
  /**
   * How long a claim on a ticket's channel post holds (ms): longer than one post attempt with its
   * timeouts and retries. A claim left by a killed process is taken over after it.
   */
  postLeaseMs?: number;
}

const defaultPostWaitMs = 2000;
const defaultPostLeaseMs = 120_000;
/** A post attempt is cut off at this part of its lease, so it never outlives its claim. */
const postDeadlineShare = 0.8;

/** The channel post got no answer within its deadline: it may still land. */
export class PostTimeoutError extends AppError {
  constructor(ms: number) {
    super('handoff.postTimeout', `the channel post got no answer within ${ms} ms`);
  }
}

/**
 * Whether a failed post may have landed: it got no answer (our deadline, or a connector call that timed out).
 * A post that Teams answered with an error status did not land.
 */
const mayHaveLanded = (error: unknown): boolean => error instanceof PostTimeoutError || error instanceof OutboundTimeoutError;

/** What the user agreed to share when asking for the servicedesk. */
export interface TicketRequest {
  description?: string;
  step?: string;
  completed?: boolean;
  history: RecentHistory;
}

/** Teams adds an HTML copy of every channel message; it is not something to pass on. */
const relayedAttachment = (attachment: Attachment) => attachment.contentType !== 'text/html';
/** In a ticket thread, a message starting with this is a note among agents, not for the user. */
const internalNotePrefix = '//';

const isFinished = (ticket: Ticket) => finishedStatuses.includes(ticket.status);

/**
 * The servicedesk in the loop. A ticket is stored first and then posted to the servicedesk channel
 * (and posted again later when that fails); agents take it, talk with the user through the bot,
 * hand the user back to the guide at a step, or close it; the user can cancel and rate. Every change
 * to a ticket is a compare-and-set on its eTag, so two agents cannot both take the same ticket.
 */
export class HandoffService {
  /** Posts under way in this process (the claim on the ticket covers other processes). */
  private readonly posting = new Set<string>();
  /** Queued numbers whose ticket was not found, since when: the ticket may be being stored right now. */
  private readonly missingSince = new Map<string, number>();

  constructor(private readonly deps: HandoffServiceDeps) {}

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  private event(what: TicketEvent['what'], by?: string): TicketEvent {
    return { at: this.now(), what, by };
  }

  /** A change of the ticket's state: `fields`, the time of the change and the event in its history. */
  private moved(ticket: Ticket, what: TicketEvent['what'], by: string | undefined, fields: Partial<Ticket>): Ticket {
    return { ...ticket, ...fields, updatedAt: this.now(), history: [...ticket.history, this.event(what, by)] };
  }

  async activeTicket(context: TurnContext): Promise<Ticket | undefined> {
    return this.deps.tickets.activeFor(context.activity.conversation.id);
  }

  /**
   * Stores the ticket of this escalation (the user's consent activity), then posts it to the channel; a
   * failed post leaves it stored and queued for another try. The same activity again (Teams redelivers,
   * or the bot was killed half-way) gives the same ticket, completed where it was left, never a second one.
   */
  async createTicket(context: TurnContext, request: TicketRequest): Promise<Ticket> {
    const { activity } = context;
    // Without an activity id (never from Teams) nothing can recognise a second copy.
    const escalation = { conversationId: activity.conversation.id, activityId: activity.id || randomUUID() };
    const { ticket, created } = await this.deps.tickets.escalate(escalation, async () => {
      const at = this.now();
      return {
        status: 'posting',
        createdAt: at,
        updatedAt: at,
        user: {
          name: activity.from.name || this.deps.agentT('ticket.unknown'),
          upn: await this.userPrincipalName(context),
          aadObjectId: activity.from.aadObjectId,
          language: turnLanguage(context),
          reference: TurnContext.getConversationReference(activity),
        },
        description: request.description ? redact(request.description) : undefined,
        step: request.step,
        completed: request.completed,
        questions: request.history.questions,
        transcript: request.history.lines,
        postAttempts: 0,
        history: [this.event('created')],
      };
    });
    if (created) this.deps.logger.info('ticket created', { ticket: ticket.id, step: ticket.step });
    else this.deps.logger.info('escalation answered with its ticket (a repeated consent, or the chat has an open one)', { ticket: ticket.id });
    // The Bot Framework handoff signal, for a future agent hub; HandoffEventGuard keeps it from Teams (which answers 400).
    await context.sendActivity(EventFactory.createHandoffInitiation(context, { ticket: ticket.id }) as Partial<Activity>);
    // The user gets their number at once; a post Teams is slow with (its client retries a 503 for
    // seconds) goes on in the background, and a failed one is queued for the next try.
    const posting = this.post(ticket.id).catch((error: Error) => {
      this.deps.logger.warn('ticket post failed; it stays queued', { ticket: ticket.id, error: errorText(error) });
      return false;
    });
    await Promise.race([posting, new Promise((resolve) => setTimeout(resolve, this.deps.postWaitMs ?? defaultPostWaitMs).unref())]);
    return (await this.deps.tickets.get(ticket.id)) ?? ticket;
  }

  /** Posts every stored ticket that is not in the channel yet; resolves with how many went out. */
  async postPending(): Promise<number> {
    let posted = 0;
    for (const id of await this.deps.tickets.unposted()) if (await this.post(id)) posted++;
    return posted;
  }

  private async post(id: string): Promise<boolean> {
    if (this.posting.has(id)) return false;
    this.posting.add(id);
    try {
      return await this.claimAndPost(id);
    } finally {
      this.posting.delete(id);
    }
  }

  /**
   * Posts the ticket's card once its post is claimed (a compare-and-set on the ticket), so that no two
   * attempts, in any process, post it at the same time. A post after one that may have landed says so on the card.
   */
  private async claimAndPost(id: string): Promise<boolean> {
    const ticket = await this.deps.tickets.get(id);
    if (!ticket) return this.missingTicket(id);
    this.missingSince.delete(id);
    if (ticket.thread || ticket.status !== 'posting') {
      // Posted by an attempt killed before it linked the thread: link it now (links are idempotent).
      await this.deps.tickets.linkThread(ticket);
      await this.deps.tickets.setUnposted(id, false);
      return false;
    }
    const channel = await this.deps.channel.get();
    if (!channel) {
      this.deps.logger.warn('ticket waits: no servicedesk channel registered', { ticket: id });
      return false;
    }
    const leaseMs = this.deps.postLeaseMs ?? defaultPostLeaseMs;
    const attempt = randomUUID();
    // Assigned inside update(), which may run it again after a lost compare-and-set: the last decision counts.
    let claim = { kind: 'done' } as PostClaim;
    const claimed = await this.deps.tickets.update(id, (current) => {
      claim = claimPost(current, attempt, new Date(this.now()), leaseMs);
      return claim.kind === 'claimed' || claim.kind === 'gaveUp' ? claim.ticket : undefined;
    });
    if (claim.kind === 'held') return false;
    if (claim.kind === 'done' || !claimed) {
      await this.deps.tickets.setUnposted(id, false);
      return false;
    }
    if (claim.kind === 'gaveUp') {
      await this.deps.tickets.setUnposted(id, false);
      this.deps.logger.error('ticket not posted again: its repeat got no answer either; look for it in the servicedesk channel', { ticket: id });
      return false;
    }
    if (claim.repeat) this.deps.logger.warn('ticket posted again after a post that may have landed', { ticket: id });
    let thread;
    try {
      thread = await withDeadline(this.deps.messenger.startThread(channel, this.cardActivity(claimed, true)), leaseMs * postDeadlineShare, () => new PostTimeoutError(leaseMs * postDeadlineShare));
    } catch (error) {
      await this.postFailed(id, attempt, error);
      return false;
    }
    let duplicate = false;
    const posted = await this.deps.tickets.update(id, (t) => {
      // Posted by an attempt that took over after this one outlived its lease.
      duplicate = t.thread !== undefined;
      return duplicate ? undefined : this.moved(t, 'posted', undefined, { thread, status: t.status === 'posting' ? 'open' : t.status, postAttempts: t.postAttempts + 1, postClaim: undefined });
    });
    if (!posted) return false;
    if (duplicate) {
      this.deps.logger.error('ticket posted twice: an attempt outlived its lease', { ticket: id });
      return false;
    }
    await this.deps.tickets.linkThread(posted);
    await this.deps.tickets.setUnposted(id, false);
    this.deps.logger.info('ticket posted to the servicedesk channel', { ticket: id, attempts: posted.postAttempts, repeat: claim.repeat });
    // Cancelled while the post was under way: the card must say so.
    if (posted.status !== 'open') await this.refreshCard(posted);
    return true;
  }

  /** Releases the claim of a failed post and keeps the ticket queued; a post that got no answer may have landed, so the next one says so. */
  private async postFailed(id: string, attempt: string, error: unknown): Promise<void> {
    const uncertain = mayHaveLanded(error);
    // Only the holder settles its attempt: after a take-over the new holder has counted it already.
    const failed = await this.deps.tickets.update(id, (t) =>
      holdsPost(t, attempt) ? (uncertain ? settleUncertain(t, new Date(this.now())) : settleFailed(t, new Date(this.now()))) : undefined,
    );
    await this.deps.tickets.setUnposted(id, true);
    this.deps.logger.warn('ticket post failed; it stays queued', { ticket: id, attempts: failed?.postAttempts, mayHaveLanded: uncertain, error: errorText(error) });
  }

  /** A queued number without a ticket: being stored right now, or never stored (killed in between); dropped after a lease. */
  private async missingTicket(id: string): Promise<false> {
    const since = this.missingSince.get(id);
    const now = Date.parse(this.now());
    if (since === undefined) this.missingSince.set(id, now);
    else if (now - since > (this.deps.postLeaseMs ?? defaultPostLeaseMs)) {
      this.missingSince.delete(id);
      await this.deps.tickets.setUnposted(id, false);
    }
    return false;
  }

  /** "Ticket annuleren" (button or words) in the user's chat. */
  async cancelByUser(context: TurnContext, ticketId?: string): Promise<void> {
    const t = turnT(context);
    const active = await this.activeTicket(context);
    if (!active || (ticketId && ticketId !== active.id)) {
      await context.sendActivity(t('handoff.nothingToCancel'));
      return;
    }
    const cancelled = await this.deps.tickets.update(active.id, (ticket) =>
      isFinished(ticket) ? undefined : this.moved(ticket, 'cancelled', undefined, { status: 'cancelled' }),
    );
    if (!cancelled || cancelled.status !== 'cancelled') {
      await context.sendActivity(t('handoff.nothingToCancel'));
      return;
    }
    await this.deps.tickets.setUnposted(cancelled.id, false);
    this.deps.logger.info('ticket cancelled by the user', { ticket: cancelled.id });
    await context.sendActivity(t('handoff.cancelled', { number: cancelled.id }));
    await this.noteInThread(cancelled, this.deps.agentT('ticket.notes.cancelled', { name: cancelled.user.name }));
    await this.refreshCard(cancelled);
  }

  /** A 1–5 rating (and optional comment) on a closed ticket, from its own user only. */
  async rate(context: TurnContext, data: SubmitData): Promise<void> {
    const t = turnT(context);
    const ticket = data.ticket ? await this.deps.tickets.get(data.ticket) : undefined;
    if (!ticket || ticket.user.reference.conversation?.id !== context.activity.conversation.id || data.score === undefined) {
      this.deps.logger.warn('rating for an unknown ticket', { ticket: data.ticket });
      await context.sendActivity(t('messages.notUnderstoodOutsideFlow'));
      return;
    }
    if (ticket.status !== 'closed') {
      await context.sendActivity(t('handoff.rating.notClosed'));
      return;
    }
    let already = false;
    const comment = data.comment ? redact(data.comment) : undefined;
    const rated = await this.deps.tickets.update(ticket.id, (current) => {
      if (current.rating) {
        already = true;
        return undefined;
      }
      return { ...current, rating: { score: data.score!, comment, at: this.now() }, history: [...current.history, this.event('rated')] };
    });
    if (already || !rated) {
      await context.sendActivity(t('handoff.rating.already'));
      return;
    }
    this.deps.logger.info('ticket rated', { ticket: rated.id, score: data.score });
    await context.sendActivity(t('handoff.rating.thanks'));
    const note = comment ? 'ticket.notes.ratedWithComment' : 'ticket.notes.rated';
    await this.noteInThread(rated, this.deps.agentT(note, { name: rated.user.name, score: data.score, comment }));
    await this.refreshCard(rated);
  }

  /**
   * While an agent has taken over the chat, what the user types (and attaches) goes into the ticket
   * thread, redacted. Resolves false when there is no such chat, so the bot handles the message.
   */
  async relayFromUser(context: TurnContext): Promise<boolean> {
    const { activity } = context;
    if (activity.type !== ActivityTypes.Message || activity.value !== undefined) return false;
    const text = activity.text?.trim() ?? '';
    const attachments = (activity.attachments ?? []).filter(relayedAttachment);
    if (!text && attachments.length === 0) return false;
    const ticket = await this.activeTicket(context);
    if (!ticket || ticket.status !== 'relaying' || !ticket.thread) return false;
    const channel = await this.deps.channel.get();
    try {
      if (!channel) throw new Error('no servicedesk channel registered');
      await this.deps.messenger.postInThread(channel, ticket.thread, {
        type: ActivityTypes.Message,
        text: text ? this.deps.agentT('ticket.notes.userSays', { name: ticket.user.name, text: redact(text) }) : undefined,
        attachments,
      });
    } catch (error) {
      this.deps.logger.warn('user message not relayed to the servicedesk', { ticket: ticket.id, error: errorText(error) });
      await context.sendActivity(turnT(context)('handoff.relayFailed'));
    }
    return true;
  }

  /** An agent pressed a button on a ticket card in the servicedesk channel. */
  async agentAction(context: TurnContext, data: SubmitData): Promise<void> {
    const at = this.deps.agentT;
    const channel = await this.authorise(context);
    if (!channel) return;
    const ticket = data.ticket ? await this.deps.tickets.get(data.ticket) : undefined;
    if (!ticket) {
      await context.sendActivity(at('ticket.notes.unknownTicket'));
      return;
    }
    const agent: Agent = { name: context.activity.from.name || at('ticket.unknown'), id: context.activity.from.id, aadObjectId: context.activity.from.aadObjectId };
    switch (data.op) {
      case 'take':
        return this.take(context, ticket, agent);
      case 'relay':
        return this.startRelay(context, ticket, agent);
      case 'handBack':
        return this.handBack(context, ticket, agent, findPosition(data.handBackStep) ?? findPosition(ticket.step) ?? firstPosition(), data.agentNote);
      case 'close':
        return this.close(context, ticket, agent);
      default:
        this.deps.logger.warn('ticket action without a known operation', { ticket: ticket.id });
        await context.sendActivity(at('ticket.notes.unknownTicket'));
    }
  }

  /**
   * A message in a ticket thread: while the chat is taken over it goes to the user, as from the
   * servicedesk (text and attachments). Resolves false when the message is not in a ticket thread.
   */
  async agentMessage(context: TurnContext): Promise<boolean> {
    if (context.activity.value !== undefined) return false;
    const conversationId = context.activity.conversation.id;
    const root = threadRootOf(conversationId);
    const ticket = (root ? await this.deps.tickets.byThreadRoot(root) : undefined) ?? (await this.deps.tickets.byThreadRoot(conversationId));
    if (!ticket) return false;
    const text = withoutMentions(context.activity.text ?? '').trim();
    const attachments = (context.activity.attachments ?? []).filter(relayedAttachment);
    if (ticket.status !== 'relaying' || text.startsWith(internalNotePrefix) || (!text && attachments.length === 0)) return true;
    if (!(await this.authorise(context))) return true;
    const agent = context.activity.from.name || this.deps.agentT('ticket.unknown');
    try {
      await this.deps.messenger.inUserChat(ticket.user.reference, async (userContext) => {
        const t = turnT(userContext);
        await userContext.sendActivity({ type: ActivityTypes.Message, text: text ? t('handoff.agentSays', { agent, text }) : undefined, attachments });
      });
    } catch (error) {
      await this.userUnreachable(context, ticket, error);
    }
    return true;
  }

  private async take(context: TurnContext, ticket: Ticket, agent: Agent): Promise<void> {
    const taken = await this.agentMove(context, ticket, agent, {
      what: 'taken',
      exclusive: true,
      already: (current) => current.agent?.id === agent.id,
      fields: (current) => ({ status: current.status === 'relaying' ? 'relaying' : 'assigned' }),
    });
    if (!taken) return;
    this.deps.logger.info('ticket taken', { ticket: taken.id });
    await this.refreshCard(taken);
    await context.sendActivity(this.deps.agentT('ticket.notes.taken', { agent: agent.name }));
    await this.tellUser(context, taken, (t) => t('handoff.taken', { agent: agent.name, number: taken.id }));
  }

  private async startRelay(context: TurnContext, ticket: Ticket, agent: Agent): Promise<void> {
    const relaying = await this.agentMove(context, ticket, agent, {
      what: 'relayStarted',
      exclusive: true,
      // A second press (a double click) changes nothing and tells nobody again.
      already: (current) => current.status === 'relaying',
      fields: () => ({ status: 'relaying' }),
    });
    if (!relaying) return;
    this.deps.logger.info('ticket chat taken over', { ticket: relaying.id });
    await this.refreshCard(relaying);
    await context.sendActivity(this.deps.agentT('ticket.notes.relayStarted', { agent: agent.name, name: relaying.user.name }));
    await this.tellUser(context, relaying, (t) => t('handoff.relayStarted', { agent: agent.name }));
  }

  private async handBack(context: TurnContext, ticket: Ticket, agent: Agent, position: Position, note?: string): Promise<void> {
    const returned = await this.agentMove(context, ticket, agent, {
      what: 'returned',
      exclusive: false,
      fields: () => ({ status: 'returned', returnedTo: position.key }),
    });
    if (!returned) return;
    this.deps.logger.info('user handed back to the guide', { ticket: returned.id, step: position.key });
    try {
      await this.deps.messenger.inUserChat(returned.user.reference, async (userContext) => {
        const t = turnT(userContext);
        if (note) await userContext.sendActivity(t('handoff.agentSays', { agent: agent.name, text: note }));
        await userContext.sendActivity(t('handoff.returned', { agent: agent.name, where: this.deps.cards.whereText(t, turnLanguage(userContext), position.key) }));
        await this.deps.resumeGuide(userContext, position);
      });
    } catch (error) {
      await this.userUnreachable(context, returned, error);
    }
    await this.refreshCard(returned);
    const where = this.deps.cards.whereText(this.deps.agentT, this.deps.agentLanguage, position.key);
    await context.sendActivity(this.deps.agentT('ticket.notes.returned', { agent: agent.name, name: returned.user.name, where }));
  }

  private async close(context: TurnContext, ticket: Ticket, agent: Agent): Promise<void> {
    const closed = await this.agentMove(context, ticket, agent, { what: 'closed', exclusive: false, fields: () => ({ status: 'closed' }) });
    if (!closed) return;
    this.deps.logger.info('ticket closed', { ticket: closed.id });
    await this.refreshCard(closed);
    await context.sendActivity(this.deps.agentT('ticket.notes.closed', { agent: agent.name }));
    try {
      await this.deps.messenger.inUserChat(closed.user.reference, async (userContext) => {
        const t = turnT(userContext);
        await userContext.sendActivity(t('handoff.closed', { agent: agent.name, number: closed.id }));
        await userContext.sendActivity({ attachments: [this.deps.cards.rating(t, closed)] });
      });
    } catch (error) {
      await this.userUnreachable(context, closed, error);
    }
  }

  /**
   * An agent's move on a ticket, decided on the stored version (again after a lost compare-and-set):
   * refused when the ticket is finished or, for an `exclusive` move, another agent has it; nothing when
   * `already` holds. The agent who moves it becomes its agent if it had none. Tells the agent why a move
   * was refused; resolves with the moved ticket, or undefined when nothing moved.
   */
  private async agentMove(
    context: TurnContext,
    ticket: Ticket,
    agent: Agent,
    move: { what: TicketEvent['what']; exclusive: boolean; already?: (current: Ticket) => boolean; fields: (current: Ticket) => Partial<Ticket> },
  ): Promise<Ticket | undefined> {
    let finished = false;
    let holder: Ticket['agent'];
    let unchanged = false;
    const moved = await this.deps.tickets.update(ticket.id, (current) => {
      finished = isFinished(current);
      holder = !finished && move.exclusive && current.agent && current.agent.id !== agent.id ? current.agent : undefined;
      unchanged = !finished && !holder && (move.already?.(current) ?? false);
      if (finished || holder || unchanged) return undefined;
      return this.moved(current, move.what, agent.name, { agent: current.agent ?? { ...agent, at: this.now() }, ...move.fields(current) });
    });
    if (unchanged) return undefined;
    if (holder) {
      this.deps.logger.info('ticket already taken', { ticket: ticket.id });
      await context.sendActivity(this.deps.agentT('ticket.notes.alreadyTaken', { agent: holder.name, time: this.deps.cards.time(holder.at) }));
      return undefined;
    }
    if (finished || !moved) {
      await context.sendActivity(this.deps.agentT('ticket.notes.finished'));
      return undefined;
    }
    return moved;
  }

  /** Only members of the registered servicedesk team, in that team, act on tickets. */
  private async authorise(context: TurnContext): Promise<ServicedeskChannel | undefined> {
    const at = this.deps.agentT;
    const channel = await this.deps.channel.get();
    const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    if (!channel || teamId !== channel.teamId) {
      this.deps.logger.warn('ticket action outside the servicedesk team');
      await context.sendActivity(at('ticket.notes.notAgent'));
      return undefined;
    }
    try {
      if (await this.deps.agents.isMember(context, channel.teamId)) return channel;
    } catch (error) {
      this.deps.logger.warn('servicedesk membership check failed', { error: errorText(error) });
      await context.sendActivity(at('ticket.notes.memberCheckFailed'));
      return undefined;
    }
    this.deps.logger.warn('ticket action refused: not a member of the servicedesk team');
    await context.sendActivity(at('ticket.notes.notAgent'));
    return undefined;
  }

  private async tellUser(context: TurnContext, ticket: Ticket, text: (t: Translator) => string): Promise<void> {
    try {
      await this.deps.messenger.inUserChat(ticket.user.reference, async (userContext) => {
        await userContext.sendActivity(text(turnT(userContext)));
      });
    } catch (error) {
      await this.userUnreachable(context, ticket, error);
    }
  }

  private async userUnreachable(context: TurnContext, ticket: Ticket, error: unknown): Promise<void> {
    const blocked = (error as { statusCode?: number }).statusCode === 403;
    this.deps.logger.warn('message to the user not delivered', { ticket: ticket.id, blocked, error: errorText(error) });
    await context.sendActivity(this.deps.agentT(blocked ? 'ticket.notes.userGone' : 'ticket.notes.notDelivered', { name: ticket.user.name }));
  }

  private cardActivity(ticket: Ticket, withSummary = false): Partial<Activity> {
    const attachment = this.deps.cards.ticket(this.deps.agentT, this.deps.agentLanguage, ticket);
    return {
      type: ActivityTypes.Message,
      attachments: [attachment],
      summary: withSummary ? this.deps.agentT('ticket.summary', { number: ticket.id, name: ticket.user.name }) : undefined,
    };
  }

  /** Redraws the ticket card in place so it always shows the current status. */
  private async refreshCard(ticket: Ticket): Promise<void> {
    const channel = await this.deps.channel.get();
    if (!channel || !ticket.thread) return;
    try {
      await this.deps.messenger.updateCard(channel, ticket.thread, this.cardActivity(ticket));
    } catch (error) {
      this.deps.logger.warn('ticket card not updated', { ticket: ticket.id, error: errorText(error) });
    }
  }

  private async noteInThread(ticket: Ticket, text: string): Promise<void> {
    const channel = await this.deps.channel.get();
    if (!channel || !ticket.thread) return;
    try {
      await this.deps.messenger.postInThread(channel, ticket.thread, { type: ActivityTypes.Message, text });
    } catch (error) {
      this.deps.logger.warn('note not posted in the ticket thread', { ticket: ticket.id, error: errorText(error) });
    }
  }

  private async userPrincipalName(context: TurnContext): Promise<string | undefined> {
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      return member.userPrincipalName ?? undefined;
    } catch (error) {
      this.deps.logger.warn('user principal name not available', { error: errorText(error) });
      return undefined;
    }
  }
}

/** An error's status and message for a log line (never a request body). */
function errorText(error: unknown): string {
  const { statusCode, message } = (error ?? {}) as { statusCode?: number; message?: string };
  return [statusCode, message?.slice(0, 200)].filter(Boolean).join(' ');
}
