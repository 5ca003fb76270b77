import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/core/logger';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { StorageError } from '../../src/storage/storageError';
import { purgeExpired } from '../../src/storage/retention';
import { eventRetention } from '../../src/events/storageEventLog';
import { ticketRetention } from '../../src/tickets/ticketStore';
import { processedActivityRetention } from '../../src/bot/middleware/duplicateActivities';

const retention = [eventRetention, ...ticketRetention, processedActivityRetention];

/** Conversation states of about 2 kB (a dialog stack and a short history), `count` of them, under `round`. */
async function fillConversations(storage: SqliteStorage, round: string, count: number): Promise<void> {
  const history = Array.from({ length: 12 }, (_, line) => ({ from: line % 2 ? 'bot' : 'user', text: `regel ${line} `.repeat(12) }));
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, (_, n) => [`msteams/conversations/a:${round}-${start + n}/`, { history }]);
    await storage.write(Object.fromEntries(batch));
  }
}

/** The file's size in pages, as another connection sees it (WAL included). */
function pagesOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('page_count', { simple: true }) as number;
  } finally {
    db.close();
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteStorage', () => {
  it('keeps what it wrote across a close and reopen of the file, in WAL mode', async () => {
    const file = path.join(dir, 'reopen', 'bot.sqlite');
    const first = new SqliteStorage(file);
    await first.write({ 'users/29:1': { progress: { step: 'mfasetup.scanQrCode' } } });
    first.close();
    const second = new SqliteStorage(file);
    expect((await second.read(['users/29:1']))['users/29:1']).toMatchObject({ progress: { step: 'mfasetup.scanQrCode' } });
    second.close();
  });

  it('opens the file afresh after a failure that left its connection unusable, and loses nothing stored', async () => {
    const storage = new SqliteStorage(path.join(dir, 'reconnect.sqlite'));
    await storage.write({ kept: { step: 'mfasetup.scanQrCode' } });
    // As after an I/O error: the handle underneath no longer works.
    (storage as unknown as { connection: { db: { close(): void } } }).connection.db.close();
    await expect(storage.write({ other: { n: 1 } })).rejects.toMatchObject({ failure: 'write' });
    expect((await storage.read(['kept'])).kept).toMatchObject({ step: 'mfasetup.scanQrCode' });
    await storage.write({ other: { n: 2 } });
    expect((await storage.read(['other'])).other).toMatchObject({ n: 2 });
    storage.close();
  });

  it('writes a batch all or nothing when one item conflicts', async () => {
    const storage = new SqliteStorage(path.join(dir, 'batch.sqlite'));
    await storage.write({ a: { n: 1 }, b: { n: 1 } });
    const staleB = (await storage.read(['b'])).b.eTag;
    await storage.write({ b: { n: 2 } });
    await expect(storage.write({ a: { n: 9 }, b: { n: 9, eTag: staleB } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read(['a'])).a).toMatchObject({ n: 1 });
    storage.close();
  });

  it('fails with a StorageError that says what failed when the file cannot be created', async () => {
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, 'not a folder');
    const storage = new SqliteStorage(path.join(blocker, 'bot.sqlite'));
    await expect(storage.read(['x'])).rejects.toThrow(StorageError);
    await expect(storage.write({ x: { n: 1 } })).rejects.toThrow(/cannot open the SQLite store/);
  });

  it('purges expired knowledge-base events, tickets and processed activity ids, and nothing else', async () => {
    const storage = new SqliteStorage(path.join(dir, 'retention.sqlite'));
    await storage.write({
      'kb-events/2026-01-01T00:00:00.000Z/1': { type: 'kb.question' },
      'processed-activities/msteams/a:1/42': { at: 'x' },
      'tickets/items/1001': { status: 'closed' },
      'tickets/by-conversation/a:1': { ticketId: '1001' },
      'tickets/by-thread/1800': { ticketId: '1001' },
      'tickets/counter': { next: 1002 },
      'users/29:1': { profile: {} },
    });
    await purgeExpired(storage, retention, 30, silentLogger, new Date(Date.now() + 31 * 24 * 60 * 60 * 1000));
    const keys = ['kb-events/2026-01-01T00:00:00.000Z/1', 'processed-activities/msteams/a:1/42', 'tickets/items/1001', 'tickets/by-conversation/a:1', 'tickets/by-thread/1800', 'tickets/counter', 'users/29:1'];
    const left = await storage.read(keys);
    // The counter stays, so numbers are never given twice.
    expect(Object.keys(left).sort()).toEqual(['tickets/counter', 'users/29:1']);
    await purgeExpired(storage, retention, 30, silentLogger);
    expect(Object.keys(await storage.read(['users/29:1']))).toEqual(['users/29:1']);
    storage.close();
  });

  describe('after a purge', () => {
    const count = 1500;
    const purgeAll = (storage: SqliteStorage) => storage.purge('msteams/conversations/', new Date(Date.now() + 1000));

    it('gives the freed pages back, and the same history again takes no more pages than the first time', async () => {
      const file = path.join(dir, 'vacuum.sqlite');
      const storage = new SqliteStorage(file);
      await fillConversations(storage, 'first', count);
      const full = pagesOf(file);
      expect(await purgeAll(storage)).toBe(count);
      const purged = pagesOf(file);
      await fillConversations(storage, 'second', count);
      const refilled = pagesOf(file);
      storage.close();
      expect(purged).toBeLessThan(full / 10);
      expect(refilled).toBeLessThanOrEqual(full * 1.02);
    });

    it('reuses the freed pages of a file made before auto_vacuum, so it stops growing', async () => {
      const file = path.join(dir, 'older.sqlite');
      // A file as the first version of the store made it: same table, no auto_vacuum.
      const older = new Database(file);
      older.pragma('journal_mode = WAL');
      older.exec('CREATE TABLE items (key TEXT PRIMARY KEY, etag TEXT NOT NULL, value TEXT NOT NULL, updated_at INTEGER NOT NULL)');
      older.close();
      const storage = new SqliteStorage(file);
      await fillConversations(storage, 'first', count);
      const full = pagesOf(file);
      expect(await purgeAll(storage)).toBe(count);
      expect(pagesOf(file)).toBe(full);
      await fillConversations(storage, 'second', count);
      const refilled = pagesOf(file);
      await fillConversations(storage, 'third', count);
      const twice = pagesOf(file);
      storage.close();
      // Without the purge the second fill would have doubled the file; with it, the free pages take it.
      expect(refilled).toBeLessThanOrEqual(full * 1.02);
      expect(twice).toBeGreaterThan(full * 1.8);
    });
  });
});
