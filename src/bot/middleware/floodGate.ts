import { ActivityTypes, TurnContext, type Activity, type Middleware } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { i18n } from 'i18next';
import { languageFromLocale, translatorFor } from '../../i18n/translator';
import type { Logger } from '../../core/logger';
import type { OutboundBacklog } from '../connector/connectorTraffic';

export interface FloodGateOptions {
  /** Activities of one user in one conversation that may be running or waiting at once. */
  maxInFlight: number;
  /** Activities one user may send in a burst, whatever their pace. */
  burst: number;
  /** How fast the burst allowance comes back. */
  refillPerSecond: number;
  /** An activity whose reply would wait longer than this for its slot (Teams' pace) is not taken on. */
  maxBacklogMs: number;
  /** After this long without a dropped activity the flood is over, and the next one gets its own message. */
  quietMs: number;
}

/**
 * Teams posts each activity as it is sent, without waiting for the previous answer: a flood shows as many
 * activities of one sender waiting at once. A person has at most a double click and one typed line pending, so
 * three in flight is enough; more would only be held open (Teams gives up after 15 s). The rate budget is
 * above what the per-conversation pacing lets a client that waits for its answers reach (8 sends per 2 s), so
 * only activities that send nothing (ignored chatter, stale clicks) can ever spend it. Such a client is stopped
 * by the backlog instead: once Teams' 60 per 30 s is used up, its replies would wait, and so would its requests.
 */
export const defaultFloodGateOptions: FloodGateOptions = { maxInFlight: 3, burst: 20, refillPerSecond: 4, maxBacklogMs: 3000, quietMs: 30_000 };

interface Sender {
  inFlight: number;
  tokens: number;
  updatedAt: number;
  /** When the last activity was dropped; undefined while no flood is going on. */
  droppedAt?: number;
}

/**
 * Limits one user's incoming messages and card actions per conversation at the door: beyond `maxInFlight`
 * pending activities, beyond a token bucket, or while the conversation's replies are backlogged, an activity
 * is acknowledged at once without being processed (no state read, no reply queued), and the user gets one
 * polite message per flood, sent in the background so the request is not held. Must be the first middleware.
 * The bot's own proactive turns and Teams' system events are never limited.
 */
export class FloodGateMiddleware implements Middleware {
  private readonly senders = new Map<string, Sender>();
  private lastSweep = Date.now();

  constructor(
    private readonly i18nInstance: i18n,
    private readonly logger: Logger,
    private readonly backlog: OutboundBacklog,
    private readonly options: FloodGateOptions = defaultFloodGateOptions,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message && activity.type !== ActivityTypes.Invoke) return next();
    const now = Date.now();
    this.sweep(now);
    const key = `${activity.channelId}|${activity.conversation?.id}|${activity.from?.id}`;
    const sender = this.senders.get(key) ?? { inFlight: 0, tokens: this.options.burst, updatedAt: now };
    this.senders.set(key, sender);
    sender.tokens = Math.min(this.options.burst, sender.tokens + ((now - sender.updatedAt) / 1000) * this.options.refillPerSecond);
    sender.updatedAt = now;
    if (sender.droppedAt !== undefined && now - sender.droppedAt >= this.options.quietMs) sender.droppedAt = undefined;
    const backlogged = this.backlog.backlogMs(activity.serviceUrl, activity.conversation?.id ?? '') > this.options.maxBacklogMs;
    if (sender.inFlight < this.options.maxInFlight && sender.tokens >= 1 && !backlogged) {
      sender.tokens -= 1;
      sender.inFlight++;
      try {
        return await next();
      } finally {
        sender.inFlight--;
      }
    }
    // Answered locally by the adapter (never sent): without it an invoke would get 501.
    if (activity.type === ActivityTypes.Invoke) await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
    const firstOfFlood = sender.droppedAt === undefined;
    sender.droppedAt = now;
    if (!firstOfFlood) return;
    this.logger.warn('flood limited', { conversationType: activity.conversation?.conversationType, activityType: activity.type, inFlight: sender.inFlight, backlogged });
    await this.warn(context);
  }

  private async warn(context: TurnContext): Promise<void> {
    const t = translatorFor(this.i18nInstance, languageFromLocale(context.activity.locale) ?? 'nl');
    const reply = TurnContext.applyConversationReference({ type: ActivityTypes.Message, text: t('flood.tooFast') }, TurnContext.getConversationReference(context.activity));
    const client = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
    // Outside the CloudAdapter (tests in process) there is no connector client: reply within the turn.
    if (!client) {
      await context.sendActivity(reply);
      return;
    }
    const conversationId = reply.conversation?.id ?? '';
    // The connector client outlives the turn, so the polite message need not hold the dropped request open.
    client.conversations.sendToConversation(conversationId, reply as Activity).catch((error: Error) => this.logger.warn('could not send the flood message', { error: error.name }));
  }

  // A sender with nothing pending, a full bucket and no flood going on carries no information: forget it.
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const fullAfterMs = (this.options.burst / this.options.refillPerSecond) * 1000;
    for (const [key, sender] of this.senders) {
      const calm = sender.droppedAt === undefined || now - sender.droppedAt >= this.options.quietMs;
      if (sender.inFlight === 0 && calm && now - sender.updatedAt >= fullAfterMs) this.senders.delete(key);
    }
  }
}
