import { TestAdapter, TurnContext } from 'botbuilder';
import { silentLogger } from '../../../src/core/logger';
import { MemoryStore } from '../../../src/storage/botStorage';
import { DuplicateActivityMiddleware, processedActivitiesOf } from '../../../src/bot/middleware/duplicateActivities';
import { teamsActivity } from '../../helpers/teamsActivity';

const activity = teamsActivity('https://smba.example.test/', { userId: '29:claims', conversationId: 'a:claims', locale: 'nl-NL' }, { type: 'message', id: '1700000000001', text: 'volgende' });
const key = `${processedActivitiesOf('msteams', 'a:claims')}${activity.id}`;
const context = () => new TurnContext(new TestAdapter(), activity);
// Short on purpose: a claim of a killed process runs out in a fifth of a second here.
const timing = { leaseMs: 200, waitMs: 3000, pollMs: 10 };

describe('processed activities across instances', () => {
  it('runs a copy that arrives at another instance while the first still runs only once', async () => {
    const storage = new MemoryStore();
    const [one, two] = [new DuplicateActivityMiddleware(storage, silentLogger, timing), new DuplicateActivityMiddleware(storage, silentLogger, timing)];
    let runs = 0;
    let finish!: () => void;
    const first = one.onTurn(context(), async () => {
      runs++;
      // Longer than the lease: the running turn renews its claim.
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const copy = two.onTurn(context(), async () => {
      runs++;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    finish();
    await Promise.all([first, copy]);
    expect(runs).toBe(1);
    await two.onTurn(context(), async () => {
      runs++;
    });
    expect(runs).toBe(1);
  });

  it('runs the redelivery of an activity whose process was killed mid-turn, once its claim ran out', async () => {
    const storage = new MemoryStore();
    // What a process killed during the turn leaves behind: a claim nobody renews.
    await storage.createIfAbsent(key, { at: new Date().toISOString(), running: { owner: 'killed', until: Date.now() + timing.leaseMs } });
    const [one, two] = [new DuplicateActivityMiddleware(storage, silentLogger, timing), new DuplicateActivityMiddleware(storage, silentLogger, timing)];
    let runs = 0;
    const run = async () => {
      runs++;
    };
    // Two redeliveries at once, on two instances: one takes the claim over.
    await Promise.all([one.onTurn(context(), run), two.onTurn(context(), run)]);
    expect(runs).toBe(1);
    expect((await storage.read([key]))[key].running).toBeUndefined();
  });

  it('frees the claim of a turn that failed, so that Teams\' redelivery runs it again', async () => {
    const storage = new MemoryStore();
    const middleware = new DuplicateActivityMiddleware(storage, silentLogger, timing);
    await expect(middleware.onTurn(context(), async () => Promise.reject(new Error('connector down')))).rejects.toThrow('connector down');
    let runs = 0;
    await middleware.onTurn(context(), async () => {
      runs++;
    });
    expect(runs).toBe(1);
  });

  it('ignores an activity recorded as done in the older format', async () => {
    const storage = new MemoryStore();
    await storage.write({ [key]: { at: new Date().toISOString() } });
    let runs = 0;
    await new DuplicateActivityMiddleware(storage, silentLogger, timing).onTurn(context(), async () => {
      runs++;
    });
    expect(runs).toBe(0);
  });
});
