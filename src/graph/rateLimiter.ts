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
 * A sliding window of request starts, shared by every caller of one bucket. A caller reserves the earliest
 * start it may have; if that start is later than it can wait, it gets none and sends nothing. Reservations are
 * handed out in order, so waiting callers never overtake each other or exceed the limit together.
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  private heldUntil = 0;

  constructor(
    private readonly rate: RateLimit,
    /** Added to the window: requests sent `windowMs` apart may reach Graph a little closer together. */
    private readonly marginMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reserves a start no later than `latestStart` (ms since the epoch): resolves how long to wait for it, or undefined (no start reserved). */
  reserve(latestStart: number): number | undefined {
    const now = this.now();
    const span = this.rate.windowMs + this.marginMs;
    while (this.starts.length > 0 && this.starts[0] <= now - span) this.starts.shift();
    let start = Math.max(now, this.heldUntil, this.starts.at(-1) ?? 0);
    if (this.starts.length >= this.rate.limit) start = Math.max(start, this.starts[this.starts.length - this.rate.limit] + span);
    if (start > latestStart) return undefined;
    this.starts.push(start);
    return start - now;
  }

  /** Graph said wait (429 with Retry-After): no request of this bucket starts before `time`. */
  holdUntil(time: number): void {
    this.heldUntil = Math.max(this.heldUntil, time);
  }
}
