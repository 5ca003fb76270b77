import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../../core/logger';

export const handoffInitiateEvent = 'handoff.initiate';

/**
 * Keeps the Bot Framework `handoff.initiate` event inside the bot: Teams answers it with 400 Bad
 * Request (botframework-sdk#5920). The ticket goes through the servicedesk channel instead; an agent
 * hub could be plugged in here later.
 */
export class HandoffEventGuard implements Middleware {
  constructor(private readonly logger: Logger) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities(async (_ctx, activities, send) => {
      const kept = activities.filter((activity) => activity.type === 'event' && activity.name === handoffInitiateEvent);
      if (kept.length === 0) return send();
      this.logger.info('handoff.initiate kept inside the bot (not sent to Teams)');
      activities.splice(0, activities.length, ...activities.filter((activity) => !kept.includes(activity)));
      const responses = activities.length ? await send() : [];
      return [...responses, ...kept.map(() => ({ id: '' }))];
    });
    await next();
  }
}
