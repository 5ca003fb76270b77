import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/logger';
import { languageFromLocale } from '../i18n/translator';
import type { RateLimit } from '../graph/rateLimiter';
import type { GroupMember, RolloutGraph } from '../graph/rollout';
import { firstNameOf } from '../state/knownUser';
import type { ChatReference } from '../tickets/chatReference';
import type { FailReason, Rollout, RolloutFailure, RolloutMember, RolloutPhase } from './model';
import type { PeopleStore } from './peopleStore';
import { MessageSlots } from './messageSlots';
import type { RolloutMessenger } from './ports';
import { Reminders, type RemindOutcome } from './reminders';
import { newRolloutId, type RolloutStore } from './rolloutStore';
import { countMembers } from './rolloutStatus';

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
  /** A member is given up on after this many attempts that found Graph down (throttling does not count). */
  maxAttempts?: number;
  /** After Graph was throttled or down, the whole job pauses this long, times the member's attempts so far. */
  retryDelayMs?: number;
  /** "Stopped": no step for this long. */
  stalledAfterMs?: number;
  /** How long stop() waits for members under way before it gives the leases back anyway. */
  stopWaitMs?: number;
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

const defaults: Required<RolloutJobsOptions> = {
  messageRate: { limit: 20, windowMs: 1000 },
  concurrency: 8,
  installGraceMs: 60_000,
  progressEveryMs: 30_000,
  leaseMs: 60_000,
  graphTimeoutMs: 20_000,
  maxAttempts: 5,
  retryDelayMs: 15_000,
  stalledAfterMs: 24 * 60 * 60 * 1000,
  stopWaitMs: 2000,
};

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const running = (rollout: Rollout | undefined) => rollout?.phase === 'listing' || rollout?.phase === 'inviting';
const toDo = (member: RolloutMember) => member.state === 'pending' || member.state === 'installed';
/** Between two looks at the members still to do: not busier than this, not lazier than that. */
const sweepMs = { min: 200, max: 5000 };

/** A Graph reason that will not change by asking again. */
const refusal = (reason: string) => reason === 'forbidden' || reason === 'notFound' || reason === 'invalidId' || reason === 'off';

/** One holder's work on one rollout: stops when the process stops or the lease is lost. */
interface Run {
  rollout: Rollout;
  signal: AbortSignal;
}

/**
 * The rollouts: "uitrol <groep>" lists the group's members (skipping those done, registered for MFA, or invited
 * before), installs the app where it is missing and invites each member once; "herinner" (Reminders) reminds those
 * who started and stopped. All state is in the store: each member moves by compare-and-set, a person's one invitation
 * is claimed on their record (PeopleStore.claimInvitation), one rollout runs per group, and one instance works on a
 * rollout at a time (its lease). A restart resumes where the job was. Graph's limits are the gateway's buckets, and
 * after a throttled or failing call the whole job pauses; the messages the job causes go through `messageRate`.
 */
export class RolloutJobs {
  private readonly options: Required<RolloutJobsOptions>;
  private readonly holder = randomUUID();
  private readonly slots: MessageSlots;
  private readonly reminders: Reminders;
  private readonly working = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private sweeper?: NodeJS.Timeout;
  /** After Graph was throttled or down: no member is worked on before this (ms since the epoch). */
  private pauseUntil = 0;

  constructor(private readonly deps: RolloutJobsDeps) {
    this.options = { ...defaults, ...deps.options };
    this.slots = new MessageSlots(this.options.messageRate, this.stopping.signal);
    this.reminders = new Reminders({ ...deps, slots: this.slots, stalledAfterMs: this.options.stalledAfterMs, signal: this.stopping.signal });
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** "uitrol <groep>": a new rollout of the group, unless one of it is still running (in any instance). */
  async start(groupId: string, startedBy: string | undefined, channel: ChatReference): Promise<StartOutcome> {
    if (!this.deps.graph.enabled) return { kind: 'graphOff' };
    if (!guidPattern.test(groupId)) return { kind: 'invalidGroup' };
    const { store } = this.deps;
    const at = this.now();
    const rollout: Rollout = { id: newRolloutId(at), groupId: groupId.toLowerCase(), startedBy, startedAt: at.toISOString(), channel: withoutNames(channel), phase: 'listing' };
    // The group first: of two "uitrol" of one group at once, in any instance, one starts.
    const holder = await store.claimGroup(rollout.groupId, rollout.id, at.getTime(), async (id) => running(await store.get(id)));
    if (holder !== rollout.id) {
      const current = await store.get(holder);
      return { kind: 'alreadyRunning', rollout: current ?? { ...rollout, id: holder } };
    }
    await store.create(rollout);
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

  /**
   * Stops taking members and waits a few seconds for those under way; then the leases go back, so that the next
   * start goes on at once (a member still being sent to then is marked uncertain by the next holder, never sent twice).
   */
  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    this.stopping.abort();
    const ids = [...this.working.keys()];
    await Promise.race([Promise.allSettled([...this.working.values()]), new Promise((resolve) => setTimeout(resolve, this.options.stopWaitMs).unref())]);
    await Promise.allSettled(ids.map((id) => this.deps.store.releaseLease(id, this.holder)));
  }

  /** "herinner": reminds the latest rollout's members who started and stopped, at most once each. */
  async remind(): Promise<RemindOutcome> {
    const rollout = await this.deps.store.latest();
    if (!rollout) return { kind: 'noRollout' };
    const task = this.reminders.run(rollout).catch((error: Error) => this.deps.logger.error('reminders failed', { rollout: rollout.id, error: error.name }));
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
    // The error's name only: a message may name a store key, and a key may hold an object id.
    this.track(
      id,
      this.run(id).catch((error: Error) => this.deps.logger.error('rollout stopped by an error', { rollout: id, error: error.name })),
    );
  }

  private async run(id: string): Promise<void> {
    const { store } = this.deps;
    const taken = await store.takeLease(id, this.holder, Date.now(), Date.now() + this.options.leaseMs);
    if (!taken || !running(taken)) return;
    const lost = new AbortController();
    const renew = setInterval(async () => {
      const renewed = await store.takeLease(id, this.holder, Date.now(), Date.now() + this.options.leaseMs).catch(() => undefined);
      // Another instance may take over now: this one stops, and its members under way are the next holder's uncertain ones.
      if (!renewed) lost.abort();
    }, this.options.leaseMs / 3).unref();
    const work: Run = { rollout: taken, signal: AbortSignal.any([this.stopping.signal, lost.signal]) };
    try {
      if (work.rollout.phase === 'listing') work.rollout = await this.list(work);
      if (work.rollout.phase === 'inviting') await this.invite(work);
    } finally {
      clearInterval(renew);
      await store.releaseLease(id, this.holder).catch(() => undefined);
      const ended = await store.get(id).catch(() => undefined);
      if (ended && !running(ended)) await store.releaseGroup(ended.groupId, id).catch(() => undefined);
    }
  }

  private async fail(rollout: Rollout, failure: RolloutFailure): Promise<Rollout> {
    this.deps.logger.warn('rollout failed', { rollout: rollout.id, failure });
    const { rollout: failed } = await this.deps.store.update(rollout.id, (current) => ({ ...current, phase: 'failed', failure, finishedAt: this.now().toISOString() }));
    await this.deps.messenger.failed(rollout.channel, failure).catch(() => undefined);
    return failed ?? rollout;
  }

  /** Reads the group and the registration report, and stores every member: pending, or skipped with why. */
  private async list({ rollout, signal }: Run): Promise<Rollout> {
    const { graph, store, people } = this.deps;
    const call = { timeoutMs: this.options.graphTimeoutMs };
    const catalog = await graph.catalogId(call);
    if (catalog.kind !== 'found') return this.fail(rollout, catalog.reason === 'notFound' ? 'notInCatalog' : 'catalogUnavailable');
    const group = await graph.groupMembers(rollout.groupId, call);
    if (group.kind !== 'members') return this.fail(rollout, group.reason === 'notFound' || group.reason === 'invalidId' ? 'groupNotFound' : group.reason === 'tooLarge' ? 'groupTooLarge' : 'groupUnavailable');
    // Stopping: the listing is done again by the next holder (members already stored are not stored twice).
    if (signal.aborted) return rollout;
    const report = await graph.registrationReport('mfaRegistered', call);
    if (signal.aborted) return rollout;
    const registered = new Set(report.kind === 'report' ? report.registrations.filter((line) => line.isMfaRegistered).map((line) => line.id) : []);
    const known = await people.getMany(group.members.map((member) => member.id));
    const at = this.now().toISOString();
    const members = group.members.map((member): RolloutMember => {
      const base = memberOf(member, at);
      const person = known.get(member.id);
      if (person?.completed) return { ...base, state: 'skipped', reason: 'done' };
      if (registered.has(member.id)) return { ...base, state: 'skipped', reason: 'registered' };
      if (person?.invitedBy && person.invitedBy !== rollout.id) return { ...base, state: 'skipped', reason: 'alreadyInvited' };
      return base;
    });
    await store.addMembers(rollout.id, members);
    const registration = report.kind === 'report' ? 'report' : report.reason === 'noLicence' ? 'noLicence' : 'unavailable';
    const counted = report.kind === 'report' ? { report: { registered: members.filter((member) => registered.has(member.id)).length, at } } : {};
    this.deps.logger.info('rollout listed', { rollout: rollout.id, members: members.length, pages: group.pages, registration });
    const { rollout: inviting } = await store.update(rollout.id, (current) => (current.phase === 'listing' ? { ...current, ...counted, phase: 'inviting', registration, catalogId: catalog.catalogId } : undefined));
    return inviting ?? rollout;
  }

  /** Works through the members until none is left to do, posting progress now and then. */
  private async invite(work: Run): Promise<void> {
    const { store } = this.deps;
    const { rollout, signal } = work;
    // Members being sent to when the previous holder stopped: their message may have landed.
    for (const member of await store.members(rollout.id)) {
      if (member.state === 'sending') await store.updateMember(rollout.id, member.id, (current) => (current.state === 'sending' ? { ...current, state: 'uncertain', at: this.now().toISOString() } : undefined));
    }
    let lastProgress = Date.now();
    for (;;) {
      const todo = (await store.members(rollout.id)).filter(toDo);
      if (todo.length === 0) break;
      let queue = 0;
      const next = () => (queue < todo.length && !signal.aborted ? todo[queue++] : undefined);
      const worker = async () => {
        for (let member = next(); member; member = next()) {
          await this.step(work, member).catch((error: Error) => this.deps.logger.warn('rollout member not done', { rollout: rollout.id, error: error.name }));
          if (Date.now() - lastProgress >= this.options.progressEveryMs) {
            lastProgress = Date.now();
            await this.postProgress(rollout, 'inviting');
          }
        }
      };
      await Promise.all(Array.from({ length: this.options.concurrency }, worker));
      if (signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, this.nextSweepIn(todo)).unref());
    }
    const { changed } = await store.update(rollout.id, (current) => (current.phase === 'inviting' ? { ...current, phase: 'finished', finishedAt: this.now().toISOString() } : undefined));
    if (changed) {
      this.deps.logger.info('rollout finished', { rollout: rollout.id });
      await this.postProgress(rollout, 'finished');
    }
  }

  /** Until the first of the members still to do is due (its install's grace, its retry, the job's pause), within bounds. */
  private nextSweepIn(todo: RolloutMember[]): number {
    const now = Date.now();
    const due = todo.map((member) => Math.max(member.retryAfter ? Date.parse(member.retryAfter) : 0, member.state === 'installed' ? Date.parse(member.at) + this.options.installGraceMs : 0));
    const earliest = Math.max(Math.min(...due), this.pauseUntil);
    return Math.min(sweepMs.max, Math.max(sweepMs.min, earliest - now));
  }

  private async postProgress(rollout: Rollout, phase: RolloutPhase): Promise<void> {
    try {
      if (phase === 'inviting') await this.settleWelcomed(rollout);
      const counts = countMembers(await this.deps.store.members(rollout.id));
      await this.deps.messenger.progress(rollout.channel, counts, phase);
    } catch (error) {
      this.deps.logger.warn('rollout progress not posted', { rollout: rollout.id, error: (error as Error).name });
    }
  }

  /** One member one step on: skipped, invited, installed (then waiting), or failed; or left for another try. */
  private async step(work: Run, member: RolloutMember): Promise<void> {
    if (Date.now() < this.pauseUntil || (member.retryAfter && Date.parse(member.retryAfter) > Date.now())) return;
    const { rollout } = work;
    const person = await this.deps.people.get(member.id);
    if (member.state === 'pending') {
      if (person?.completed) return this.settle(rollout, member, 'skipped', 'done');
      if (person?.invitedBy && person.invitedBy !== rollout.id) return this.settle(rollout, member, 'skipped', 'alreadyInvited');
      if (person?.chat) return this.send(work, member, person.chat);
      return this.install(work, member);
    }
    // Installed by this job (at member.at): Teams' install event welcomed the user since (that was the invitation), or
    // it is late and the job writes, unless the event comes first after all.
    if (person?.welcomedAt && person.welcomedAt >= member.at) return this.welcomedByInstall(rollout, member);
    if (Date.now() - Date.parse(member.at) < this.options.installGraceMs) return;
    if (person?.chat) return this.send(work, member, person.chat, member.at);
    return this.viaGraphChat(work, member, member.at);
  }

  /** The install event's welcome was the invitation: recorded as this rollout's, with nothing more to send. */
  private async welcomedByInstall(rollout: Rollout, member: RolloutMember): Promise<void> {
    const claim = await this.deps.people.claimInvitation(member.id, rollout.id, this.now().toISOString(), member.at);
    return claim === 'invitedBefore' ? this.settle(rollout, member, 'skipped', 'alreadyInvited') : this.settle(rollout, member, 'invited');
  }

  /** Members whose install event has welcomed them since the last look: invited, so that progress counts them now. */
  private async settleWelcomed(rollout: Rollout): Promise<void> {
    const waiting = (await this.deps.store.members(rollout.id)).filter((member) => member.state === 'installed');
    const people = await this.deps.people.getMany(waiting.map((member) => member.id));
    for (const member of waiting) {
      const welcomedAt = people.get(member.id)?.welcomedAt;
      if (welcomedAt && welcomedAt >= member.at) await this.welcomedByInstall(rollout, member);
    }
  }

  private async install(work: Run, member: RolloutMember): Promise<void> {
    const { rollout, signal } = work;
    if (!rollout.catalogId) return this.settle(rollout, member, 'failed', 'installRefused');
    // An install brings a message (the install event's welcome): it counts against the rollout's message rate.
    if (!(await this.slots.take(signal))) return;
    // Taken before the call: the install event may come before the call's answer, and a welcome since counts.
    const installedAt = this.now().toISOString();
    const answer = await this.deps.graph.install(member.id, rollout.catalogId, { timeoutMs: this.options.graphTimeoutMs });
    if (answer.kind === 'unavailable') return this.graphTrouble(rollout, member, answer.reason, 'installRefused');
    // Already installed: no install event will come, so the job finds the chat itself.
    if (answer.already) return this.viaGraphChat(work, member);
    await this.deps.store.updateMember(rollout.id, member.id, (current) => (current.state === 'pending' ? { ...current, state: 'installed', at: installedAt } : undefined));
  }

  /** The user's chat as Graph names it (the app's installation for them), then the invitation there. */
  private async viaGraphChat(work: Run, member: RolloutMember, welcomedSince?: string): Promise<void> {
    const { rollout } = work;
    if (!rollout.catalogId) return this.settle(rollout, member, 'failed', 'installRefused');
    const call = { timeoutMs: this.options.graphTimeoutMs };
    const installed = await this.deps.graph.installed(member.id, rollout.catalogId, call);
    if (installed.kind === 'unavailable') return this.graphTrouble(rollout, member, installed.reason, 'noChat');
    if (installed.kind === 'notInstalled' || !installed.installationId) return this.graphTrouble(rollout, member, 'failed', 'noChat');
    const chat = await this.deps.graph.chat(member.id, installed.installationId, call);
    if (chat.kind === 'unavailable') return this.graphTrouble(rollout, member, chat.reason, 'noChat');
    return this.send(work, member, chatReferenceFor(chat.chatId, rollout.channel, member), welcomedSince);
  }

  /**
   * A refusal fails the member. Throttling pauses the whole job (the gateway's bucket is held) without counting
   * against the member; an outage pauses it too, longer after each of the member's attempts, and gives up after a few.
   */
  private async graphTrouble(rollout: Rollout, member: RolloutMember, reason: string, refused: FailReason): Promise<void> {
    if (refusal(reason)) return this.settle(rollout, member, 'failed', refused);
    const attempts = (member.attempts ?? 0) + (reason === 'throttled' ? 0 : 1);
    if (attempts >= this.options.maxAttempts) return this.settle(rollout, member, 'failed', 'graphUnavailable');
    const pause = this.options.retryDelayMs * Math.max(1, attempts);
    this.pauseUntil = Math.max(this.pauseUntil, Date.now() + pause);
    const retryAfter = new Date(Date.now() + pause).toISOString();
    await this.deps.store.updateMember(rollout.id, member.id, (current) => (current.state === member.state ? { ...current, attempts, retryAfter } : undefined));
  }

  /**
   * The invitation, once: the member is claimed (`sending`) by compare-and-set, a message slot taken, and then the
   * person's one invitation claimed, so that neither another instance, another rollout nor a late install event sends
   * a second one. With `welcomedSince`, a welcome the install event sent since then was the invitation.
   */
  private async send(work: Run, member: RolloutMember, chat: ChatReference, welcomedSince?: string): Promise<void> {
    const { store, people, messenger } = this.deps;
    const { rollout, signal } = work;
    const at = this.now().toISOString();
    const { changed } = await store.updateMember(rollout.id, member.id, (current) => (current.state === member.state ? { ...current, state: 'sending', at } : undefined));
    if (!changed) return;
    // Before anything is recorded on the person: a stop while waiting leaves no trace, and the member is tried again.
    if (!(await this.slots.take(signal))) {
      await store.updateMember(rollout.id, member.id, (current) => (current.state === 'sending' ? { ...current, state: member.state, at: member.at } : undefined));
      return;
    }
    const claim = await people.claimInvitation(member.id, rollout.id, at, welcomedSince);
    if (claim === 'invitedBefore') return this.settle(rollout, member, 'skipped', 'alreadyInvited');
    if (claim === 'welcomed') return this.settle(rollout, member, 'invited');
    const outcome = await messenger.invite(chat, member);
    if (outcome === 'sent') return this.settle(rollout, member, 'invited');
    // Not delivered: the claim goes back, so the install event's welcome or a later rollout may still reach them.
    await people.releaseInvitation(member.id, rollout.id);
    return this.settle(rollout, member, 'failed', outcome === 'blocked' ? 'blocked' : 'sendFailed');
  }

  private async settle(rollout: Rollout, member: RolloutMember, state: RolloutMember['state'], reason?: RolloutMember['reason']): Promise<void> {
    await this.deps.store.updateMember(rollout.id, member.id, (current) => (current.state === 'invited' || current.state === 'skipped' ? undefined : { ...current, state, reason, at: this.now().toISOString() }));
  }
}

/** A member as listed: pending, with the first name cleaned and the language the bot speaks, if any; nothing else of them. */
function memberOf(member: GroupMember, at: string): RolloutMember {
  const givenName = firstNameOf(member.givenName);
  const language = languageFromLocale(member.preferredLanguage);
  return { id: member.id, ...(givenName && { givenName }), ...(language && { language }), state: 'pending', at };
}

/** The thread where the rollout was started, kept without the name of whoever started it. */
function withoutNames(channel: ChatReference): ChatReference {
  const { user, ...rest } = channel;
  return user ? { ...rest, user: { id: user.id, name: '', aadObjectId: user.aadObjectId } } : rest;
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
