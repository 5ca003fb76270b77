import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStore, type BotStorage } from '../../src/storage/botStorage';
import { BlobStore } from '../../src/storage/blobStore';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { Azurite } from './azurite';

/**
 * Every store the bot runs on, for `describe.each`: memory, SQLite (a file per store in a temporary folder) and
 * Blob Storage on Azurite, which is what several instances share in production. Registers the file's
 * hooks that start Azurite and remove the folder; each call of a maker gives a fresh, empty store.
 */
export function everyStore(name: string): [string, () => BotStorage][] {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const azurite = new Azurite();
  let containers = 0;
  beforeAll(() => azurite.start());
  afterAll(async () => {
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return [
    ['memory', () => new MemoryStore()],
    ['SQLite', () => new SqliteStorage(path.join(dir, `${name}-${++containers}.sqlite`))],
    ['Blob', () => new BlobStore(azurite.connectionString, `${name}-${Date.now()}-${++containers}`)],
  ];
}
