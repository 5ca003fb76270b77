import { text } from 'node:stream/consumers';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import { ContainerClient, RestError, type BlobRequestConditions } from '@azure/storage-blob';
import type { StoreItem, StoreItems } from 'botbuilder';
import type { BatchRecord, BotStorage } from './botStorage';
import { StorageError, conflictError, isConflict } from './storageError';

/** Every call to Blob Storage is cut off after this long, and tried at most this often. */
const pipeline = { retryOptions: { maxTries: 3, tryTimeoutInMs: 5000, retryDelayInMs: 200, maxRetryDelayInMs: 2000 } };

const statusOf = (error: unknown): number | undefined => (error instanceof RestError ? error.statusCode : undefined);

/**
 * Bot state on Azure Blob Storage: the blob names and JSON of botbuilder's BlobsStorage, on the SDK's
 * ContainerClient directly, because BlobsStorage keeps a failed container creation for good (a store
 * that was down once never comes back) and gives non-ASCII JSON a short length. eTags are the blobs'
 * own; a stale one is a StorageError 'conflict', any other failure a StorageError too.
 */
export class BlobStore implements BotStorage {
  private readonly container: ContainerClient;
  private ready?: Promise<unknown>;

  constructor(connectionString: string, containerName: string) {
    this.container = new ContainerClient(connectionString, containerName, pipeline);
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.init('read');
    const items: StoreItems = {};
    await Promise.all(
      (keys ?? []).map(async (key) => {
        try {
          const blob = await this.container.getBlobClient(sanitizeBlobKey(key)).download();
          if (!blob.readableStreamBody) return;
          items[key] = { ...JSON.parse(await text(blob.readableStreamBody)), eTag: blob.etag };
        } catch (error) {
          if (statusOf(error) === 404) return;
          throw new StorageError('read', `cannot read from Blob Storage: ${(error as Error).message}`);
        }
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.init('write');
    await Promise.all(
      Object.entries(changes ?? {}).map(([key, item]) => {
        const eTag = item?.eTag;
        return this.upload(key, item ?? {}, eTag && eTag !== '*' ? { ifMatch: eTag } : {});
      }),
    );
  }

  async writeBatch(records: readonly BatchRecord[]): Promise<void> {
    await this.init('write');
    for (const { key, item, ifAbsent } of records) {
      const eTag = item.eTag;
      await this.upload(key, item, ifAbsent ? { ifNoneMatch: '*' } : eTag && eTag !== '*' ? { ifMatch: eTag } : {});
    }
  }

  async createIfAbsent(key: string, item: StoreItem): Promise<boolean> {
    await this.init('write');
    try {
      await this.upload(key, item, { ifNoneMatch: '*' });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.init('write');
    await Promise.all(
      (keys ?? []).map(async (key) => {
        try {
          await this.container.deleteBlob(sanitizeBlobKey(key));
        } catch (error) {
          if (statusOf(error) !== 404) throw new StorageError('write', `cannot delete from Blob Storage: ${(error as Error).message}`);
        }
      }),
    );
  }

  async keys(prefix: string): Promise<string[]> {
    await this.init('read');
    const keys: string[] = [];
    try {
      for await (const blob of this.container.listBlobsFlat({ prefix: encodeURIComponent(prefix) })) keys.push(decodeURIComponent(blob.name));
    } catch (error) {
      throw new StorageError('read', `cannot list Blob Storage: ${(error as Error).message}`);
    }
    return keys.sort();
  }

  async purge(prefix: string, cutoff: Date, keep?: (key: string) => Promise<boolean>): Promise<number> {
    await this.init('write');
    let purged = 0;
    try {
      // Blob names are the URI-encoded keys (sanitizeBlobKey), so the encoded prefix finds them.
      for await (const blob of this.container.listBlobsFlat({ prefix: encodeURIComponent(prefix) })) {
        if (blob.properties.lastModified >= cutoff) continue;
        if (keep && (await keep(decodeURIComponent(blob.name)))) continue;
        try {
          // Only if still unchanged since the cutoff: an item written in between stays.
          await this.container.deleteBlob(blob.name, { conditions: { ifUnmodifiedSince: cutoff } });
          purged++;
        } catch (error) {
          if (statusOf(error) !== 404 && statusOf(error) !== 412) throw error;
        }
      }
    } catch (error) {
      throw new StorageError('write', `cannot purge Blob Storage: ${(error as Error).message}`);
    }
    return purged;
  }

  private async upload(key: string, item: StoreItem, conditions: BlobRequestConditions): Promise<void> {
    const { eTag: _ignored, ...value } = item;
    const serialized = JSON.stringify(value);
    try {
      await this.container.getBlockBlobClient(sanitizeBlobKey(key)).upload(serialized, Buffer.byteLength(serialized), {
        conditions,
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
    } catch (error) {
      // 412: the eTag did not match; 409: If-None-Match found a blob.
      const status = statusOf(error);
      if (status === 412 || status === 409) throw conflictError(key);
      throw new StorageError('write', `cannot write to Blob Storage: ${(error as Error).message}`);
    }
  }

  /** Creates the container once; a failed attempt is forgotten, so the next call tries again. */
  private async init(failure: 'read' | 'write'): Promise<void> {
    this.ready ??= this.container.createIfNotExists().catch((error: unknown) => {
      this.ready = undefined;
      throw new StorageError(failure, `cannot reach Blob Storage: ${(error as Error).message}`);
    });
    await this.ready;
  }
}
