import type { Logger } from '../core/logger';
import type { BotStorage } from './botStorage';

const day = 24 * 60 * 60 * 1000;

/** Records under `prefix` are purged once unchanged for `keepDays` (the configured retention when absent). */
export interface RetentionRule {
  /** What the records are, for the log line. */
  name: string;
  prefix: string;
  keepDays?: number;
  /** Holds on to an expired record its owner still needs (a conversation with an open ticket). */
  keep?: (key: string) => Promise<boolean>;
}

/** Purges the records of each rule that have not changed for their retention. Each part of the bot names its own records (see app.ts). */
export async function purgeExpired(storage: BotStorage, rules: readonly RetentionRule[], retentionDays: number, logger: Logger, now = new Date()): Promise<void> {
  try {
    const purged: Record<string, number> = {};
    for (const rule of rules) {
      const cutoff = new Date(now.getTime() - (rule.keepDays ?? retentionDays) * day);
      purged[rule.name] = (purged[rule.name] ?? 0) + (await storage.purge(rule.prefix, cutoff, rule.keep));
    }
    logger.info('retention: purged expired records', { ...purged, retentionDays });
  } catch (error) {
    logger.error('retention: purge failed', { error: (error as Error).message });
  }
}

/** Purges now and then once a day; the timer does not keep the process alive. Returns how to stop it. */
export function scheduleRetention(storage: BotStorage, rules: readonly RetentionRule[], retentionDays: number, logger: Logger): () => void {
  void purgeExpired(storage, rules, retentionDays, logger);
  const timer = setInterval(() => void purgeExpired(storage, rules, retentionDays, logger), day).unref();
  return () => clearInterval(timer);
}
