import { BlobsStorage } from 'botbuilder-azure-blobs';
import { Azurite } from '../../helpers/azurite';
import { describeStorageContract } from './storageContract';

jest.setTimeout(60000);

const azurite = new Azurite();
describeStorageContract(
  'Azure Blob Storage (BlobsStorage on Azurite)',
  async () => {
    await azurite.start();
    return new BlobsStorage(azurite.connectionString, `contract-${Date.now()}`);
  },
  () => azurite.stop(),
);
