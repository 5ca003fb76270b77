/** At most `count` sends in any `ms` milliseconds. */
export interface RateWindow {
  count: number;
  ms: number;
}

/** Teams' limits per bot per conversation ("Rate limiting for agents"): 7 per 1 s, 8 per 2 s, 60 per 30 s, 1,800 per hour. */
export const teamsConversationLimits: readonly RateWindow[] = [
  { count: 7, ms: 1000 },
  { count: 8, ms: 2000 },
  { count: 60, ms: 30_000 },
  { count: 1800, ms: 3_600_000 },
];

/**
 * Spaces the sends to each conversation so that no window of `limits` is exceeded; other conversations are not
 * slowed. Each send reserves the earliest slot that keeps every window (in order, so messages keep their order)
 * and waits until then. `marginMs` absorbs the jitter between leaving here and reaching Teams.
 */
export class ConversationPacer {
  private readonly sent = new Map<string, number[]>();
  private readonly longestMs: number;
  private lastSweep = Date.now();

  constructor(
    private readonly limits: readonly RateWindow[] = teamsConversationLimits,
    private readonly marginMs = 50,
  ) {
    this.longestMs = Math.max(0, ...limits.map((limit) => limit.ms));
  }

  /** Resolves when a send to `key` may go; the slot is taken. */
  async acquire(key: string): Promise<void> {
    const now = Date.now();
    this.sweep(now);
    const times = this.sent.get(key) ?? [];
    this.sent.set(key, times);
    while (times.length > 0 && times[0] <= now - this.longestMs - this.marginMs) times.shift();
    let at = Math.max(now, times[times.length - 1] ?? now);
    for (const limit of this.limits) {
      if (times.length >= limit.count) at = Math.max(at, times[times.length - limit.count] + limit.ms + this.marginMs);
    }
    times.push(at);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  /** Conversations with sends inside the longest window; for tests and diagnostics. */
  get trackedConversations(): number {
    return this.sent.size;
  }

  // Forget conversations that sent nothing within the longest window, so the map stays as small as the active set.
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, times] of this.sent) {
      if ((times[times.length - 1] ?? 0) <= now - this.longestMs - this.marginMs) this.sent.delete(key);
    }
  }
}
