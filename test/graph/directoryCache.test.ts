import { silentLogger } from '../../src/core/logger';
import { DirectoryCache, graphCacheRetention } from '../../src/graph/directoryCache';
import { purgeExpired } from '../../src/storage/retention';
import { MemoryStore } from '../../src/storage/botStorage';

const id = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const day = 24 * 60 * 60 * 1000;

describe('DirectoryCache', () => {
  it('trusts an answer for a day, then asks again', async () => {
    let now = 1_000_000;
    const cache = new DirectoryCache(new MemoryStore(), silentLogger, () => now);
    await cache.put('authenticator', id, [{ displayName: 'iPhone van Jan' }]);
    now += day - 1;
    expect(await cache.get('authenticator', id)).toEqual([{ displayName: 'iPhone van Jan' }]);
    now += 2;
    expect(await cache.get('authenticator', id)).toBeUndefined();
  });

  it('keeps its records under a prefix of its own, which retention purges after a day', async () => {
    const storage = new MemoryStore();
    await new DirectoryCache(storage, silentLogger).put('users', id, { id });
    expect(Object.keys(await storage.read([`graph/users/${id}`]))).toHaveLength(1);
    expect(graphCacheRetention).toEqual({ name: 'graph', prefix: 'graph/', keepDays: 1 });
    await purgeExpired(storage, [graphCacheRetention], 90, silentLogger, new Date(Date.now() + day + 1000));
    expect(await storage.read([`graph/users/${id}`])).toEqual({});
  });
});
