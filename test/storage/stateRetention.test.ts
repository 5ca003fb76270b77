import type { BotStorage } from '../../src/storage/botStorage';
import { silentLogger } from '../../src/core/logger';
import { purgeExpired } from '../../src/storage/retention';
import { stateRetention } from '../../src/state/stateRetention';
import { StorageTicketStore } from '../../src/tickets/ticketStore';
import { ticketDraft } from '../helpers/ticketDraft';
import { everyStore } from '../helpers/everyStore';

jest.setTimeout(60000);

const day = 24 * 60 * 60 * 1000;
const retentionDays = 90;
// Blob Storage keeps a blob's last write to the second: the cutoff lies more than a second from every write.
const pastASecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

const stateOf = {
  user: (id: string) => `msteams/users/${id}/`,
  conversation: (id: string) => `msteams/conversations/${id}/`,
};

describe.each(everyStore('state-retention'))('state retention on %s storage', (_name, makeStorage) => {
  let storage: BotStorage;
  beforeEach(() => {
    storage = makeStorage();
  });

  it('purges the state of users and conversations inactive past the retention, and keeps recent ones and a chat with an open ticket', async () => {
    const tickets = new StorageTicketStore(storage);
    const hasOpenTicket = async (conversationId: string) => (await tickets.activeFor(conversationId)) !== undefined;
    const old = [stateOf.user('29:old'), stateOf.conversation('a:old'), stateOf.conversation('a:old-2')];
    await storage.write(Object.fromEntries(old.map((key) => [key, { profile: { language: 'nl' } }])));
    await storage.write({ [stateOf.conversation('a:waiting')]: { dialogState: {} } });
    await tickets.escalate({ conversationId: 'a:waiting', activityId: 'consent-1' }, async () => ticketDraft('a:waiting'));
    await pastASecond();
    const cutoff = new Date();
    await pastASecond();
    const recent = [stateOf.user('29:recent'), stateOf.conversation('a:recent')];
    await storage.write(Object.fromEntries(recent.map((key) => [key, { profile: { language: 'en' } }])));

    await purgeExpired(storage, stateRetention(hasOpenTicket), retentionDays, silentLogger, new Date(cutoff.getTime() + retentionDays * day));

    const left = await storage.read([...old, ...recent, stateOf.conversation('a:waiting')]);
    expect(Object.keys(left).sort()).toEqual([...recent, stateOf.conversation('a:waiting')].sort());
    // The ticket's own records are not state: they stay for their own rule.
    expect(await tickets.activeFor('a:waiting')).toMatchObject({ status: 'open' });
  });

  it('purges nothing of the state written since the cutoff, and nothing under other prefixes', async () => {
    const cutoff = new Date();
    await pastASecond();
    const keys = [stateOf.user('29:new'), stateOf.conversation('a:new'), 'tickets/counter', 'msteams-other/users/29:x/'];
    await storage.write(Object.fromEntries(keys.map((key) => [key, { n: 1 }])));
    const purged = await Promise.all(['msteams/users/', 'msteams/conversations/'].map((prefix) => storage.purge(prefix, cutoff)));
    expect(purged).toEqual([0, 0]);
    expect(await storage.purge('msteams/users/', new Date(Date.now() + day))).toBe(1);
    expect(Object.keys(await storage.read(keys)).sort()).toEqual(keys.filter((key) => key !== stateOf.user('29:new')).sort());
  });
});
