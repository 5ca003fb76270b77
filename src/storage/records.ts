import type { BotStorage } from './botStorage';
import { isConflict } from './storageError';

const maxAttempts = 25;

/** A short random pause after a lost compare-and-set, growing with each attempt, so that contenders spread out. */
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));

/** What `change` decided: the record as it now is, and whether this call wrote it. */
export interface RecordChange<T> {
  value: T | undefined;
  changed: boolean;
}

/**
 * Read-change-write of one record as a compare-and-set: on its eTag when it exists, "only if absent" when it does
 * not, again on the newer version when another writer came first. `change` gets a copy of the current value
 * (undefined when none) and returns the new one, or undefined to leave it as it is; it may run more than once.
 */
export async function changeRecord<T extends object>(storage: BotStorage, key: string, change: (current: T | undefined) => T | undefined): Promise<RecordChange<T>> {
  for (let attempt = 1; ; attempt++) {
    const item = (await storage.read([key]))[key];
    const { eTag, ...stored } = item ?? {};
    const current = item ? (stored as T) : undefined;
    const next = change(current === undefined ? undefined : structuredClone(current));
    if (next === undefined) return { value: current, changed: false };
    try {
      if (!item) {
        if (await storage.createIfAbsent(key, { ...next })) return { value: next, changed: true };
      } else {
        await storage.write({ [key]: { ...next, eTag } });
        return { value: next, changed: true };
      }
    } catch (error) {
      if (!isConflict(error) || attempt >= maxAttempts) throw error;
    }
    if (attempt >= maxAttempts) throw new Error(`${key}: too many concurrent writers`);
    await backOff(attempt);
  }
}

/** The records under the keys, read in batches of `batch` (a rollout's thousands of members), without eTags. */
export async function readRecords<T>(storage: BotStorage, keys: readonly string[], batch = 500): Promise<Map<string, T>> {
  const records = new Map<string, T>();
  for (let start = 0; start < keys.length; start += batch) {
    const items = await storage.read(keys.slice(start, start + batch));
    for (const [key, item] of Object.entries(items)) {
      if (!item) continue;
      const { eTag: _eTag, ...value } = item;
      records.set(key, value as T);
    }
  }
  return records;
}
