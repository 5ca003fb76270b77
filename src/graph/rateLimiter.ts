/** How many requests may start in any window of `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * Graph's "identity and access reports" bucket: the authentication methods API and the registration report
 * share 5 requests per 10 s per app per tenant (learn.microsoft.com/graph/throttling-limits).
 */
export const identityReportsLimit: RateLimit = { limit: 5, windowMs: 10_000 };
/** Graph's limit on a user's installedApps (GET and POST together): 30 requests per second per app per tenant. */
export const teamsAppsLimit: RateLimit = { limit: 30, windowMs: 1_000 };
/** Our own bound on user look-ups, far below Graph's; one turn asks for one user. */
export const usersLimit: RateLimit = { limit: 20, windowMs: 1_000 };

/**
 * A sliding window of request starts, shared by every caller of one bucket. Callers take their turn in order; each
 * waits for the earliest start that keeps the window, and the start counts from when it really happened: a busy
 * event loop that wakes a caller late can only widen the gaps, never bunch requests. A caller whose start would come
 * later than it can wait gets none and sends nothing.
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  private heldUntil = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly rate: RateLimit,
    /** Added to the window: requests sent `windowMs` apart may reach Graph a little closer together. */
    private readonly marginMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Waits for a start no later than `latestStart` (ms since the epoch) and takes it: resolves true when the request
   * may go now, false when no start fits (nothing taken). Rejects when `signal` aborts the wait.
   */
  take(latestStart: number, signal: AbortSignal): Promise<boolean> {
    const turn = this.tail.then(() => this.waitForStart(latestStart, signal));
    this.tail = turn.catch(() => undefined);
    // An abort ends the wait at once, also while callers before it are still waiting.
    return new Promise<boolean>((resolve, reject) => {
      if (signal.aborted) return reject(new AbortedError());
      const onAbort = () => reject(new AbortedError());
      signal.addEventListener('abort', onAbort, { once: true });
      turn.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Graph said wait (429 with Retry-After): no request of this bucket starts before `time`. */
  holdUntil(time: number): void {
    this.heldUntil = Math.max(this.heldUntil, time);
  }

  private async waitForStart(latestStart: number, signal: AbortSignal): Promise<boolean> {
    for (;;) {
      // A caller that gave up takes no start.
      if (signal.aborted) throw new AbortedError();
      const now = this.now();
      const start = this.earliestStart(now);
      if (start > latestStart) return false;
      if (start <= now) {
        this.starts.push(now);
        return true;
      }
      // Looked at again after the wait: the clock, not the plan, decides.
      await pause(start - now, signal);
    }
  }

  private earliestStart(now: number): number {
    const span = this.rate.windowMs + this.marginMs;
    while (this.starts.length > 0 && this.starts[0] <= now - span) this.starts.shift();
    const full = this.starts.length >= this.rate.limit ? this.starts[this.starts.length - this.rate.limit] + span : 0;
    return Math.max(now, this.heldUntil, full);
  }
}

/** Resolves after `ms`, or rejects at once when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AbortedError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class AbortedError extends Error {
  override readonly name = 'AbortedError';
}
