import { ActivityEventNames, ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../../core/logger';

/** A turn the bot started itself (adapter.continueConversationAsync), not one Teams sent. */
export function isProactive(context: TurnContext): boolean {
  return context.activity.type === ActivityTypes.Event && context.activity.name === ActivityEventNames.ContinueConversation;
}

/**
 * Runs the turns of one conversation one after another in this process. Teams sends the install
 * events of a chat at the same moment, and a double click sends two card submits: without this,
 * both turns read the same state and the last write wins (two welcomes, a lost step).
 * Must come before any middleware that reads state. A turn that runs longer than `turnDeadlineMs` (a connector
 * that does not answer) releases the queue for the next turn, so one hung call never wedges a conversation;
 * the late turn itself runs on until its own calls time out.
 */
export class SerialTurnsMiddleware implements Middleware {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly logger?: Logger,
    private readonly turnDeadlineMs = 30_000,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    // The bot's own posts into a channel (ticket cards, thread notes) change no conversation state, and
    // may be made from a user's turn while an agent's turn waits for that user's chat: never queue them.
    if (isProactive(context) && context.activity.conversation?.conversationType === 'channel') return next();
    const key = context.activity.conversation?.id ?? '';
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    const deadline = setTimeout(() => {
      this.logger?.warn('turn exceeded its deadline; the next turn of the conversation may start', {
        deadlineMs: this.turnDeadlineMs,
        activityType: context.activity.type,
        conversationType: context.activity.conversation?.conversationType,
      });
      release();
    }, this.turnDeadlineMs);
    deadline.unref();
    try {
      await next();
    } finally {
      clearTimeout(deadline);
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Conversations with a turn running or waiting; for tests and diagnostics. */
  get busyConversations(): number {
    return this.tails.size;
  }
}
