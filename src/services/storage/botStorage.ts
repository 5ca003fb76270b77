import { MemoryStorage, type Storage, type StoreItem } from 'botbuilder';

/**
 * botbuilder's Storage plus the one primitive it lacks: create an item only when its key is free.
 * "Exactly once" rests on it (a processed activity, an escalation's ticket, a claim on a post):
 * of two writers, across processes too, exactly one gets `true`.
 */
export interface BotStorage extends Storage {
  /** Writes `item` under `key` when no item is stored there; resolves false (and changes nothing) when one is. */
  createIfAbsent(key: string, item: StoreItem): Promise<boolean>;
}

/** botbuilder's MemoryStorage with createIfAbsent (for tests and STORAGE=memory). */
export class MemoryStore extends MemoryStorage implements BotStorage {
  async createIfAbsent(key: string, item: StoreItem): Promise<boolean> {
    // Checked and set in one synchronous step: nothing can come in between.
    if (this.memory[key] !== undefined) return false;
    const { eTag: _ignored, ...value } = item;
    this.memory[key] = JSON.stringify({ ...value, eTag: (this.etag++).toString() });
    return true;
  }
}
