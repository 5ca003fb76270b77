import { MemoryStorage, type Storage, type StoreItem, type StoreItems } from 'botbuilder';
import { conflictError } from './storageError';

export type { StoreItem, StoreItems } from 'botbuilder';

/**
 * botbuilder's Storage plus the one primitive it lacks: create an item only when its key is free.
 * "Exactly once" rests on it (a processed activity, an escalation's ticket, a claim on a post):
 * of two writers, across processes too, exactly one gets `true`.
 */
export interface BotStorage extends Storage {
  /** Writes `item` under `key` when no item is stored there; resolves false (and changes nothing) when one is. */
  createIfAbsent(key: string, item: StoreItem): Promise<boolean>;
}

/** A store that can remove records by key prefix (SQLite; Blob Storage uses lifecycle rules instead). */
export interface PurgeableStorage {
  /** Removes the items under `prefix` last written before `cutoff`; returns how many. */
  purge(prefix: string, cutoff: Date): number;
}

export const canPurge = (storage: Storage): storage is Storage & PurgeableStorage => typeof (storage as Partial<PurgeableStorage>).purge === 'function';

/** A store that holds a connection: opened at start-up, to report a problem at once, and closed on shutdown. */
export interface ConnectedStorage {
  open(): void;
  close(): void;
}

export const isConnected = (storage: Storage): storage is Storage & ConnectedStorage =>
  typeof (storage as Partial<ConnectedStorage>).open === 'function' && typeof (storage as Partial<ConnectedStorage>).close === 'function';

/** botbuilder's MemoryStorage with createIfAbsent (for tests and STORAGE=memory), and a stale eTag as a StorageError 'conflict'. */
export class MemoryStore extends MemoryStorage implements BotStorage {
  override async write(changes: StoreItems): Promise<void> {
    // All compared before anything is written, in one synchronous step, like SQLite's transaction.
    for (const [key, item] of Object.entries(changes ?? {})) {
      const stored = this.memory[key];
      const expected = item?.eTag;
      if (stored !== undefined && expected && expected !== '*' && JSON.parse(stored).eTag !== expected) {
        throw conflictError(key);
      }
    }
    return super.write(changes);
  }

  async createIfAbsent(key: string, item: StoreItem): Promise<boolean> {
    // Checked and set in one synchronous step: nothing can come in between.
    if (this.memory[key] !== undefined) return false;
    const { eTag: _ignored, ...value } = item;
    this.memory[key] = JSON.stringify({ ...value, eTag: (this.etag++).toString() });
    return true;
  }
}
