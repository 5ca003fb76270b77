import path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import { projectRoot } from '../../paths';
import type { StorageConfig } from '../../config';
import { SqliteStorage } from './sqliteStorage';

/** The configured store: SQLite in a local file (default), Azure Blob Storage for scale-out, or memory for tests. */
export async function createStorage(config: StorageConfig): Promise<Storage> {
  switch (config.kind) {
    case 'memory':
      return new MemoryStorage();
    case 'sqlite':
      // A relative path is taken from the project folder, wherever the process was started.
      return new SqliteStorage(path.resolve(projectRoot(), config.sqlitePath));
    case 'blob': {
      // Loaded only when used: the Azure SDK is large and the default store does not need it.
      const { BlobsStorage } = await import('botbuilder-azure-blobs');
      return new BlobsStorage(config.blobConnectionString, config.blobContainer);
    }
  }
}
