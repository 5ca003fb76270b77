import type { Middleware, Storage, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { isProactive } from './serialTurns';

export const processedActivityPrefix = 'processed-activities/';

/** The key prefix under which one conversation's processed activity ids are kept. */
export const processedActivitiesOf = (channelId: string, conversationId: string): string =>
  `${processedActivityPrefix}${channelId}/${conversationId}/`;

/**
 * Handles an activity id once: Teams re-sends an activity it thinks timed out, and the second copy
 * must not move the user a step further or send the answer twice. Runs after SerialTurnsMiddleware,
 * so two copies of one conversation's activity are seen one after the other.
 */
export class DuplicateActivityMiddleware implements Middleware {
  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { id, channelId, conversation } = context.activity;
    // The bot's own proactive turns get a fresh id each time: nothing to deduplicate.
    if (!id || !conversation?.id || isProactive(context)) return next();
    const key = `${processedActivitiesOf(channelId, conversation.id)}${id}`;
    if (Object.keys(await this.storage.read([key])).length > 0) {
      this.logger.info('duplicate activity ignored', { activityType: context.activity.type });
      return;
    }
    await next();
    await this.storage.write({ [key]: { at: new Date().toISOString(), eTag: '*' } });
  }
}
