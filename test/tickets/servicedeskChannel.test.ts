import { MemoryStore } from '../../src/storage/botStorage';
import { ServicedeskChannelStore, checkServicedeskChannel, type ServicedeskChannel } from '../../src/tickets/servicedeskChannel';
import { createLogger } from '../../src/core/logger';

const registration = (teamId: string): ServicedeskChannel => ({
  reference: { conversation: { id: `${teamId};channel`, isGroup: true, conversationType: 'channel', name: '' } },
  teamId,
  channelId: `${teamId};channel`,
  registeredAt: '2026-12-01T08:00:00.000Z',
});

describe('the servicedesk channel store', () => {
  it('never hands out a registration by another team than SERVICEDESK_TEAM_ID, and drops it', async () => {
    const storage = new MemoryStore();
    await new ServicedeskChannelStore(storage).register(registration('19:first-comer'));
    const store = new ServicedeskChannelStore(storage, '19:servicedesk');
    expect(await store.get()).toBeUndefined();
    expect(await store.dropForeign()).toMatchObject({ teamId: '19:first-comer' });
    expect(await new ServicedeskChannelStore(storage).get()).toBeUndefined();
  });

  it('keeps the servicedesk team\'s own registration, and in local mode any team\'s', async () => {
    const storage = new MemoryStore();
    const store = new ServicedeskChannelStore(storage, '19:servicedesk');
    await store.register(registration('19:servicedesk'));
    expect(await store.dropForeign()).toBeUndefined();
    expect(await store.get()).toMatchObject({ teamId: '19:servicedesk' });
    const local = new ServicedeskChannelStore(new MemoryStore());
    await local.register(registration('19:first-comer'));
    expect(await local.dropForeign()).toBeUndefined();
    expect(await local.get()).toMatchObject({ teamId: '19:first-comer' });
  });

  it('says at start-up what it dropped, or that it runs in local mode', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    const storage = new MemoryStore();
    await new ServicedeskChannelStore(storage).register(registration('19:first-comer'));
    await checkServicedeskChannel(new ServicedeskChannelStore(storage, '19:servicedesk'), '19:servicedesk', logger);
    await checkServicedeskChannel(new ServicedeskChannelStore(storage), '', logger);
    expect(lines.map((line) => JSON.parse(line).message)).toEqual([
      expect.stringContaining('registration of another team dropped'),
      expect.stringContaining('local mode'),
    ]);
  });
});
