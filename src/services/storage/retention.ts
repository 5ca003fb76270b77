import type { Storage } from 'botbuilder';
import type { Logger } from '../../logger';
import { canPurge } from './botStorage';
import { processedActivityPrefix } from '../../bot/duplicateActivities';
import { ticketRecordPrefixes } from '../handoff/ticketStore';

const day = 24 * 60 * 60 * 1000;

/**
 * Purges records older than the retention: knowledge-base events and tickets (with their links) not
 * changed for `retentionDays`, the ids of processed activities after two days. The Storage interface cannot list keys, so this works on a
 * store that can purge (SQLite); on Blob Storage use a lifecycle-management rule on the container (see README).
 */
export function purgeExpired(storage: Storage, retentionDays: number, logger: Logger, now = new Date()): void {
  if (!canPurge(storage)) {
    logger.info('retention: this store has no purge here; use the store\'s own lifecycle rules', { retentionDays });
    return;
  }
  try {
    const cutoff = new Date(now.getTime() - retentionDays * day);
    const events = storage.purge('kb-events/', cutoff);
    const tickets = ticketRecordPrefixes.reduce((sum, prefix) => sum + storage.purge(prefix, cutoff), 0);
    const activities = storage.purge(processedActivityPrefix, new Date(now.getTime() - 2 * day));
    logger.info('retention: purged expired records', { events, tickets, activities, retentionDays });
  } catch (error) {
    logger.error('retention: purge failed', { error: (error as Error).message });
  }
}

/** Purges now and then once a day; the timer does not keep the process alive. */
export function scheduleRetention(storage: Storage, retentionDays: number, logger: Logger): NodeJS.Timeout {
  purgeExpired(storage, retentionDays, logger);
  return setInterval(() => purgeExpired(storage, retentionDays, logger), day).unref();
}
