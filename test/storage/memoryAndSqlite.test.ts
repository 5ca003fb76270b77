import { MemoryStore } from '../../src/storage/botStorage';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { describeStorageContract } from './storageContract';

describeStorageContract('memory', async () => new MemoryStore());

const dir = mkdtempSync(path.join(os.tmpdir(), 'sqlite-contract-'));
let sqlite: SqliteStorage;
describeStorageContract(
  'SQLite',
  async () => (sqlite = new SqliteStorage(path.join(dir, 'bot.sqlite'))),
  async () => {
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  },
);
