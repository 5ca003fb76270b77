/**
 * The figures of the "status" card and the progress line, on plain data: pure functions, no store, no Graph, no
 * Teams. Members, people and events come from the store and may be of another version or damaged: an unknown state,
 * reason, step key or intent is counted where it can be and never throws.
 */
import type { KbEvent } from '../events/eventLog';
import { findPosition } from '../guide/setupGuide';
import type { FailReason, MemberState, Person, Rollout, RolloutCounts, RolloutMember, RolloutStatus, SkipReason } from './model';

/** The reasons in the order the texts name them. */
export const skipReasons = ['done', 'registered', 'alreadyInvited'] as const;
export const failReasons: readonly FailReason[] = ['installRefused', 'graphUnavailable', 'noChat', 'blocked', 'sendFailed'];
/** Still to do: not yet tried, app installed and waiting for Teams' install event, or being sent. */
const pendingStates: readonly MemberState[] = ['pending', 'installed', 'sending'];

/** How many questions the card lists per kind. */
export const topQuestionCount = 5;

export interface IntentCount {
  intent: string;
  count: number;
}

export interface SummaryInput {
  rollout: Rollout;
  members: RolloutMember[];
  /** By Entra object id (the member's id). */
  people: Map<string, Person>;
  registered: RolloutStatus['registered'];
  asked: IntentCount[];
  unresolved: IntentCount[];
}

const isSkipReason = (reason: unknown): reason is SkipReason => (skipReasons as readonly unknown[]).includes(reason);
/** A per-reason count by a reason that may be newer than this version's type. */
export const countFor = (byReason: Partial<Record<string, number>>, reason: string): number => wholeCount(byReason[reason]);
const isFailReason = (reason: unknown): reason is FailReason => (failReasons as readonly unknown[]).includes(reason);

/** A count from outside made safe to show and add: a whole number, 0 or more. */
export function wholeCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/**
 * Per state, how many members; skipped and failed per reason. `installed` and `sending` count as pending (not known
 * to have arrived); a state or reason this version does not know is counted in `other`, so the parts add up to `total`.
 */
export function countMembers(members: RolloutMember[]): RolloutCounts {
  const counts: RolloutCounts = { total: members.length, pending: 0, invited: 0, uncertain: 0, skipped: {}, failed: {} };
  let other = 0;
  for (const member of members) {
    const { state, reason } = member;
    const skipped: Partial<Record<string, number>> = counts.skipped;
    if (pendingStates.includes(state)) counts.pending++;
    else if (state === 'invited') counts.invited++;
    else if (state === 'uncertain') counts.uncertain++;
    else if (state === 'skipped' && isSkipReason(reason)) skipped[reason] = (skipped[reason] ?? 0) + 1;
    else if (state === 'failed' && isFailReason(reason)) counts.failed[reason] = (counts.failed[reason] ?? 0) + 1;
    else other++;
  }
  if (other > 0) counts.other = other;
  return counts;
}

/** The sum of a per-reason record. */
export function sumOf(byReason: Partial<Record<string, number>>): number {
  return Object.values(byReason).reduce<number>((sum, count) => sum + wholeCount(count), 0);
}

/** Where a step key stands in the guide; an unknown key after every known one. */
function guideOrder(step: string): number {
  const position = findPosition(step);
  if (!position) return Number.POSITIVE_INFINITY;
  return position.partIndex * 1000 + position.subStepIndex;
}

/** Most first, ties by intent id; one entry per intent (repeats added up), none without a count. */
export function topCounts(counts: IntentCount[], limit = topQuestionCount): IntentCount[] {
  const byIntent = new Map<string, number>();
  for (const { intent, count } of counts) {
    const whole = wholeCount(count);
    if (typeof intent !== 'string' || intent === '' || whole === 0) continue;
    byIntent.set(intent, (byIntent.get(intent) ?? 0) + whole);
  }
  return [...byIntent]
    .map(([intent, count]) => ({ intent, count }))
    .sort((a, b) => b.count - a.count || compareIds(a.intent, b.intent))
    .slice(0, limit > 0 ? Math.floor(limit) : 0);
}

/** Code-unit order, the same on every machine and locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The "status" card's figures. Started: invited members whose Person has a step or completed the guide; of those,
 * done (completed) and the rest per step where they are now, in the guide's order (unknown step keys last, by key).
 */
export function summariseRollout(input: SummaryInput): RolloutStatus {
  const { rollout, members, people } = input;
  const atStep = new Map<string, number>();
  let started = 0;
  let done = 0;
  for (const member of members) {
    if (member.state !== 'invited') continue;
    const person = people.get(member.id);
    if (!person) continue;
    if (person.completed) {
      started++;
      done++;
    } else if (typeof person.step === 'string' && person.step !== '') {
      started++;
      atStep.set(person.step, (atStep.get(person.step) ?? 0) + 1);
    }
  }
  const registered = input.registered;
  return {
    rollout: { id: rollout.id, groupId: rollout.groupId, startedAt: rollout.startedAt, phase: rollout.phase, finishedAt: rollout.finishedAt, failure: rollout.failure },
    counts: countMembers(members),
    started,
    atStep: [...atStep]
      .map(([step, count]) => ({ step, count }))
      .sort((a, b) => guideOrder(a.step) - guideOrder(b.step) || compareIds(a.step, b.step)),
    done,
    registered: { source: registered.source, count: wholeCount(registered.count), checked: wholeCount(registered.checked) },
    topAsked: topCounts(input.asked),
    topUnresolved: topCounts(input.unresolved),
  };
}

/**
 * The most asked questions (a question answered with an intent, or an intent picked from a list) and the most
 * unresolved (marked "not solved"), per intent, from the events at or after `since`. An event whose time cannot be
 * read is left out; so is every event when `since` cannot be read.
 */
export function topQuestions(events: KbEvent[], since: string, limit = topQuestionCount): { asked: IntentCount[]; unresolved: IntentCount[] } {
  const from = Date.parse(since);
  const asked: IntentCount[] = [];
  const unresolved: IntentCount[] = [];
  for (const event of events) {
    const at = Date.parse(event.at);
    if (!(at >= from)) continue;
    if (event.type === 'kb.question' && event.decision === 'answer' && event.intent) asked.push({ intent: event.intent, count: 1 });
    else if (event.type === 'kb.choice' && event.intent) asked.push({ intent: event.intent, count: 1 });
    else if (event.type === 'kb.feedback' && event.solved === false && event.intent) unresolved.push({ intent: event.intent, count: 1 });
  }
  return { asked: topCounts(asked, limit), unresolved: topCounts(unresolved, limit) };
}
