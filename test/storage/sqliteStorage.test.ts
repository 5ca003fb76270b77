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
    purgeExpired(storage, retention, 30, silentLogger, new Date(Date.now() + 31 * 24 * 60 * 60 * 1000));
    const keys = ['kb-events/2026-01-01T00:00:00.000Z/1', 'processed-activities/msteams/a:1/42', 'tickets/items/1001', 'tickets/by-conversation/a:1', 'tickets/by-thread/1800', 'tickets/counter', 'users/29:1'];
    const left = await storage.read(keys);
    // The counter stays, so numbers are never given twice.
    expect(Object.keys(left).sort()).toEqual(['tickets/counter', 'users/29:1']);
    purgeExpired(storage, retention, 30, silentLogger);
    expect(Object.keys(await storage.read(['users/29:1']))).toEqual(['users/29:1']);
    storage.close();
  });
});
