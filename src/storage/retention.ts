import type { Storage } from 'botbuilder';
import type { Logger } from '../core/logger';
import { canPurge } from './botStorage';

const day = 24 * 60 * 60 * 1000;

/** Records under `prefix` are purged once unchanged for `keepDays` (the configured retention when absent). */
export interface RetentionRule {
  /** What the records are, for the log line. */
  name: string;
  prefix: string;
  keepDays?: number;
}

/**
 * Purges the records of each rule that have not changed for their retention. Each part of the bot names its own
 * records (see app.ts). The Storage interface cannot list keys, so this works on a store that can purge (SQLite);
 * on Blob Storage use a lifecycle-management rule on the container (see README).
 */
export function purgeExpired(storage: Storage, rules: readonly RetentionRule[], retentionDays: number, logger: Logger, now = new Date()): void {
  if (!canPurge(storage)) {
    logger.info('retention: this store has no purge here; use the store\'s own lifecycle rules', { retentionDays });
    return;
  }
  try {
    const purged: Record<string, number> = {};
    for (const rule of rules) {
      const cutoff = new Date(now.getTime() - (rule.keepDays ?? retentionDays) * day);
      purged[rule.name] = (purged[rule.name] ?? 0) + storage.purge(rule.prefix, cutoff);
    }
    logger.info('retention: purged expired records', { ...purged, retentionDays });
  } catch (error) {
    logger.error('retention: purge failed', { error: (error as Error).message });
  }
}

/** Purges now and then once a day; the timer does not keep the process alive. Returns how to stop it. */
export function scheduleRetention(storage: Storage, rules: readonly RetentionRule[], retentionDays: number, logger: Logger): () => void {
  purgeExpired(storage, rules, retentionDays, logger);
  const timer = setInterval(() => purgeExpired(storage, rules, retentionDays, logger), day).unref();
  return () => clearInterval(timer);
}
