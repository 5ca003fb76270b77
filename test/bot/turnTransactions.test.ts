import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestAdapter, type TurnContext } from 'botbuilder';
import { silentLogger } from '../../src/core/logger';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import type { BatchRecord, StoreItem } from '../../src/storage/botStorage';
import { DuplicateActivityMiddleware } from '../../src/bot/middleware/duplicateActivities';
import { VersionedTurns, createVersionedStates } from '../../src/bot/versionedState';

/** The SQLite store, counting its write transactions (write goes through writeBatch). */
class CountingSqlite extends SqliteStorage {
  transactions = 0;
  override async writeBatch(records: readonly BatchRecord[]): Promise<void> {
    this.transactions++;
    return super.writeBatch(records);
  }
  override async createIfAbsent(key: string, item: StoreItem): Promise<boolean> {
    this.transactions++;
    return super.createIfAbsent(key, item);
  }
  override async delete(keys: string[]): Promise<void> {
    this.transactions++;
    return super.delete(keys);
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'turn-transactions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('store work per turn', () => {
  let storage: CountingSqlite;
  let handled: string[];
  let adapter: TestAdapter;
  beforeEach(() => {
    storage = new CountingSqlite(path.join(dir, `${expect.getState().currentTestName}.sqlite`));
    handled = [];
    const { conversationState, userState } = createVersionedStates(storage);
    const turns = new VersionedTurns(storage, [conversationState, userState], silentLogger);
    const steps = conversationState.createProperty<number>('steps');
    const language = userState.createProperty<string>('language');
    adapter = new TestAdapter(async (context: TurnContext) => {
      await turns.run(context, async (turn) => {
        handled.push(turn.activity.id!);
        await steps.set(turn, (await steps.get(turn, 0)) + 1);
        if (turn.activity.text === 'english') await language.set(turn, 'en');
      });
    });
    adapter.use(new DuplicateActivityMiddleware(storage, silentLogger));
  });
  afterEach(() => storage.close());

  const turn = async (id: string, text: string) => {
    const before = storage.transactions;
    await adapter.processActivity({ type: 'message', id, text });
    return storage.transactions - before;
  };

  it('claims the activity, writes conversation and user state in one transaction, then marks the activity done', async () => {
    // Before: claim, conversation state, user state and done mark, four transactions when both states changed.
    expect(await turn('1', 'english')).toBe(3);
    expect(await turn('2', 'volgende')).toBe(3);
    expect(handled).toEqual(['1', '2']);
  });

  it('marks the activity done after the turn: a redelivery is ignored', async () => {
    await turn('1', 'volgende');
    expect(await turn('1', 'volgende')).toBe(1);
    expect(handled).toEqual(['1']);
  });
});
