import type { Logger } from '../core/logger';
import type { BotStorage } from '../storage/botStorage';
import type { RetentionRule } from '../storage/retention';

const prefix = 'graph/';
const day = 24 * 60 * 60 * 1000;

/** What Graph said, kept in the store: a user's profile, and a found Authenticator registration. */
export type CachedKind = 'users' | 'authenticator';

/** How long an answer is trusted: a profile and a registration for a day ("none" is never kept, see GraphDirectory). */
const maxAgeMs: Record<CachedKind, number> = { users: day, authenticator: day };

/** Graph's answers are purged a day after they were written (they are not read after that anyway). */
export const graphCacheRetention: RetentionRule = { name: 'graph', prefix, keepDays: 1 };

interface CachedAnswer<T> {
  savedAt: number;
  value: T;
}

/**
 * Graph's answers in the bot's store, so several instances share them and a restart does not spend the
 * throttling budget again. A store that fails is a cache miss: the caller asks Graph.
 */
export class DirectoryCache {
  constructor(
    private readonly storage: BotStorage,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async get<T>(kind: CachedKind, id: string): Promise<T | undefined> {
    const key = keyOf(kind, id);
    try {
      const item = (await this.storage.read([key]))[key] as CachedAnswer<T> | undefined;
      if (!item || typeof item.savedAt !== 'number' || this.now() - item.savedAt > maxAgeMs[kind]) return undefined;
      return item.value;
    } catch (error) {
      this.logger.warn('Microsoft Graph cache unreadable', { kind, error: (error as Error).name });
      return undefined;
    }
  }

  async put<T>(kind: CachedKind, id: string, value: T): Promise<void> {
    try {
      await this.storage.write({ [keyOf(kind, id)]: { savedAt: this.now(), value } satisfies CachedAnswer<T> });
    } catch (error) {
      this.logger.warn('Microsoft Graph cache not written', { kind, error: (error as Error).name });
    }
  }

  async forget(kind: CachedKind, id: string): Promise<void> {
    try {
      await this.storage.delete([keyOf(kind, id)]);
    } catch (error) {
      this.logger.warn('Microsoft Graph cache not cleared', { kind, error: (error as Error).name });
    }
  }
}

const keyOf = (kind: CachedKind, id: string) => `${prefix}${kind}/${id}`;
