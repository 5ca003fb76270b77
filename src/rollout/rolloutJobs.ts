import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/logger';
import { languageFromLocale } from '../i18n/translator';
import { RateLimiter, type RateLimit } from '../graph/rateLimiter';
import type { GroupMember, RolloutGraph } from '../graph/rollout';
import { displayText } from '../privacy/displayText';
import { firstNameOf } from '../state/knownUser';
import type { ChatReference } from '../tickets/chatReference';
import type { FailReason, Rollout, RolloutCounts, RolloutFailure, RolloutMember, RolloutPhase } from './model';
import type { PeopleStore } from './peopleStore';
import { newRolloutId, type RolloutStore } from './rolloutStore';
import { countMembers } from './rolloutStatus';

/** What a message to a user came to: sent, refused because the user blocked or removed the bot, or failed otherwise. */
export type SendOutcome = 'sent' | 'blocked' | 'failed';

/** What the job says and sends, on plain data: the Teams edge renders it (the servicedesk's language, the user's). */
export interface RolloutMessenger {
  /** The invitation in the user's 1:1 chat: the welcome, in the member's language, with their first name. */
  invite(chat: ChatReference, member: RolloutMember): Promise<SendOutcome>;
  /** "herinner": where the user stopped, and the way on, in their chat. */
  remind(chat: ChatReference): Promise<SendOutcome>;
  /** A progress line in the servicedesk thread where the rollout was started. */
  progress(channel: ChatReference, counts: RolloutCounts, phase: RolloutPhase): Promise<void>;
  /** Why the rollout could not go on. */
  failed(channel: ChatReference, failure: RolloutFailure): Promise<void>;
  /** What "herinner" did. */
  reminded(channel: ChatReference, result: ReminderResult): Promise<void>;
}

export interface ReminderResult {
  sent: number;
  /** Reminded before in this rollout: never a second time. */
  already: number;
  /** Started and stopped, but the bot has no chat with them. */
  failed: number;
}

export interface RolloutJobsOptions {
  /** The messages a rollout causes, per second: its own sends and the installs (each brings the install event's welcome). Teams allows 50 per app per tenant for everything. */
  messageRate?: RateLimit;
  /** Members worked on at once. */
  concurrency?: number;
  /** How long after an install the job waits for Teams' install event (whose welcome is the invitation) before it writes itself. */
  installGraceMs?: number;
  /** How often progress is posted while a rollout runs. */
  progressEveryMs?: number;
  /** How long a lease on a rollout holds without renewal: another instance takes over a dead one's after this. */
  leaseMs?: number;
  /** The deadline of each Graph call the job makes (background work may wait longer than a turn). */
  graphTimeoutMs?: number;
  /** Graph calls given up on a member after this many attempts that found Graph throttled or down. */
  maxAttempts?: number;
  /** The pause before a member's next attempt, times the attempts so far. */
  retryDelayMs?: number;
  /** "Stopped": no step for this long. */
  stalledAfterMs?: number;
}

export interface RolloutJobsDeps {
  graph: RolloutGraph;
  store: RolloutStore;
  people: PeopleStore;
  messenger: RolloutMessenger;
  logger: Logger;
  now?: () => Date;
  options?: RolloutJobsOptions;
}

export type StartOutcome = { kind: 'started'; rollout: Rollout } | { kind: 'alreadyRunning'; rollout: Rollout } | { kind: 'graphOff' } | { kind: 'invalidGroup' };
export type RemindOutcome = { kind: 'started'; rollout: Rollout } | { kind: 'noRollout' };

const defaults: Required<RolloutJobsOptions> = {
  messageRate: { limit: 20, windowMs: 1000 },
  concurrency: 8,
  installGraceMs: 60_000,
  progressEveryMs: 30_000,
  leaseMs: 60_000,
  graphTimeoutMs: 20_000,
  maxAttempts: 3,
  retryDelayMs: 15_000,
  stalledAfterMs: 24 * 60 * 60 * 1000,
};

/** A display name kept for the servicedesk's view of a rollout is cut to this. */
const maxDisplayNameLength = 80;
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const running = (rollout: Rollout) => rollout.phase === 'listing' || rollout.phase === 'inviting';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** A Graph reason that will not change by asking again. */
const refusal = (reason: string) => reason === 'forbidden' || reason === 'notFound' || reason === 'invalidId' || reason === 'off';

/**
 * The rollouts: "uitrol <groep>" lists the group's members (skipping those done, registered for MFA, or invited
 * before), installs the app where it is missing and invites each member once; "herinner" reminds those who started
 * and stopped, once per rollout. All state is in the store (RolloutStore, PeopleStore) and each member moves by
 * compare-and-set, so a restart resumes where the job was and two instances never invite one member twice; one
 * instance works on a rollout at a time (its lease). Graph's limits are the gateway's buckets; the job's own
 * messages go through `messageRate`.
 */
export class RolloutJobs {
  private readonly options: Required<RolloutJobsOptions>;
  private readonly holder = randomUUID();
  private readonly messages: RateLimiter;
  private readonly working = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly deps: RolloutJobsDeps) {
    this.options = { ...defaults, ...deps.options };
    this.messages = new RateLimiter(this.options.messageRate, 50);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** "uitrol <groep>": a new rollout of the group, unless one of it is still running. */
  async start(groupId: string, startedBy: string | undefined, channel: ChatReference): Promise<StartOutcome> {
    if (!this.deps.graph.enabled) return { kind: 'graphOff' };
    if (!guidPattern.test(groupId)) return { kind: 'invalidGroup' };
    const group = groupId.toLowerCase();
    const current = (await this.deps.store.all()).find((rollout) => rollout.groupId === group && running(rollout));
    if (current) return { kind: 'alreadyRunning', rollout: current };
    const at = this.now();
    const rollout: Rollout = { id: newRolloutId(at), groupId: group, startedBy, startedAt: at.toISOString(), channel, phase: 'listing' };
    await this.deps.store.create(rollout);
    this.deps.logger.info('rollout started', { rollout: rollout.id });
    this.work(rollout.id);
    return { kind: 'started', rollout };
  }

  /** At start-up and then every lease: works on each running rollout no other instance holds. */
  resume(): void {
    const sweep = async () => {
      try {
        for (const rollout of await this.deps.store.all()) if (running(rollout)) this.work(rollout.id);
      } catch (error) {
        this.deps.logger.warn('rollouts could not be read', { error: (error as Error).name });
      }
    };
    void sweep();
    this.sweeper ??= setInterval(() => void sweep(), this.options.leaseMs).unref();
  }

  /** Stops taking members, lets those under way finish, and gives the leases back. */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.stopping.abort();
    await Promise.allSettled([...this.working.values()]);
  }

  /** "herinner": reminds the latest rollout's members who started and stopped, at most once each. */
  async remind(): Promise<RemindOutcome> {
    const rollout = await this.deps.store.latest();
    if (!rollout) return { kind: 'noRollout' };
    const task = this.remindAll(rollout).catch((error: Error) => this.deps.logger.error('reminders failed', { rollout: rollout.id, error: error.name }));
    this.track(`remind:${rollout.id}`, task);
    return { kind: 'started', rollout };
  }

  private track(key: string, task: Promise<void>): void {
    this.working.set(key, task);
    void task.finally(() => this.working.delete(key));
  }

  /** Works on the rollout in the background, once per process at a time. */
  private work(id: string): void {
    if (this.working.has(id) || this.stopping.signal.aborted) return;
    this.track(
      id,
      this.run(id).catch((error: Error) => this.deps.logger.error('rollout stopped by an error', { rollout: id, error: error.name, detail: error.message })),
    );
  }

  private async run(id: string): Promise<void> {
    const { store } = this.deps;
    const taken = await store.takeLease(id, this.holder, Date.now(), Date.now() + this.options.leaseMs);
    if (!taken || !running(taken)) return;
    const renew = setInterval(() => void store.takeLease(id, this.holder, Date.now(), Date.now() + this.options.leaseMs).catch(() => undefined), this.options.leaseMs / 3).unref();
    try {
      let rollout = taken;
      if (rollout.phase === 'listing') rollout = await this.list(rollout);
      if (rollout.phase === 'inviting') await this.invite(rollout);
    } finally {
      clearInterval(renew);
      await store.releaseLease(id, this.holder).catch(() => undefined);
    }
  }

  private async fail(rollout: Rollout, failure: RolloutFailure): Promise<Rollout> {
    this.deps.logger.warn('rollout failed', { rollout: rollout.id, failure });
    const { rollout: failed } = await this.deps.store.update(rollout.id, (current) => ({ ...current, phase: 'failed', failure, finishedAt: this.now().toISOString() }));
    await this.deps.messenger.failed(rollout.channel, failure).catch(() => undefined);
    return failed ?? rollout;
  }

  /** Reads the group and the registration report, and stores every member: pending, or skipped with why. */
  private async list(rollout: Rollout): Promise<Rollout> {
    const { graph, store, people } = this.deps;
    const call = { timeoutMs: this.options.graphTimeoutMs };
    const catalog = await graph.catalogId(call);
    if (catalog.kind !== 'found') return this.fail(rollout, catalog.reason === 'notFound' ? 'notInCatalog' : 'catalogUnavailable');
    const group = await graph.groupMembers(rollout.groupId, call);
    if (group.kind !== 'members') return this.fail(rollout, group.reason === 'notFound' || group.reason === 'invalidId' ? 'groupNotFound' : group.reason === 'tooLarge' ? 'groupTooLarge' : 'groupUnavailable');
    // Stopping: the listing is done again by the next holder (members already stored are not stored twice).
    if (this.stopping.signal.aborted) return rollout;
    const report = await graph.registrationReport('mfaRegistered', call);
    if (this.stopping.signal.aborted) return rollout;
    const registered = new Set(report.kind === 'report' ? report.registrations.filter((line) => line.isMfaRegistered).map((line) => line.id) : []);
    const known = await people.getMany(group.members.map((member) => member.id));
    const at = this.now().toISOString();
    const members = group.members.map((member): RolloutMember => {
      const base = memberOf(member, at);
      const person = known.get(member.id);
      if (person?.completed) return { ...base, state: 'skipped', reason: 'done' };
      if (registered.has(member.id)) return { ...base, state: 'skipped', reason: 'registered' };
      if (person?.invitedAt) return { ...base, state: 'skipped', reason: 'alreadyInvited' };
      return base;
    });
    await store.addMembers(rollout.id, members);
    const registration = report.kind === 'report' ? 'report' : report.reason === 'noLicence' ? 'noLicence' : 'unavailable';
    this.deps.logger.info('rollout listed', { rollout: rollout.id, members: members.length, pages: group.pages, registration });
    const { rollout: inviting } = await store.update(rollout.id, (current) => (current.phase === 'listing' ? { ...current, phase: 'inviting', registration, catalogId: catalog.catalogId } : undefined));
    return inviting ?? rollout;
  }

  /** Works through the members until none is left to do, posting progress now and then. */
  private async invite(rollout: Rollout): Promise<void> {
    const { store } = this.deps;
    const catalogId = rollout.catalogId;
    // Members being sent to when the previous holder stopped: their message may have landed.
    for (const member of await store.members(rollout.id)) {
      if (member.state === 'sending') await store.updateMember(rollout.id, member.id, (current) => (current.state === 'sending' ? { ...current, state: 'uncertain', at: this.now().toISOString() } : undefined));
    }
    let lastProgress = Date.now();
    for (;;) {
      const members = await store.members(rollout.id);
      const todo = members.filter((member) => member.state === 'pending' || member.state === 'installed');
      if (todo.length === 0) break;
      if (this.stopping.signal.aborted) return;
      let queue = 0;
      const next = () => (queue < todo.length && !this.stopping.signal.aborted ? todo[queue++] : undefined);
      const worker = async () => {
        for (let member = next(); member; member = next()) {
          await this.step(rollout, member, catalogId).catch((error: Error) => this.deps.logger.warn('rollout member not done', { rollout: rollout.id, error: error.name }));
          if (Date.now() - lastProgress >= this.options.progressEveryMs) {
            lastProgress = Date.now();
            await this.postProgress(rollout, 'inviting');
          }
        }
      };
      await Promise.all(Array.from({ length: this.options.concurrency }, worker));
      // Only members waiting for Teams' install event (or for Graph to answer again) are left: look again shortly.
      if (this.stopping.signal.aborted) return;
      const left = (await store.members(rollout.id)).filter((member) => member.state === 'pending' || member.state === 'installed');
      if (left.length > 0) await sleep(Math.min(1000, this.options.installGraceMs / 4));
    }
    const { changed } = await store.update(rollout.id, (current) => (current.phase === 'inviting' ? { ...current, phase: 'finished', finishedAt: this.now().toISOString() } : undefined));
    if (changed) {
      this.deps.logger.info('rollout finished', { rollout: rollout.id });
      await this.postProgress(rollout, 'finished');
    }
  }

  private async postProgress(rollout: Rollout, phase: RolloutPhase): Promise<void> {
    try {
      const counts = countMembers(await this.deps.store.members(rollout.id));
      await this.deps.messenger.progress(rollout.channel, counts, phase);
    } catch (error) {
      this.deps.logger.warn('rollout progress not posted', { rollout: rollout.id, error: (error as Error).name });
    }
  }

  /** One member one step on: skipped, invited, installed (then waiting), or failed; or left pending for another try. */
  private async step(rollout: Rollout, member: RolloutMember, catalogId: string | undefined): Promise<void> {
    if (member.retryAfter && Date.parse(member.retryAfter) > Date.now()) return;
    const person = await this.deps.people.get(member.id);
    if (member.state === 'pending') {
      if (person?.completed) return this.settle(rollout, member, 'skipped', 'done');
      if (person?.invitedAt) return this.settle(rollout, member, 'skipped', 'alreadyInvited');
      if (person?.chat) return this.send(rollout, member, person.chat);
      return this.install(rollout, member, catalogId);
    }
    // Installed by this job (at member.at): Teams' install event welcomed the user since (that was the invitation), or
    // it is late and the job writes, unless the event comes first after all.
    if (person?.welcomedAt && person.welcomedAt >= member.at) return this.settle(rollout, member, 'invited');
    if (Date.now() - Date.parse(member.at) < this.options.installGraceMs) return;
    if (person?.chat) return this.send(rollout, member, person.chat, member.at);
    return this.viaGraphChat(rollout, member, catalogId, member.at);
  }

  private async install(rollout: Rollout, member: RolloutMember, catalogId: string | undefined): Promise<void> {
    if (!catalogId) return this.settle(rollout, member, 'failed', 'installRefused');
    // An install brings a message (the install event's welcome): it counts against the rollout's message rate.
    if (!(await this.takeMessageSlot())) return;
    // Taken before the call: the install event may come before the call's answer, and a welcome since counts.
    const installedAt = this.now().toISOString();
    const answer = await this.deps.graph.install(member.id, catalogId, { timeoutMs: this.options.graphTimeoutMs });
    if (answer.kind === 'unavailable') return this.graphTrouble(rollout, member, answer.reason, 'installRefused');
    // Already installed: no install event will come, so the job finds the chat itself.
    if (answer.already) return this.viaGraphChat(rollout, member, catalogId);
    await this.deps.store.updateMember(rollout.id, member.id, (current) => (current.state === 'pending' ? { ...current, state: 'installed', at: installedAt } : undefined));
  }

  /** The user's chat as Graph names it (the app's installation for them), then the invitation there. */
  private async viaGraphChat(rollout: Rollout, member: RolloutMember, catalogId: string | undefined, welcomedSince?: string): Promise<void> {
    if (!catalogId) return this.settle(rollout, member, 'failed', 'installRefused');
    const call = { timeoutMs: this.options.graphTimeoutMs };
    const installed = await this.deps.graph.installed(member.id, catalogId, call);
    if (installed.kind === 'unavailable') return this.graphTrouble(rollout, member, installed.reason, 'noChat');
    if (installed.kind === 'notInstalled' || !installed.installationId) return this.graphTrouble(rollout, member, 'failed', 'noChat');
    const chat = await this.deps.graph.chat(member.id, installed.installationId, call);
    if (chat.kind === 'unavailable') return this.graphTrouble(rollout, member, chat.reason, 'noChat');
    return this.send(rollout, member, chatReferenceFor(chat.chatId, rollout.channel, member), welcomedSince);
  }

  /** A refusal fails the member; throttling or an outage leaves them for another try, a few times. */
  private async graphTrouble(rollout: Rollout, member: RolloutMember, reason: string, refused: FailReason): Promise<void> {
    if (refusal(reason)) return this.settle(rollout, member, 'failed', refused);
    const attempts = (member.attempts ?? 0) + 1;
    if (attempts >= this.options.maxAttempts) return this.settle(rollout, member, 'failed', 'graphUnavailable');
    const retryAfter = new Date(Date.now() + this.options.retryDelayMs * attempts).toISOString();
    await this.deps.store.updateMember(rollout.id, member.id, (current) => (current.state === member.state ? { ...current, attempts, retryAfter } : undefined));
  }

  /**
   * The invitation, once: the member is claimed (`sending`) by compare-and-set before anything goes out, and the
   * person marked invited, so that neither another instance nor a late install event sends a second one. With
   * `welcomedSince`, a welcome the install event sent since then was the invitation: nothing more goes out.
   */
  private async send(rollout: Rollout, member: RolloutMember, chat: ChatReference, welcomedSince?: string): Promise<void> {
    const { store, people, messenger } = this.deps;
    const at = this.now().toISOString();
    const { changed } = await store.updateMember(rollout.id, member.id, (current) => (current.state === member.state ? { ...current, state: 'sending', at } : undefined));
    if (!changed) return;
    if (!(await people.markInvited(member.id, at, welcomedSince))) return this.settle(rollout, member, 'invited');
    if (!(await this.takeMessageSlot())) {
      // Stopping: nothing went out, so the member may be sent to after the restart.
      await store.updateMember(rollout.id, member.id, (current) => (current.state === 'sending' ? { ...current, state: member.state } : undefined));
      return;
    }
    const outcome = await messenger.invite(chat, member);
    if (outcome === 'sent') return this.settle(rollout, member, 'invited');
    return this.settle(rollout, member, 'failed', outcome === 'blocked' ? 'blocked' : 'sendFailed');
  }

  private async takeMessageSlot(): Promise<boolean> {
    try {
      return await this.messages.take(Date.now() + 60_000, this.stopping.signal, 'background');
    } catch {
      return false;
    }
  }

  private async settle(rollout: Rollout, member: RolloutMember, state: RolloutMember['state'], reason?: RolloutMember['reason']): Promise<void> {
    await this.deps.store.updateMember(rollout.id, member.id, (current) => (current.state === 'invited' || current.state === 'skipped' ? undefined : { ...current, state, reason, at: this.now().toISOString() }));
  }

  private async remindAll(rollout: Rollout): Promise<void> {
    const { store, people, messenger } = this.deps;
    const members = (await store.members(rollout.id)).filter((member) => member.state === 'invited' || member.state === 'uncertain');
    const known = await people.getMany(members.map((member) => member.id));
    const stalledBefore = this.now().getTime() - this.options.stalledAfterMs;
    const result: ReminderResult = { sent: 0, already: 0, failed: 0 };
    for (const member of members) {
      if (this.stopping.signal.aborted) break;
      const person = known.get(member.id);
      if (!person?.step || person.completed || Date.parse(person.progressAt ?? '') > stalledBefore) continue;
      if (member.remindedAt) {
        result.already++;
        continue;
      }
      const { changed } = await store.updateMember(rollout.id, member.id, (current) => (current.remindedAt ? undefined : { ...current, remindedAt: this.now().toISOString() }));
      if (!changed) {
        result.already++;
        continue;
      }
      if (!person.chat || !(await this.takeMessageSlot())) {
        result.failed++;
        continue;
      }
      if ((await messenger.remind(person.chat)) === 'sent') result.sent++;
      else result.failed++;
    }
    this.deps.logger.info('reminders sent', { rollout: rollout.id, ...result });
    await messenger.reminded(rollout.channel, result).catch(() => undefined);
  }
}

/** A member as listed: pending, with the names cleaned for display and the language the bot speaks, if any. */
function memberOf(member: GroupMember, at: string): RolloutMember {
  const displayName = displayText(member.displayName, maxDisplayNameLength);
  const givenName = firstNameOf(member.givenName);
  const language = languageFromLocale(member.preferredLanguage);
  return { id: member.id, ...(displayName && { displayName }), ...(givenName && { givenName }), ...(language && { language }), state: 'pending', at };
}

/** Where to write to a chat Graph named: Teams' service and the bot as in the servicedesk channel (the same tenant). */
function chatReferenceFor(chatId: string, channel: ChatReference, member: RolloutMember): ChatReference {
  return {
    channelId: channel.channelId ?? 'msteams',
    serviceUrl: channel.serviceUrl,
    bot: channel.bot,
    user: { id: member.id, name: '', aadObjectId: member.id },
    conversation: { id: chatId, name: '', isGroup: false, conversationType: 'personal', tenantId: channel.conversation?.tenantId },
  };
}
