import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/logger';
import type { BotStorage } from '../storage/botStorage';
import type { RetentionRule } from '../storage/retention';
import type { EventLog, KbEvent } from './eventLog';

export const eventRetention: RetentionRule = { name: 'events', prefix: 'kb-events/' };

/** Keeps events in the bot's Storage, one item per event under "kb-events/<time>/<id>". */
export class StorageEventLog implements EventLog {
  constructor(
    private readonly storage: Pick<BotStorage, 'write'>,
    private readonly logger: Logger,
  ) {}

  async record(event: KbEvent): Promise<void> {
    const key = `${eventRetention.prefix}${event.at}/${randomUUID()}`;
    this.logger.info(event.type, { ...event, text: undefined });
    try {
      await this.storage.write({ [key]: { ...event, eTag: '*' } });
    } catch (error) {
      // A lost statistic must not cost the user their answer.
      this.logger.warn('could not record event', { type: event.type, error: (error as Error).name });
    }
  }
}
