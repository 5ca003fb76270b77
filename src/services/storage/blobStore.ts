import { BlobsStorage } from 'botbuilder-azure-blobs';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import { ContainerClient, RestError } from '@azure/storage-blob';
import type { StoreItem } from 'botbuilder';
import type { BotStorage } from './botStorage';

/** Every call to Blob Storage is cut off after this long, and tried at most this often. */
const pipeline = { retryOptions: { maxTries: 3, tryTimeoutInMs: 5000, retryDelayInMs: 200, maxRetryDelayInMs: 2000 } };

/** botbuilder's BlobsStorage (same blob names, same JSON) with createIfAbsent as a conditional upload (If-None-Match: *). */
export class BlobStore extends BlobsStorage implements BotStorage {
  private readonly container: ContainerClient;
  private ready?: Promise<unknown>;

  constructor(connectionString: string, containerName: string) {
    super(connectionString, containerName, { storagePipelineOptions: pipeline });
    this.container = new ContainerClient(connectionString, containerName, pipeline);
  }

  async createIfAbsent(key: string, item: StoreItem): Promise<boolean> {
    this.ready ??= this.container.createIfNotExists().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    const { eTag: _ignored, ...value } = item;
    const serialized = JSON.stringify(value);
    try {
      await this.container.getBlockBlobClient(sanitizeBlobKey(key)).upload(serialized, Buffer.byteLength(serialized), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return true;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) return false;
      throw error;
    }
  }
}
