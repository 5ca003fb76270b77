import { randomBytes } from 'node:crypto';
import type { BotStorage } from '../storage/botStorage';
import { changeRecord, readRecords } from '../storage/records';
import type { RetentionRule } from '../storage/retention';
import type { Rollout, RolloutMember } from './model';

const rolloutPrefix = 'rollouts/';
const memberPrefix = 'rollout-members/';
const groupPrefix = 'rollout-groups/';
const rolloutKey = (id: string) => `${rolloutPrefix}${id}`;
const groupKey = (groupId: string) => `${groupPrefix}${groupId.toLowerCase()}`;
const membersOf = (rolloutId: string) => `${memberPrefix}${rolloutId}/`;
const memberKey = (rolloutId: string, memberId: string) => `${membersOf(rolloutId)}${memberId.toLowerCase()}`;

/** A rollout and its members hold names: purged like the rest of the user data, after the retention without a change. */
export const rolloutRetention: readonly RetentionRule[] = [
  { name: 'rollouts', prefix: rolloutPrefix },
  { name: 'rollout members', prefix: memberPrefix },
  { name: 'rollout group claims', prefix: groupPrefix },
];

/** Ids that sort by creation time (base-36 milliseconds, fixed width), so the latest rollout is the last key. */
export function newRolloutId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}

const batchSize = 500;

/** Which rollout holds a group, since when (ms since the epoch). */
interface GroupClaim {
  rolloutId: string;
  at: number;
}
/** A claim whose rollout is not stored yet is taken over only after this. */
const claimGraceMs = 60_000;

/**
 * The rollouts in the bot's store: `rollouts/<id>` (the job, with its lease) and `rollout-members/<id>/<object id>`
 * (one record per member, changed by compare-and-set, so two instances never both claim one member).
 */
export class RolloutStore {
  constructor(private readonly storage: BotStorage) {}

  /** Stores a new rollout; false when one with the id exists. */
  async create(rollout: Rollout): Promise<boolean> {
    return this.storage.createIfAbsent(rolloutKey(rollout.id), { ...rollout });
  }

  async get(id: string): Promise<Rollout | undefined> {
    return (await readRecords<Rollout>(this.storage, [rolloutKey(id)])).get(rolloutKey(id));
  }

  /** Every rollout, oldest first. */
  async all(): Promise<Rollout[]> {
    const keys = await this.storage.keys(rolloutPrefix);
    const records = await readRecords<Rollout>(this.storage, keys);
    return keys.flatMap((key) => records.get(key) ?? []);
  }

  async latest(): Promise<Rollout | undefined> {
    const keys = await this.storage.keys(rolloutPrefix);
    return keys.length > 0 ? this.get(keys[keys.length - 1].slice(rolloutPrefix.length)) : undefined;
  }

  /** Changes the rollout by compare-and-set (see changeRecord); undefined from `change` leaves it. */
  async update(id: string, change: (rollout: Rollout) => Rollout | undefined): Promise<{ rollout?: Rollout; changed: boolean }> {
    const { value, changed } = await changeRecord<Rollout>(this.storage, rolloutKey(id), (current) => (current ? change(current) : undefined));
    return { rollout: value, changed };
  }

  /**
   * Takes the job for `holder` until `until` when no one else holds it (or their lease ran out); resolves with the
   * rollout as taken, or undefined. Renewing is taking again by the same holder.
   */
  async takeLease(id: string, holder: string, now: number, until: number): Promise<Rollout | undefined> {
    const { rollout, changed } = await this.update(id, (current) => {
      const lease = current.lease;
      if (lease && lease.holder !== holder && lease.until > now) return undefined;
      return { ...current, lease: { holder, until } };
    });
    return changed ? rollout : undefined;
  }

  async releaseLease(id: string, holder: string): Promise<void> {
    await this.update(id, (current) => (current.lease?.holder === holder ? { ...current, lease: undefined } : undefined));
  }

  /** Stores the members not stored yet (a listing cut off by a restart is done again without a second record). */
  async addMembers(rolloutId: string, members: readonly RolloutMember[]): Promise<void> {
    const known = new Set(await this.storage.keys(membersOf(rolloutId)));
    const fresh = members.filter((member) => !known.has(memberKey(rolloutId, member.id)));
    for (let start = 0; start < fresh.length; start += batchSize) {
      await this.storage.writeBatch(fresh.slice(start, start + batchSize).map((member) => ({ key: memberKey(rolloutId, member.id), item: { ...member }, ifAbsent: true })));
    }
  }

  /** Every member of the rollout, in key order. */
  async members(rolloutId: string): Promise<RolloutMember[]> {
    const keys = await this.storage.keys(membersOf(rolloutId));
    const records = await readRecords<RolloutMember>(this.storage, keys, batchSize);
    return keys.flatMap((key) => records.get(key) ?? []);
  }

  /** "Verwijder mijn gegevens": the user's first name leaves every rollout's member list (their state stays, nameless). */
  async forgetNames(memberId: string): Promise<void> {
    const suffix = `/${memberId.toLowerCase()}`;
    for (const key of (await this.storage.keys(memberPrefix)).filter((candidate) => candidate.endsWith(suffix))) {
      await changeRecord<RolloutMember>(this.storage, key, (member) => {
        if (member?.givenName === undefined) return undefined;
        const { givenName: _givenName, ...rest } = member;
        return rest;
      });
    }
  }

  /**
   * Claims the group for the rollout: one running rollout per group, across instances (only if absent, or by
   * compare-and-set over a claim whose rollout is no longer running). A claim whose rollout is not stored yet counts as
   * running for a minute (its instance is about to store it). Resolves with the id of the rollout that holds it.
   */
  async claimGroup(groupId: string, rolloutId: string, now: number, stillRunning: (holderId: string) => Promise<boolean>): Promise<string> {
    const key = groupKey(groupId);
    const claim: GroupClaim = { rolloutId, at: now };
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.storage.createIfAbsent(key, { ...claim })) return rolloutId;
      const held = (await readRecords<GroupClaim>(this.storage, [key])).get(key);
      if (!held) continue;
      const young = now - held.at < claimGraceMs && !(await this.get(held.rolloutId));
      if (young || (await stillRunning(held.rolloutId))) return held.rolloutId;
      const { changed } = await changeRecord<GroupClaim>(this.storage, key, (current) => (current?.rolloutId === held.rolloutId ? claim : undefined));
      if (changed) return rolloutId;
    }
    throw new Error('the group claim kept changing');
  }

  /** The rollout ended: its group may be rolled out again. */
  async releaseGroup(groupId: string, rolloutId: string): Promise<void> {
    const key = groupKey(groupId);
    const holder = (await readRecords<GroupClaim>(this.storage, [key])).get(key)?.rolloutId;
    if (holder === rolloutId) await this.storage.delete([key]);
  }

  /** Changes one member by compare-and-set: of two instances, one gets `changed`. */
  async updateMember(rolloutId: string, memberId: string, change: (member: RolloutMember) => RolloutMember | undefined): Promise<{ member?: RolloutMember; changed: boolean }> {
    const { value, changed } = await changeRecord<RolloutMember>(this.storage, memberKey(rolloutId, memberId), (current) => (current ? change(current) : undefined));
    return { member: value, changed };
  }
}
