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
/**
 * Our own bound on user look-ups, far below Graph's (its directory budget is thousands of resource units per 10 s per
 * app, learn.microsoft.com/graph/throttling-limits); one turn asks for one user, and so does each install event of a
 * rollout (installs come at up to 20 a second), so 40 leaves room for both.
 */
export const usersLimit: RateLimit = { limit: 40, windowMs: 1_000 };

/** Who is waiting: a Teams turn (a person waits for the answer) goes before background work (a rollout, a report). */
export type Priority = 'turn' | 'background';

interface Waiter {
  latestStart: number;
  priority: Priority;
  signal: AbortSignal;
  settle: (started: boolean) => void;
  done: boolean;
}

/**
 * A sliding window of request starts, shared by every caller of one bucket. Waiting callers are served one at a time,
 * turns before background work and in order within each; each start counts from when it really happened, so a busy
 * event loop that wakes the limiter late can only widen the gaps, never bunch requests. A caller whose start would
 * come later than it can wait gets none and sends nothing; an abort ends a wait at once.
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  private heldUntil = 0;
  private readonly waiting: Waiter[] = [];
  private pumping = false;

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
  take(latestStart: number, signal: AbortSignal, priority: Priority = 'turn'): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      if (signal.aborted) return reject(new AbortedError());
      // Not even the first free start fits: no need to queue.
      if (this.earliestStart(this.now()) > latestStart) return resolve(false);
      const onAbort = () => {
        if (waiter.done) return;
        waiter.done = true;
        reject(new AbortedError());
      };
      const waiter: Waiter = {
        latestStart,
        priority,
        signal,
        done: false,
        settle: (started) => {
          signal.removeEventListener('abort', onAbort);
          resolve(started);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      void this.pump();
    });
  }

  /** Graph said wait (429 with Retry-After): no request of this bucket starts before `time`. */
  holdUntil(time: number): void {
    this.heldUntil = Math.max(this.heldUntil, time);
  }

  /** Serves the waiting callers, the most urgent first, until none is left. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const waiter = this.next();
        if (!waiter) return;
        const now = this.now();
        const start = this.earliestStart(now);
        if (start > waiter.latestStart) {
          this.finish(waiter, false);
        } else if (start <= now) {
          this.starts.push(now);
          this.finish(waiter, true);
        } else {
          // Nobody's start is promised during the wait: after it, the most urgent caller then waiting is served.
          await new Promise((resolve) => setTimeout(resolve, start - now));
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** The first waiting turn, else the first waiting background call; callers that gave up are dropped. */
  private next(): Waiter | undefined {
    for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i].done) this.waiting.splice(i, 1);
    return this.waiting.find((waiter) => waiter.priority === 'turn') ?? this.waiting[0];
  }

  private finish(waiter: Waiter, started: boolean): void {
    waiter.done = true;
    this.waiting.splice(this.waiting.indexOf(waiter), 1);
    waiter.settle(started);
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
