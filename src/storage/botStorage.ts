import { MemoryStorage, type Storage, type StoreItem, type StoreItems } from 'botbuilder';
import { conflictError } from './storageError';

export type { StoreItem, StoreItems } from 'botbuilder';

/** One record of a batch: written with botbuilder's eTag contract, or with `ifAbsent` created only where none is. */
export interface BatchRecord {
  key: string;
  item: StoreItem;
  ifAbsent?: boolean;
}

/**
 * botbuilder's Storage plus the one primitive it lacks: create an item only when its key is free.
 * "Exactly once" rests on it (a processed activity, an escalation's ticket, a claim on a post):
 * of two writers, across processes too, exactly one gets `true`.
 */
export interface BotStorage extends Storage {
  /** Writes `item` under `key` when no item is stored there; resolves false (and changes nothing) when one is. */
  createIfAbsent(key: string, item: StoreItem): Promise<boolean>;
  /**
   * Writes the records in order, in one transaction where the store has them (SQLite, memory: all or none);
   * Blob Storage writes them one after another and stops at the first that fails. A stale eTag, or a record
   * that exists where `ifAbsent` asked for none, fails with a StorageError 'conflict'.
   */
  writeBatch(records: readonly BatchRecord[]): Promise<void>;
  /**
   * Removes the items under `prefix` last written before `cutoff`, except those `keep` holds on to (it gets the
   * key; Blob Storage gives it without a trailing slash); resolves with how many. An item written again while
   * the purge runs stays.
   */
  purge(prefix: string, cutoff: Date, keep?: (key: string) => Promise<boolean>): Promise<number>;
  /** The keys stored under `prefix`, in key order: the records a part of the bot keeps by id (a rollout's members, events). */
  keys(prefix: string): Promise<string[]>;
}

/** A store that holds a connection: opened at start-up, to report a problem at once, and closed on shutdown. */
export interface ConnectedStorage {
  open(): void;
  close(): void;
}

export const isConnected = (storage: Storage): storage is Storage & ConnectedStorage =>
  typeof (storage as Partial<ConnectedStorage>).open === 'function' && typeof (storage as Partial<ConnectedStorage>).close === 'function';

/** botbuilder's MemoryStorage with createIfAbsent (for tests and STORAGE=memory), and a stale eTag as a StorageError 'conflict'. */
export class MemoryStore extends MemoryStorage implements BotStorage {
  /** When each key was last written (ms), for purge. */
  private readonly writtenAt = new Map<string, number>();

  override async write(changes: StoreItems): Promise<void> {
    // All compared before anything is written, in one synchronous step, like SQLite's transaction.
    for (const [key, item] of Object.entries(changes ?? {})) {
      const stored = this.memory[key];
      const expected = item?.eTag;
      if (stored !== undefined && expected && expected !== '*' && JSON.parse(stored).eTag !== expected) {
        throw conflictError(key);
      }
    }
    await super.write(changes);
    for (const key of Object.keys(changes ?? {})) this.writtenAt.set(key, Date.now());
  }

  override async delete(keys: string[]): Promise<void> {
    await super.delete(keys);
    for (const key of keys ?? []) this.writtenAt.delete(key);
  }

  async createIfAbsent(key: string, item: StoreItem): Promise<boolean> {
    // Checked and set in one synchronous step: nothing can come in between.
    if (this.memory[key] !== undefined) return false;
    const { eTag: _ignored, ...value } = item;
    this.memory[key] = JSON.stringify({ ...value, eTag: (this.etag++).toString() });
    this.writtenAt.set(key, Date.now());
    return true;
  }

  async writeBatch(records: readonly BatchRecord[]): Promise<void> {
    // All compared, then all written, in one synchronous step.
    for (const { key, item, ifAbsent } of records) {
      const stored = this.memory[key];
      if (ifAbsent ? stored !== undefined : stored !== undefined && item.eTag && item.eTag !== '*' && JSON.parse(stored).eTag !== item.eTag) {
        throw conflictError(key);
      }
    }
    for (const { key, item } of records) {
      const { eTag: _ignored, ...value } = item;
      this.memory[key] = JSON.stringify({ ...value, eTag: (this.etag++).toString() });
      this.writtenAt.set(key, Date.now());
    }
  }

  async keys(prefix: string): Promise<string[]> {
    // botbuilder's delete leaves the key with the value undefined.
    return Object.keys(this.memory)
      .filter((key) => key.startsWith(prefix) && this.memory[key] !== undefined)
      .sort();
  }

  async purge(prefix: string, cutoff: Date, keep?: (key: string) => Promise<boolean>): Promise<number> {
    const expired = (key: string) => (this.writtenAt.get(key) ?? 0) < cutoff.getTime();
    let purged = 0;
    for (const key of Object.keys(this.memory).filter((key) => key.startsWith(prefix) && expired(key))) {
      if (keep && (await keep(key))) continue;
      // Looked at again after the await: a write in between keeps the item.
      if (!expired(key) || this.memory[key] === undefined) continue;
      delete this.memory[key];
      this.writtenAt.delete(key);
      purged++;
    }
    return purged;
  }
}
