import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StoreItem, StoreItems } from 'botbuilder';
import type { BatchRecord, BotStorage, ConnectedStorage } from './botStorage';
import { StorageError, conflictError } from './storageError';

interface Row {
  key: string;
  etag: string;
  value: string;
}

/**
 * botbuilder's Storage on SQLite (better-sqlite3, WAL mode): one row per key with its eTag.
 * The eTag contract is botbuilder's: a write with a stale eTag fails with a conflict, "*" or no eTag
 * writes unconditionally, reading a missing key returns nothing. A batch is written in one transaction.
 */
interface Connection {
  db: Database.Database;
  select: Database.Statement<[string], Row>;
  upsert: Database.Statement<[string, string, string, number]>;
  insert: Database.Statement<[string, string, string, number]>;
  remove: Database.Statement<[string]>;
  expiredKeys: Database.Statement<[string, number], { key: string }>;
  removeExpired: Database.Statement<[string, number]>;
  keysUnder: Database.Statement<[string], { key: string }>;
  writeRecords: Database.Transaction<(records: readonly BatchRecord[]) => void>;
}

export class SqliteStorage implements BotStorage, ConnectedStorage {
  private connection?: Connection;
  private counter = 0;

  /** Opens lazily: a store that cannot be opened now fails each turn with a StorageError, and recovers when it can. */
  constructor(readonly file: string) {}

  /** Opens the database now, so start-up can report a problem at once. */
  open(): void {
    this.connect();
  }

  private connect(): Connection {
    if (this.connection) return this.connection;
    const file = this.file;
    let db: Database.Database;
    try {
      if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
      db = new Database(file);
      // Pages a purge frees go back to the file system (incremental_vacuum after each purge). Takes effect on a
      // new file only; an older file keeps reusing its free pages, so it stops growing without shrinking.
      db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.exec('CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, etag TEXT NOT NULL, value TEXT NOT NULL, updated_at INTEGER NOT NULL)');
      db.exec('CREATE INDEX IF NOT EXISTS items_updated_at ON items (updated_at)');
    } catch (error) {
      throw new StorageError('open', `cannot open the SQLite store at ${file}: ${(error as Error).message}`);
    }
    const select = db.prepare<[string], Row>('SELECT key, etag, value FROM items WHERE key = ?');
    const upsert = db.prepare<[string, string, string, number]>(
      'INSERT INTO items (key, etag, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated_at = excluded.updated_at',
    );
    const insert = db.prepare<[string, string, string, number]>(
      'INSERT INTO items (key, etag, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING',
    );
    const remove = db.prepare<[string]>('DELETE FROM items WHERE key = ?');
    const expiredKeys = db.prepare<[string, number], { key: string }>("SELECT key FROM items WHERE key LIKE ? ESCAPE '\\' AND updated_at < ?");
    const removeExpired = db.prepare<[string, number]>('DELETE FROM items WHERE key = ? AND updated_at < ?');
    const keysUnder = db.prepare<[string], { key: string }>("SELECT key FROM items WHERE key LIKE ? ESCAPE '\\' ORDER BY key");
    const writeRecords = db.transaction((records: readonly BatchRecord[]) => {
      for (const { key, item, ifAbsent } of records) {
        const { eTag: expected, ...value } = item;
        if (ifAbsent) {
          if (insert.run(key, this.nextETag(), JSON.stringify(value), Date.now()).changes === 0) throw conflictError(key);
          continue;
        }
        if (expected && expected !== '*') {
          const current = select.get(key);
          if (current && current.etag !== expected) throw conflictError(key);
        }
        upsert.run(key, this.nextETag(), JSON.stringify(value), Date.now());
      }
    });
    this.connection = { db, select, upsert, insert, remove, expiredKeys, removeExpired, keysUnder, writeRecords };
    return this.connection;
  }

  private nextETag(): string {
    return `${Date.now().toString(36)}-${(++this.counter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys?.length) return {};
    return this.use('read', 'cannot read from the SQLite store', ({ select }) => {
      const items: StoreItems = {};
      for (const key of keys) {
        const row = select.get(key);
        if (row) items[key] = { ...JSON.parse(row.value), eTag: row.etag };
      }
      return items;
    });
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || Object.keys(changes).length === 0) return;
    await this.writeBatch(Object.entries(changes).map(([key, item]) => ({ key, item: item ?? {} })));
  }

  async writeBatch(records: readonly BatchRecord[]): Promise<void> {
    if (records.length === 0) return;
    // IMMEDIATE takes the write lock before the eTags are compared, so a second process waits
    // (busy_timeout) and then compares against what the first one committed.
    this.use('write', 'cannot write to the SQLite store', ({ writeRecords }) => writeRecords.immediate(records));
  }

  async createIfAbsent(key: string, item: StoreItem): Promise<boolean> {
    const { eTag: _ignored, ...value } = item;
    return this.use('write', 'cannot write to the SQLite store', ({ insert }) => insert.run(key, this.nextETag(), JSON.stringify(value), Date.now()).changes === 1);
  }

  async delete(keys: string[]): Promise<void> {
    this.use('write', 'cannot delete from the SQLite store', ({ remove }) => {
      for (const key of keys ?? []) remove.run(key);
    });
  }

  /**
   * Runs one operation on the connection. A failure other than a conflict or a lock held elsewhere
   * (a disk that filled up, a file replaced or made read-only) drops the connection, so the next call
   * opens the file afresh: the store recovers by itself once it can be written again.
   */
  private use<T>(failure: 'read' | 'write', what: string, operation: (connection: Connection) => T): T {
    const connection = this.connect();
    try {
      return operation(connection);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' && this.connection === connection) {
        this.connection = undefined;
        try {
          connection.db.close();
        } catch {
          // Already unusable: nothing more to release.
        }
      }
      throw new StorageError(failure, `${what}: ${(error as Error).message}`);
    }
  }

  async keys(prefix: string): Promise<string[]> {
    return this.use('read', 'cannot list the SQLite store', ({ keysUnder }) => keysUnder.all(likePrefix(prefix)).map(({ key }) => key))
      // LIKE ignores the case of ASCII letters.
      .filter((key) => key.startsWith(prefix));
  }

  async purge(prefix: string, cutoff: Date, keep?: (key: string) => Promise<boolean>): Promise<number> {
    const pattern = likePrefix(prefix);
    const expired = this.use('read', 'cannot purge the SQLite store', ({ expiredKeys }) => expiredKeys.all(pattern, cutoff.getTime()).map(({ key }) => key));
    const purgeable: string[] = [];
    for (const key of expired) if (!keep || !(await keep(key))) purgeable.push(key);
    if (purgeable.length === 0) return 0;
    return this.use('write', 'cannot purge the SQLite store', ({ db, removeExpired }) => {
      // updated_at is compared again: an item written since the keys were listed stays.
      const removed = db.transaction(() => purgeable.reduce((count, key) => count + removeExpired.run(key, cutoff.getTime()).changes, 0)).immediate();
      db.pragma('incremental_vacuum');
      return removed;
    });
  }

  close(): void {
    this.connection?.db.close();
    this.connection = undefined;
  }
}

/** A LIKE pattern for the keys that start with `prefix` (its \\, % and _ taken literally; LIKE ignores ASCII case). */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
