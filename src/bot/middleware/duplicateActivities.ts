import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../../core/logger';
import type { BotStorage } from '../../storage/botStorage';
import { isConflict } from '../../storage/storageError';
import { isProactive } from './serialTurns';
import { sleep } from '../../core/deadline';
import type { RetentionRule } from '../../storage/retention';

export const processedActivityPrefix = 'processed-activities/';
/** A redelivery comes within minutes; two days is far beyond it. */
export const processedActivityRetention: RetentionRule = { name: 'activities', prefix: processedActivityPrefix, keepDays: 2 };

/** The key prefix under which one conversation's processed activity ids are kept. */
export const processedActivitiesOf = (channelId: string, conversationId: string): string =>
  `${processedActivityPrefix}${channelId}/${conversationId}/`;

/** An activity id's record: claimed by a running turn until `until` (renewed while it runs), or done. Older records ({ at }) count as done. */
interface ActivityClaim {
  at: string;
  running?: { owner: string; until: number };
}

export interface ClaimTiming {
  /** How long a claim holds without renewal: a process killed mid-turn frees its activity after this. */
  leaseMs: number;
  /** How long a copy waits for the turn running elsewhere to finish (or its lease to run out). */
  waitMs: number;
  pollMs: number;
}

const defaultTiming: ClaimTiming = { leaseMs: 8000, waitMs: 10000, pollMs: 150 };

/**
 * Handles an activity id once, across instances too: Teams re-sends an activity it thinks timed out,
 * and the second copy must not move the user a step further or send the answer twice. The first copy
 * claims the id (created only if absent) before its turn and marks it done after. A claim whose lease
 * ran out belongs to a process that died mid-turn: a redelivery takes it over (compare-and-set) and
 * runs. A copy that meets a live claim waits for it, then stays quiet. A turn that fails frees its
 * claim, so Teams' redelivery tries again.
 */
export class DuplicateActivityMiddleware implements Middleware {
  private readonly owner = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

  constructor(
    private readonly storage: BotStorage,
    private readonly logger: Logger,
    private readonly timing: ClaimTiming = defaultTiming,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { id, channelId, conversation } = context.activity;
    // The bot's own proactive turns get a fresh id each time: nothing to deduplicate.
    if (!id || !conversation?.id || isProactive(context)) return next();
    const key = `${processedActivitiesOf(channelId, conversation.id)}${id}`;
    if (!(await this.claim(key))) {
      this.logger.info('duplicate activity ignored', { activityType: context.activity.type });
      return;
    }
    const renewal = setInterval(() => void this.renew(key), this.timing.leaseMs / 3);
    renewal.unref();
    try {
      await next();
    } catch (error) {
      clearInterval(renewal);
      await this.storage.delete([key]).catch((release: Error) => this.logger.warn('activity claim not released', { error: release.message }));
      throw error;
    }
    clearInterval(renewal);
    // Marked done only after the turn's replies went out, not with its state: a process killed between the two
    // leaves the activity undone, so Teams' redelivery runs again and the user still gets an answer.
    try {
      await this.storage.write({ [key]: { at: new Date().toISOString(), eTag: '*' } satisfies ActivityClaim & { eTag: string } });
    } catch (error) {
      // The turn is done; its claim then simply runs out.
      this.logger.warn('activity not marked as done', { error: (error as Error).message });
    }
  }

  /** Resolves true when this turn may run the activity. */
  private async claim(key: string): Promise<boolean> {
    const deadline = Date.now() + this.timing.waitMs;
    do {
      if (await this.storage.createIfAbsent(key, this.running())) return true;
      const current = (await this.storage.read([key]))[key] as (ActivityClaim & { eTag?: string }) | undefined;
      // Freed in between (its turn failed): claim it again at once.
      if (!current) continue;
      if (!current.running) return false;
      if (current.running.until < Date.now()) {
        try {
          await this.storage.write({ [key]: { ...this.running(), eTag: current.eTag } });
          this.logger.info('activity claim taken over from a turn that did not finish');
          return true;
        } catch (error) {
          // Another copy took it over first: look again after the pause.
          if (!isConflict(error)) throw error;
        }
      }
      await sleep(this.timing.pollMs);
    } while (Date.now() < deadline);
    // Still running elsewhere and renewed: that turn will answer.
    return false;
  }

  private running(): ActivityClaim {
    return { at: new Date().toISOString(), running: { owner: this.owner, until: Date.now() + this.timing.leaseMs } };
  }

  /** Extends this turn's lease while it runs; a claim another process took over is left alone. */
  private async renew(key: string): Promise<void> {
    try {
      const current = (await this.storage.read([key]))[key] as (ActivityClaim & { eTag?: string }) | undefined;
      if (current?.running?.owner !== this.owner) return;
      await this.storage.write({ [key]: { ...this.running(), eTag: current.eTag } });
    } catch (error) {
      this.logger.warn('activity claim not renewed', { error: (error as Error).message });
    }
  }
}
