import { BlobStore } from '../../src/storage/blobStore';
import { Azurite } from '../helpers/azurite';
import { describeStorageContract } from './storageContract';

jest.setTimeout(60000);

const azurite = new Azurite();
describeStorageContract(
  'Azure Blob Storage (BlobStore on Azurite)',
  async () => {
    await azurite.start();
    return new BlobStore(azurite.connectionString, `contract-${Date.now()}`);
  },
  () => azurite.stop(),
);
