import path from 'node:path';
import { projectRoot } from '../core/paths';
import type { StorageConfig } from '../config';
import { MemoryStore, type BotStorage } from './botStorage';
import { SqliteStorage } from './sqliteStorage';

/** The configured store: SQLite in a local file (default), Azure Blob Storage for scale-out, or memory for tests. */
export async function createStorage(config: StorageConfig): Promise<BotStorage> {
  switch (config.kind) {
    case 'memory':
      return new MemoryStore();
    case 'sqlite':
      // A relative path is taken from the project folder, wherever the process was started.
      return new SqliteStorage(path.resolve(projectRoot(), config.sqlitePath));
    case 'blob': {
      // Loaded only when used: the Azure SDK is large and the default store does not need it.
      const { BlobStore } = await import('./blobStore');
      return new BlobStore(config.blobConnectionString, config.blobContainer);
    }
  }
}
