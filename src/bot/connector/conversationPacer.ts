import { sleep } from '../../core/deadline';

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

interface Conversation {
  /** When each recent send left, oldest first. */
  sent: number[];
  /** The last send that is waiting for its slot; the next one waits behind it, so sends keep their order. */
  tail: Promise<void>;
  waiting: number;
}

/**
 * Spaces the sends to each conversation so that no window of `limits` is exceeded; other conversations are not
 * slowed. A send waits for the one before it, then for the earliest moment that keeps every window, and counts
 * from when it really left: a busy event loop that wakes a send late can only widen the gaps, never bunch sends.
 * `marginMs` absorbs the jitter between leaving here and reaching Teams.
 */
export class ConversationPacer {
  private readonly conversations = new Map<string, Conversation>();
  private readonly longestMs: number;
  private lastSweep = Date.now();

  constructor(
    private readonly limits: readonly RateWindow[] = teamsConversationLimits,
    private readonly marginMs = 100,
  ) {
    this.longestMs = Math.max(0, ...limits.map((limit) => limit.ms));
  }

  /** Resolves when a send to `key` may go; the slot is taken. */
  async acquire(key: string): Promise<void> {
    this.sweep(Date.now());
    const conversation = this.conversations.get(key) ?? { sent: [], tail: Promise.resolve(), waiting: 0 };
    this.conversations.set(key, conversation);
    conversation.waiting++;
    const turn = conversation.tail.then(() => this.leave(conversation));
    conversation.tail = turn;
    await turn;
  }

  /** How long a send to `key` made now would wait for its slot (behind the ones already waiting). */
  backlogMs(key: string): number {
    const conversation = this.conversations.get(key);
    if (!conversation) return 0;
    const now = Date.now();
    const sent = [...conversation.sent];
    let at = now;
    for (let i = 0; i <= conversation.waiting; i++) {
      at = this.slotAfter(sent, at);
      sent.push(at);
    }
    return at - now;
  }

  private async leave(conversation: Conversation): Promise<void> {
    const { sent } = conversation;
    const now = Date.now();
    while (sent.length > 0 && sent[0] <= now - this.longestMs - this.marginMs) sent.shift();
    const at = this.slotAfter(sent, now);
    if (at > now) await sleep(at - now);
    sent.push(Math.max(at, Date.now()));
    conversation.waiting--;
  }

  /** The earliest moment from `from` on at which one more send keeps every window. */
  private slotAfter(sent: number[], from: number): number {
    let at = from;
    for (const limit of this.limits) {
      if (sent.length >= limit.count) at = Math.max(at, sent[sent.length - limit.count] + limit.ms + this.marginMs);
    }
    return at;
  }

  // Forget conversations with nothing waiting and nothing sent within the longest window, so the map stays as small as the active set.
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, conversation] of this.conversations) {
      const last = conversation.sent[conversation.sent.length - 1] ?? 0;
      if (conversation.waiting === 0 && last <= now - this.longestMs - this.marginMs) this.conversations.delete(key);
    }
  }
}
