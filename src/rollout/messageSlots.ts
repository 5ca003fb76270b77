import { RateLimiter, type RateLimit } from '../graph/rateLimiter';

/** How long a message may wait for its slot before the job tries it again later. */
const maxWaitMs = 60_000;

/**
 * The messages the rollouts of this process cause (invitations, installs whose event brings a welcome, reminders),
 * at most `rate`: one sliding window shared by them all, background priority, ended at once by a stop.
 */
export class MessageSlots {
  private readonly limiter: RateLimiter;

  constructor(
    rate: RateLimit,
    private readonly stopping: AbortSignal,
  ) {
    this.limiter = new RateLimiter(rate, 50);
  }

  /** Waits for a slot; false when none came within a minute, or `signal` (or the stop) ended the wait. */
  async take(signal: AbortSignal = this.stopping): Promise<boolean> {
    try {
      return await this.limiter.take(Date.now() + maxWaitMs, AbortSignal.any([signal, this.stopping]), 'background');
    } catch {
      return false;
    }
  }
}
