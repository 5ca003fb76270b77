import { MemoryStore } from '../../src/storage/botStorage';
import { PeopleStore } from '../../src/rollout/peopleStore';
import { RolloutStore } from '../../src/rollout/rolloutStore';
import { RolloutJobs, type RolloutJobsOptions } from '../../src/rollout/rolloutJobs';
import type { ReminderResult, RolloutMessenger, SendOutcome } from '../../src/rollout/ports';
import type { RolloutCounts, RolloutFailure, RolloutMember, RolloutPhase } from '../../src/rollout/model';
import type { GroupMember, RolloutGraph } from '../../src/graph/rollout';
import type { ChatReference } from '../../src/tickets/chatReference';
import { silentLogger } from '../../src/core/logger';

/**
 * The rollout job on plain data: a scripted Graph and a recording messenger around the real stores (memory), so that
 * "every member once" is checked member by member, across a stop halfway and two instances at once.
 */
const groupId = '0f0e0d0c-0000-4000-8000-00000000a001';
const catalogId = 'c0ffee00-0000-4000-8000-00000000c001';
const userId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const channel: ChatReference = {
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:1/',
  bot: { id: '28:bot', name: 'bot' },
  conversation: { id: '19:sd@thread.tacv2;messageid=1', name: '', isGroup: true, conversationType: 'channel', tenantId: 'tenant' },
};
const chatOf = (id: string): ChatReference => ({ channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/', conversation: { id: `a:${id}`, name: '', isGroup: false, conversationType: 'personal' }, user: { id: `29:${id}`, name: '', aadObjectId: id } });

/** Graph as a table: members, who has the app, who is registered; each call counted, faults scripted per user. */
class ScriptedGraph implements RolloutGraph {
  readonly enabled = true;
  members: GroupMember[] = [];
  installedFor = new Set<string>();
  registered = new Set<string>();
  licensed = true;
  installs: string[] = [];
  chats: string[] = [];
  /** Users whose install answers this (as many times as listed). */
  installFaults = new Map<string, Array<'throttled' | 'forbidden' | 'failed'>>();
  onInstall?: (id: string) => void;
  groupMissing = false;
  /** How long each install takes Graph; when the last one was answered. */
  installDelayMs = 0;
  lastInstallAt = 0;

  async groupMembers() {
    if (this.groupMissing) return { kind: 'unavailable', reason: 'notFound' } as const;
    return { kind: 'members', members: this.members, pages: 3 } as const;
  }
  async catalogId() {
    return { kind: 'found', catalogId } as const;
  }
  async installed(id: string) {
    return this.installedFor.has(id) ? ({ kind: 'installed', installationId: `inst-${id}` } as const) : ({ kind: 'notInstalled' } as const);
  }
  async install(id: string) {
    if (this.installDelayMs) await new Promise((resolve) => setTimeout(resolve, this.installDelayMs));
    this.lastInstallAt = Date.now();
    const fault = this.installFaults.get(id)?.shift();
    if (fault) return { kind: 'unavailable', reason: fault } as const;
    this.installs.push(id);
    if (this.installedFor.has(id)) return { kind: 'installed', already: true } as const;
    this.installedFor.add(id);
    if (this.onInstall) setImmediate(this.onInstall, id);
    return { kind: 'installed', already: false } as const;
  }
  async chat(id: string) {
    this.chats.push(id);
    return { kind: 'chat', chatId: `19:${id}_bot@unq.gbl.spaces` } as const;
  }
  async registrationReport() {
    if (!this.licensed) return { kind: 'unavailable', reason: 'noLicence' } as const;
    return { kind: 'report', pages: 1, registrations: [...this.registered].map((id) => ({ id, isMfaRegistered: true, methodsRegistered: ['microsoftAuthenticatorPush'] })) } as const;
  }
}

class RecordingMessenger implements RolloutMessenger {
  readonly invited: Array<{ chat: string; member: string }> = [];
  readonly reminders: string[] = [];
  readonly progressed: Array<{ counts: RolloutCounts; phase: RolloutPhase; at: number }> = [];
  readonly failures: RolloutFailure[] = [];
  readonly reminderResults: ReminderResult[] = [];
  blocked = new Set<string>();
  delayMs = 0;

  async invite(chat: ChatReference, member: RolloutMember): Promise<SendOutcome> {
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.blocked.has(member.id)) return 'blocked';
    this.invited.push({ chat: chat.conversation!.id, member: member.id });
    return 'sent';
  }
  async remind(chat: ChatReference): Promise<SendOutcome> {
    this.reminders.push(chat.user!.aadObjectId!);
    return 'sent';
  }
  async progress(_channel: ChatReference, counts: RolloutCounts, phase: RolloutPhase) {
    this.progressed.push({ counts, phase, at: Date.now() });
  }
  async failed(_channel: ChatReference, failure: RolloutFailure) {
    this.failures.push(failure);
  }
  async reminded(_channel: ChatReference, result: ReminderResult) {
    this.reminderResults.push(result);
  }
}

const quiet = silentLogger;

/** Polls `test` (sync or async) every 20 ms until it holds; fails after `timeoutMs`. */
async function waitUntil(test: () => boolean | Promise<boolean>, { timeoutMs = 10_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const fast: RolloutJobsOptions = { messageRate: { limit: 1000, windowMs: 1000 }, installGraceMs: 200, progressEveryMs: 50, leaseMs: 600, concurrency: 4, retryDelayMs: 100 };

function setUp(count: number) {
  const storage = new MemoryStore();
  const graph = new ScriptedGraph();
  graph.members = Array.from({ length: count }, (_, i) => ({ id: userId(i + 1), givenName: `Naam${i + 1}`, preferredLanguage: i % 2 ? 'en-US' : 'nl-NL' }));
  const people = new PeopleStore(storage);
  const store = new RolloutStore(storage);
  const messenger = new RecordingMessenger();
  // What Teams does after an install: the install event, whose welcome claims the user's one welcome.
  graph.onInstall = (id) => void people.welcomeIn(id, chatOf(id), new Date().toISOString());
  const jobs = (options: RolloutJobsOptions = {}) => new RolloutJobs({ graph, store, people, messenger, logger: quiet, options: { ...fast, ...options } });
  return { storage, graph, people, store, messenger, jobs };
}

const finished = async (store: RolloutStore, id: string, timeoutMs = 20_000) =>
  waitUntil(async () => ['finished', 'failed'].includes((await store.get(id))?.phase ?? ''), { timeoutMs });

describe('RolloutJobs', () => {
  it('skips the done, the registered and the invited, writes where a chat is known, installs the rest, and invites each once', async () => {
    const { graph, people, store, messenger, jobs } = setUp(6);
    const [done, registered, invitedBefore, knownChat, installedNoChat, fresh] = graph.members.map((member) => member.id);
    await people.rememberProgress(done, 'done.done', true, new Date().toISOString());
    graph.registered.add(registered);
    expect(await people.claimInvitation(invitedBefore, 'an-earlier-rollout', new Date().toISOString())).toBe('claimed');
    await people.rememberChat(knownChat, chatOf(knownChat));
    graph.installedFor.add(installedNoChat);

    const job = jobs();
    const started = await job.start(groupId, 'agent', channel);
    expect(started.kind).toBe('started');
    if (started.kind !== 'started') return;
    await finished(store, started.rollout.id);
    await job.stop();

    const members = new Map((await store.members(started.rollout.id)).map((member) => [member.id, member]));
    expect(members.get(done)).toMatchObject({ state: 'skipped', reason: 'done' });
    expect(members.get(registered)).toMatchObject({ state: 'skipped', reason: 'registered' });
    expect(members.get(invitedBefore)).toMatchObject({ state: 'skipped', reason: 'alreadyInvited' });
    for (const id of [knownChat, installedNoChat, fresh]) expect(members.get(id)).toMatchObject({ state: 'invited' });
    // The known chat is used as it is; the app already installed (409) is reached through Graph's chat; the fresh
    // install's welcome came from the install event, so the job sent nothing there.
    expect(messenger.invited).toEqual(expect.arrayContaining([{ chat: `a:${knownChat}`, member: knownChat }, { chat: `19:${installedNoChat}_bot@unq.gbl.spaces`, member: installedNoChat }]));
    expect(messenger.invited).toHaveLength(2);
    expect(graph.installs.sort()).toEqual([installedNoChat, fresh].sort());
    expect((await people.get(fresh))?.welcomedAt).toBeDefined();
    expect(messenger.progressed.at(-1)).toMatchObject({ phase: 'finished', counts: { total: 6, invited: 3, pending: 0, skipped: { done: 1, registered: 1, alreadyInvited: 1 } } });
  });

  it('writes itself when Teams sends no install event within the grace, and never twice when the event comes late', async () => {
    const { graph, people, store, messenger, jobs } = setUp(2);
    const [late, never] = graph.members.map((member) => member.id);
    graph.onInstall = (id) => {
      // One event comes long after the grace; the other never.
      if (id === late) setTimeout(() => void people.welcomeIn(id, chatOf(id), new Date().toISOString()), 600);
    };
    const job = jobs();
    const started = await job.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    await finished(store, started.rollout.id);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await job.stop();
    expect(messenger.invited.map((sent) => sent.member).sort()).toEqual([late, never].sort());
    // The late event found the user invited by the job: its welcome gives way.
    expect(await people.welcomeIn(late, chatOf(late), new Date().toISOString())).toBe(false);
  });

  it('stopped halfway and started again, invites every member exactly once', async () => {
    const { graph, people, store, messenger, jobs } = setUp(40);
    for (const member of graph.members) await people.rememberChat(member.id, chatOf(member.id));
    messenger.delayMs = 20;
    const first = jobs({ concurrency: 2 });
    const started = await first.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    await waitUntil(() => messenger.invited.length >= 10);
    await first.stop();
    const halfway = messenger.invited.length;
    expect(halfway).toBeLessThan(40);
    expect((await store.members(started.rollout.id)).some((member) => member.state === 'sending')).toBe(false);

    const second = jobs();
    second.resume();
    await finished(store, started.rollout.id);
    await second.stop();
    const sent = messenger.invited.map((invite) => invite.member);
    expect(new Set(sent).size).toBe(40);
    expect(sent).toHaveLength(40);
  });

  it('two instances on one rollout: one works, the other waits for its lease, and no one is invited twice', async () => {
    const { graph, people, store, messenger, jobs } = setUp(30);
    for (const member of graph.members) await people.rememberChat(member.id, chatOf(member.id));
    messenger.delayMs = 5;
    const a = jobs();
    const b = jobs();
    const started = await a.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    b.resume();
    await finished(store, started.rollout.id);
    await Promise.all([a.stop(), b.stop()]);
    const sent = messenger.invited.map((invite) => invite.member);
    expect(sent).toHaveLength(30);
    expect(new Set(sent).size).toBe(30);
  });

  it('a member being sent to when its instance died is marked uncertain by the next holder, not sent again', async () => {
    const { graph, people, store, messenger, jobs } = setUp(3);
    for (const member of graph.members) await people.rememberChat(member.id, chatOf(member.id));
    const rollout = { id: 'r-1', groupId, startedAt: new Date().toISOString(), channel, phase: 'inviting' as const, catalogId, lease: { holder: 'dead', until: Date.now() - 1 } };
    await store.create(rollout);
    const at = new Date().toISOString();
    await store.addMembers('r-1', [
      { id: userId(1), state: 'sending', at },
      { id: userId(2), state: 'pending', at },
      { id: userId(3), state: 'pending', at },
    ]);
    const job = jobs();
    job.resume();
    await finished(store, 'r-1');
    await job.stop();
    expect(messenger.invited.map((invite) => invite.member).sort()).toEqual([userId(2), userId(3)]);
    expect((await store.members('r-1')).find((member) => member.id === userId(1))).toMatchObject({ state: 'uncertain' });
  });

  it('tries a throttled install again, fails a refused one, and counts the user who blocked the bot', async () => {
    const { graph, people, store, messenger, jobs } = setUp(4);
    const [throttledOnce, throttledAlways, refused, blocked] = graph.members.map((member) => member.id);
    graph.installFaults.set(throttledOnce, ['throttled']);
    graph.installFaults.set(throttledAlways, ['failed', 'failed', 'failed', 'failed', 'failed', 'failed']);
    graph.installFaults.set(refused, ['forbidden']);
    await people.rememberChat(blocked, chatOf(blocked));
    messenger.blocked.add(blocked);
    const job = jobs();
    const started = await job.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    await finished(store, started.rollout.id);
    await job.stop();
    const members = new Map((await store.members(started.rollout.id)).map((member) => [member.id, member]));
    expect(members.get(throttledOnce)).toMatchObject({ state: 'invited' });
    expect(members.get(throttledAlways)).toMatchObject({ state: 'failed', reason: 'graphUnavailable' });
    expect(members.get(refused)).toMatchObject({ state: 'failed', reason: 'installRefused' });
    expect(members.get(blocked)).toMatchObject({ state: 'failed', reason: 'blocked' });
  });

  it('a group Graph does not know fails the rollout with its reason, and a second "uitrol" of a running group is refused', async () => {
    const { graph, store, messenger, jobs } = setUp(1);
    graph.groupMissing = true;
    const job = jobs();
    const started = await job.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    await finished(store, started.rollout.id);
    expect(await store.get(started.rollout.id)).toMatchObject({ phase: 'failed', failure: 'groupNotFound' });
    expect(messenger.failures).toEqual(['groupNotFound']);

    graph.groupMissing = false;
    const slow = setUp(5);
    slow.messenger.delayMs = 200;
    for (const member of slow.graph.members) await slow.people.rememberChat(member.id, chatOf(member.id));
    const running = slow.jobs();
    const first = await running.start(groupId, undefined, channel);
    expect(first.kind).toBe('started');
    expect((await running.start(groupId.toUpperCase(), undefined, channel)).kind).toBe('alreadyRunning');
    expect((await running.start('not-a-guid', undefined, channel)).kind).toBe('invalidGroup');
    await running.stop();
    await job.stop();
  });

  it('a member the install event welcomed costs one message slot (the install), not a second one to settle', async () => {
    const { store, messenger, jobs } = setUp(10);
    // Ten slots a minute: the ten installs take them all; a second slot per member would hold the job for a minute.
    const job = jobs({ messageRate: { limit: 10, windowMs: 60_000 } });
    const started = await job.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    await finished(store, started.rollout.id, 15_000);
    await job.stop();
    expect((await store.members(started.rollout.id)).map((member) => member.state)).toEqual(Array(10).fill('invited'));
    expect(messenger.invited).toEqual([]);
  });

  it('progress counts members as invited as soon as their install event welcomed them, not a pass later', async () => {
    const { graph, store, messenger, jobs } = setUp(8);
    graph.installDelayMs = 60;
    const job = jobs({ progressEveryMs: 0, concurrency: 1 });
    const started = await job.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    await finished(store, started.rollout.id);
    await job.stop();
    // While the installs still go on, the members welcomed so far are counted.
    const duringInstalls = messenger.progressed.filter((line) => line.phase === 'inviting' && line.at < graph.lastInstallAt);
    expect(Math.max(...duringInstalls.map((line) => line.counts.invited))).toBeGreaterThanOrEqual(5);
  });

  it('two rollouts of groups that share people, at once: each person is invited once, by one of them', async () => {
    const { graph, people, store, messenger, jobs } = setUp(20);
    for (const member of graph.members) await people.rememberChat(member.id, chatOf(member.id));
    messenger.delayMs = 5;
    const job = jobs();
    const a = await job.start(groupId, undefined, channel);
    const b = await job.start('0f0e0d0c-0000-4000-8000-00000000a002', undefined, channel);
    if (a.kind !== 'started' || b.kind !== 'started') throw new Error(`${a.kind} ${b.kind}`);
    await finished(store, a.rollout.id);
    await finished(store, b.rollout.id);
    await job.stop();
    const sent = messenger.invited.map((invite) => invite.member);
    expect(sent).toHaveLength(20);
    expect(new Set(sent).size).toBe(20);
    const skipped = [...(await store.members(a.rollout.id)), ...(await store.members(b.rollout.id))].filter((member) => member.reason === 'alreadyInvited');
    expect(skipped).toHaveLength(20);
  });

  it('"uitrol" of one group twice at once, from two instances: one rollout starts, the other is told it runs', async () => {
    const { graph, people, store, jobs } = setUp(3);
    for (const member of graph.members) await people.rememberChat(member.id, chatOf(member.id));
    const [first, second] = await Promise.all([jobs().start(groupId, undefined, channel), jobs().start(groupId, undefined, channel)]);
    expect([first.kind, second.kind].sort()).toEqual(['alreadyRunning', 'started']);
    expect(await store.all()).toHaveLength(1);
  });

  it('a stop while members wait for a message slot leaves no trace on them: after the restart each is invited once', async () => {
    const { graph, people, store, messenger, jobs } = setUp(12);
    for (const member of graph.members) await people.rememberChat(member.id, chatOf(member.id));
    const slow = jobs({ messageRate: { limit: 2, windowMs: 1000 } });
    const started = await slow.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    await waitUntil(() => messenger.invited.length >= 2);
    await slow.stop();
    const members = await store.members(started.rollout.id);
    expect(members.filter((member) => member.state === 'sending')).toEqual([]);
    const again = jobs();
    again.resume();
    await finished(store, started.rollout.id);
    await again.stop();
    const sent = messenger.invited.map((invite) => invite.member);
    expect(new Set(sent).size).toBe(12);
    expect(sent).toHaveLength(12);
    expect((await store.members(started.rollout.id)).every((member) => member.state === 'invited')).toBe(true);
  });

  it('a user welcomed by the install event one rollout caused is not invited again by the next', async () => {
    const { graph, store, messenger, jobs } = setUp(1);
    const job = jobs();
    const first = await job.start(groupId, undefined, channel);
    if (first.kind !== 'started') throw new Error(first.kind);
    await finished(store, first.rollout.id);
    const second = await job.start('0f0e0d0c-0000-4000-8000-00000000a002', undefined, channel);
    if (second.kind !== 'started') throw new Error(second.kind);
    await finished(store, second.rollout.id);
    await job.stop();
    expect(messenger.invited).toEqual([]);
    expect(graph.installs).toHaveLength(1);
    expect(await store.members(second.rollout.id)).toEqual([expect.objectContaining({ state: 'skipped', reason: 'alreadyInvited' })]);
  });

  it('an invitation that did not go out gives its claim back: the install event may still welcome the user', async () => {
    const { graph, people, store, messenger, jobs } = setUp(1);
    const [blocked] = graph.members.map((member) => member.id);
    await people.rememberChat(blocked, chatOf(blocked));
    messenger.blocked.add(blocked);
    const job = jobs();
    const started = await job.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    await finished(store, started.rollout.id);
    await job.stop();
    expect((await people.get(blocked))?.invitedAt).toBeUndefined();
    expect(await people.welcomeIn(blocked, chatOf(blocked), new Date().toISOString())).toBe(true);
  });

  it('Graph down for a while pauses the whole job instead of failing member after member', async () => {
    const { graph, store, jobs } = setUp(10);
    for (const member of graph.members) graph.installFaults.set(member.id, ['throttled', 'throttled', 'throttled', 'throttled', 'throttled', 'throttled']);
    const job = jobs({ retryDelayMs: 150 });
    const started = await job.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    await finished(store, started.rollout.id, 30_000);
    await job.stop();
    // Throttling does not count against a member: all get through once Graph lets them.
    expect((await store.members(started.rollout.id)).map((member) => member.state)).toEqual(Array(10).fill('invited'));
  });

  it('"herinner" reminds those who started and stopped, once per rollout however often it is asked', async () => {
    const { graph, people, store, messenger, jobs } = setUp(4);
    for (const member of graph.members) await people.rememberChat(member.id, chatOf(member.id));
    const job = jobs({ stalledAfterMs: 60_000 });
    const started = await job.start(groupId, undefined, channel);
    if (started.kind !== 'started') throw new Error(started.kind);
    await finished(store, started.rollout.id);
    const [stopped, moving, done] = graph.members.map((member) => member.id);
    const longAgo = new Date(Date.now() - 2 * 60_000).toISOString();
    await people.rememberProgress(stopped, 'mfasetup.scanQrCode', false, longAgo);
    await people.rememberProgress(moving, 'mfasetup.scanQrCode', false, new Date().toISOString());
    await people.rememberProgress(done, 'done.done', true, longAgo);

    expect((await job.remind()).kind).toBe('started');
    await waitUntil(() => messenger.reminderResults.length === 1);
    expect((await job.remind()).kind).toBe('started');
    await waitUntil(() => messenger.reminderResults.length === 2);
    await job.stop();
    expect(messenger.reminders).toEqual([stopped]);
    expect(messenger.reminderResults).toEqual([
      { sent: 1, already: 0, failed: 0 },
      { sent: 0, already: 1, failed: 0 },
    ]);
  });
});
