import type { BotStorage } from '../../src/storage/botStorage';

/**
 * botbuilder's Storage contract, run unchanged against every store (memory, SQLite, Blob on Azurite).
 * Sources: botbuilder-core storage.ts and memoryStorage.ts (see ../shared/reference/platform.md §7).
 */
export function describeStorageContract(name: string, open: () => Promise<BotStorage>, close: () => Promise<void> = async () => undefined): void {
  describe(`Storage contract: ${name}`, () => {
    let storage: BotStorage;
    let run = 0;
    const key = (label: string) => `contract/${Date.now()}-${++run}/${label}`;

    beforeAll(async () => {
      storage = await open();
    });
    afterAll(close);

    it('lists the keys under a prefix in key order, and none of a neighbouring prefix', async () => {
      const base = key('listed');
      await storage.write({ [`${base}/b`]: { n: 2 }, [`${base}/a`]: { n: 1 }, [`${base}-other/c`]: { n: 3 } });
      await storage.createIfAbsent(`${base}/c`, { n: 3 });
      expect(await storage.keys(`${base}/`)).toEqual([`${base}/a`, `${base}/b`, `${base}/c`]);
      await storage.delete([`${base}/b`]);
      expect(await storage.keys(`${base}/`)).toEqual([`${base}/a`, `${base}/c`]);
      expect(await storage.keys(`${base.toUpperCase()}/`)).toEqual([]);
    });

    it('returns nothing for keys that were never written', async () => {
      expect(await storage.read([key('missing'), key('also-missing')])).toEqual({});
    });

    it('reads back what it wrote, with an eTag', async () => {
      const k = key('item');
      await storage.write({ [k]: { step: 'mfasetup.scanQrCode', nested: { language: 'nl', list: [1, 2] } } });
      const items = await storage.read([k]);
      expect(items[k]).toMatchObject({ step: 'mfasetup.scanQrCode', nested: { language: 'nl', list: [1, 2] } });
      expect(typeof items[k].eTag).toBe('string');
      expect(items[k].eTag.length).toBeGreaterThan(0);
    });

    it('reads several keys at once and leaves out the missing ones', async () => {
      const [a, b] = [key('a'), key('b')];
      await storage.write({ [a]: { n: 1 }, [b]: { n: 2 } });
      const items = await storage.read([a, key('none'), b]);
      expect(Object.keys(items).sort()).toEqual([a, b].sort());
      expect(items[b]).toMatchObject({ n: 2 });
    });

    it('accepts a write with the current eTag and gives the item a new eTag', async () => {
      const k = key('current');
      await storage.write({ [k]: { n: 1 } });
      const first = (await storage.read([k]))[k];
      await storage.write({ [k]: { n: 2, eTag: first.eTag } });
      const second = (await storage.read([k]))[k];
      expect(second).toMatchObject({ n: 2 });
      expect(second.eTag).not.toBe(first.eTag);
    });

    it('rejects a write with a stale eTag as a conflict and keeps the newer value', async () => {
      const k = key('stale');
      await storage.write({ [k]: { n: 1 } });
      const stale = (await storage.read([k]))[k].eTag;
      await storage.write({ [k]: { n: 2, eTag: stale } });
      await expect(storage.write({ [k]: { n: 3, eTag: stale } })).rejects.toThrow(/eTag conflict/);
      // A typed conflict, so versioned state and claims can tell it from a store that is down.
      await expect(storage.write({ [k]: { n: 3, eTag: stale } })).rejects.toMatchObject({ failure: 'conflict' });
      expect((await storage.read([k]))[k]).toMatchObject({ n: 2 });
    });

    it.each([
      ['"*"', '*'],
      ['no eTag', undefined],
    ])('writes unconditionally with %s', async (_name, eTag) => {
      const k = key('unconditional');
      await storage.write({ [k]: { n: 1 } });
      await storage.write({ [k]: { n: 2 } });
      await storage.write({ [k]: eTag === undefined ? { n: 3 } : { n: 3, eTag } });
      expect((await storage.read([k]))[k]).toMatchObject({ n: 3 });
    });

    it('deletes, and deleting a missing key is no error', async () => {
      const k = key('delete');
      await storage.write({ [k]: { n: 1 } });
      await storage.delete([k, key('never-there')]);
      expect(await storage.read([k])).toEqual({});
    });

    it('keeps keys with slashes, colons, spaces and accents apart', async () => {
      const keys = [key('msteams/conversations/a:1 x'), key('msteams/users/29:é ü')];
      await storage.write({ [keys[0]]: { who: 'conversation' }, [keys[1]]: { who: 'user' } });
      const items = await storage.read(keys);
      expect(items[keys[0]]).toMatchObject({ who: 'conversation' });
      expect(items[keys[1]]).toMatchObject({ who: 'user' });
    });

    it('creates an item only when its key is free, and of many at once exactly one succeeds', async () => {
      const k = key('create');
      const results = await Promise.all(Array.from({ length: 8 }, (_, n) => storage.createIfAbsent(k, { n })));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      const stored = (await storage.read([k]))[k];
      expect(stored).toMatchObject({ n: winner });
      expect(typeof stored.eTag).toBe('string');
      expect(await storage.createIfAbsent(k, { n: 99 })).toBe(false);
      expect((await storage.read([k]))[k]).toMatchObject({ n: winner });
      await storage.write({ [k]: { n: 100, eTag: stored.eTag } });
      expect((await storage.read([k]))[k]).toMatchObject({ n: 100 });
    });

    it('keeps values with accents and emoji intact', async () => {
      const k = key('unicode');
      await storage.write({ [k]: { name: 'José Müller-Ødegård 👩‍⚕️', eTag: '*' } });
      expect((await storage.read([k]))[k]).toMatchObject({ name: 'José Müller-Ødegård 👩‍⚕️' });
    });

    it('creates again after a delete', async () => {
      const k = key('recreate');
      expect(await storage.createIfAbsent(k, { n: 1 })).toBe(true);
      await storage.delete([k]);
      expect(await storage.createIfAbsent(k, { n: 2 })).toBe(true);
      expect((await storage.read([k]))[k]).toMatchObject({ n: 2 });
    });

    it('writes a batch in order: creates where absent, writes with the eTag, and stops at a create where a record is', async () => {
      const [created, updated, after] = [key('batch-create'), key('batch-update'), key('batch-after')];
      await storage.write({ [updated]: { n: 1 } });
      const current = (await storage.read([updated]))[updated].eTag;
      await storage.writeBatch([
        { key: created, item: { n: 1 }, ifAbsent: true },
        { key: updated, item: { n: 2, eTag: current } },
      ]);
      expect(await storage.read([created, updated])).toMatchObject({ [created]: { n: 1 }, [updated]: { n: 2 } });
      await expect(
        storage.writeBatch([
          { key: created, item: { n: 9 }, ifAbsent: true },
          { key: after, item: { n: 9 } },
        ]),
      ).rejects.toMatchObject({ failure: 'conflict' });
      expect((await storage.read([created]))[created]).toMatchObject({ n: 1 });
      expect(await storage.read([after])).toEqual({});
    });
  });
}
