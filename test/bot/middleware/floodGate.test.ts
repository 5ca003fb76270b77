import { ActivityEventNames, TestAdapter, type Activity } from 'botbuilder';
import { FloodGateMiddleware } from '../../../src/bot/middleware/floodGate';
import { createI18n } from '../../../src/i18n/translator';
import { silentLogger } from '../../../src/core/logger';
import en from '../../../src/locales/en/translation.json';
import nl from '../../../src/locales/nl/translation.json';

function setUp() {
  const adapter = new TestAdapter(async () => undefined);
  const backlog = { ms: 0, backlogMs: () => backlog.ms };
  adapter.use(new FloodGateMiddleware(createI18n(), silentLogger, backlog));
  const from = (user: string, fields: Partial<Activity> = {}): Partial<Activity> => ({
    type: 'message',
    text: 'hallo',
    locale: 'nl-NL',
    channelId: 'msteams',
    from: { id: user, name: user },
    conversation: { id: `a:${user}`, conversationType: 'personal', isGroup: false, name: '' },
    ...fields,
  });
  const texts = () => adapter.activeQueue.filter((activity) => activity.type === 'message').map((activity) => activity.text);
  return { adapter, from, texts, backlog };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('the flood gate', () => {
  it('lets three activities of one user wait at once, acknowledges the rest without processing them, and says so once', async () => {
    const { adapter, from, texts } = setUp();
    let release!: () => void;
    const busy = new Promise<void>((resolve) => (release = resolve));
    const processed: string[] = [];
    const logic = async (context: { activity: Partial<Activity> }) => {
      processed.push(`${context.activity.from!.id}:${context.activity.text}`);
      if (context.activity.from!.id === 'flooder') await busy;
    };
    const flood = Array.from({ length: 10 }, (_, i) => adapter.processActivity(from('flooder', { text: `m${i}`, value: i % 2 ? { action: 'next' } : undefined }), logic));
    const dropped = flood.slice(3);
    await Promise.all(dropped);
    expect(processed).toEqual(['flooder:m0', 'flooder:m1', 'flooder:m2']);
    expect(texts()).toEqual([nl.flood.tooFast]);

    await adapter.processActivity(from('someone-else'), logic);
    expect(processed).toContain('someone-else:hallo');

    // A card action sent as an invoke is dropped too, with the 200 the adapter answers it with (not 501).
    await adapter.processActivity(from('flooder', { type: 'invoke', name: 'adaptiveCard/action' }), logic);
    expect(processed).toHaveLength(4);
    expect(adapter.activeQueue.filter((activity) => activity.type === 'invokeResponse').map((activity) => activity.value)).toEqual([{ status: 200 }]);

    release();
    await Promise.all(flood);
    expect(texts()).toEqual([nl.flood.tooFast]);
  });

  it('also limits a fast sender that waits for each answer, after a burst of 20, and warns again only for a new flood', async () => {
    const { adapter, from, texts } = setUp();
    let processed = 0;
    const send = async (n: number) => {
      for (let i = 0; i < n; i++) await adapter.processActivity(from('clicker', { locale: 'en-US' }), async () => void processed++);
    };
    await send(25);
    expect(processed).toBe(20);
    expect(texts()).toEqual([en.flood.tooFast]);

    // 2 s later the bucket holds 8 again, but the flood is not over yet: no second message.
    await jest.advanceTimersByTimeAsync(2000);
    await send(10);
    expect(processed).toBe(28);
    expect(texts()).toHaveLength(1);

    // Quiet for 30 s: the flood is over, and the next one gets its own message.
    await jest.advanceTimersByTimeAsync(30_000);
    await send(25);
    expect(processed).toBe(48);
    expect(texts()).toEqual([en.flood.tooFast, en.flood.tooFast]);
  });

  it("turns a calm sender away while the chat's replies are backlogged (Teams' 60 per 30 s used up)", async () => {
    const { adapter, from, texts, backlog } = setUp();
    let processed = 0;
    backlog.ms = 3001;
    await adapter.processActivity(from('patient'), async () => void processed++);
    expect(processed).toBe(0);
    expect(texts()).toEqual([nl.flood.tooFast]);
    backlog.ms = 2000;
    await adapter.processActivity(from('patient'), async () => void processed++);
    expect(processed).toBe(1);
  });

  it("never limits Teams' system events or the bot's own proactive turns", async () => {
    const { adapter, from, texts } = setUp();
    let processed = 0;
    for (let i = 0; i < 30; i++) {
      await adapter.processActivity(from('system', { type: 'conversationUpdate' }), async () => void processed++);
      await adapter.processActivity(from('system', { type: 'event', name: ActivityEventNames.ContinueConversation }), async () => void processed++);
    }
    expect(processed).toBe(60);
    expect(texts()).toEqual([]);
  });
});
