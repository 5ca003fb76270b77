import type { Logger } from '../core/logger';
import type { Rollout } from './model';
import type { MessageSlots } from './messageSlots';
import type { PeopleStore } from './peopleStore';
import type { ReminderResult, RolloutMessenger } from './ports';
import type { RolloutStore } from './rolloutStore';

export type RemindOutcome = { kind: 'started'; rollout: Rollout } | { kind: 'noRollout' };

export interface RemindersDeps {
  store: RolloutStore;
  people: PeopleStore;
  messenger: RolloutMessenger;
  slots: MessageSlots;
  logger: Logger;
  now?: () => Date;
  /** "Stopped": no step for this long. */
  stalledAfterMs: number;
  /** The process stops: no more reminders. */
  signal: AbortSignal;
}

/**
 * "herinner": one reminder to each member of a rollout who started the guide and has not moved for a while, at most
 * once per member per rollout (claimed on the member by compare-and-set, so two "herinner" at once, in any instance,
 * send one). A reminder that could not go out gives its claim back, so the next "herinner" tries again.
 */
export class Reminders {
  constructor(private readonly deps: RemindersDeps) {}

  async run(rollout: Rollout): Promise<void> {
    const { store, people, messenger, slots, signal } = this.deps;
    const members = (await store.members(rollout.id)).filter((member) => member.state === 'invited' || member.state === 'uncertain');
    const known = await people.getMany(members.map((member) => member.id));
    const stalledBefore = (this.deps.now?.() ?? new Date()).getTime() - this.deps.stalledAfterMs;
    const result: ReminderResult = { sent: 0, already: 0, failed: 0 };
    for (const member of members) {
      if (signal.aborted) break;
      const person = known.get(member.id);
      if (!person?.step || person.completed || Date.parse(person.progressAt ?? '') > stalledBefore) continue;
      if (member.remindedAt) {
        result.already++;
        continue;
      }
      if (!person.chat || !(await slots.take())) {
        result.failed++;
        continue;
      }
      const remindedAt = (this.deps.now?.() ?? new Date()).toISOString();
      const { changed } = await store.updateMember(rollout.id, member.id, (current) => (current.remindedAt ? undefined : { ...current, remindedAt }));
      if (!changed) {
        result.already++;
        continue;
      }
      if ((await messenger.remind(person.chat)) === 'sent') {
        result.sent++;
        continue;
      }
      result.failed++;
      await store.updateMember(rollout.id, member.id, (current) => (current.remindedAt === remindedAt ? { ...current, remindedAt: undefined } : undefined));
    }
    this.deps.logger.info('reminders sent', { rollout: rollout.id, ...result });
    await messenger.reminded(rollout.channel, result).catch(() => undefined);
  }
}
