import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/logger';
import type { BotStorage } from '../storage/botStorage';
import type { RetentionRule } from '../storage/retention';
import type { EventLog, KbEvent } from './eventLog';

export const eventRetention: RetentionRule = { name: 'events', prefix: 'kb-events/' };

/** The most events read for one look back (the newest kept): a figure, not an archive. */
const maxEventsRead = 50_000;

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

/** The events recorded at or after `since` (ISO time), oldest first; the newest 50,000 at most. */
export async function eventsSince(storage: Pick<BotStorage, 'read' | 'keys'>, since: string): Promise<KbEvent[]> {
  const from = `${eventRetention.prefix}${since}`;
  const keys = (await storage.keys(eventRetention.prefix)).filter((key) => key >= from).slice(-maxEventsRead);
  const events: KbEvent[] = [];
  for (let start = 0; start < keys.length; start += 500) {
    const items = await storage.read(keys.slice(start, start + 500));
    for (const key of keys.slice(start, start + 500)) {
      const item = items[key];
      if (item && typeof item.type === 'string') events.push(item as unknown as KbEvent);
    }
  }
  return events;
}
