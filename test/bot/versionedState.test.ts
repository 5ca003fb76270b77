import { ConversationState, TestAdapter, TurnContext } from 'botbuilder';
import { silentLogger } from '../../src/core/logger';
import { MemoryStore } from '../../src/storage/botStorage';
import { StorageError } from '../../src/storage/storageError';
import { VersionedTurns, createVersionedStates } from '../../src/bot/versionedState';
import { teamsActivity } from '../helpers/teamsActivity';

const activity = teamsActivity('https://smba.example.test/', { userId: '29:versioned', conversationId: 'a:versioned', locale: 'nl-NL' }, { type: 'message', text: 'volgende' });

/** One instance of the bot: its own state objects and turn runner on the shared store. */
function instance(storage: MemoryStore) {
  const { conversationState, userState } = createVersionedStates(storage);
  const turns = new VersionedTurns(storage, [conversationState, userState], silentLogger);
  return { turns, steps: conversationState.createProperty<number>('steps'), language: userState.createProperty<string>('language') };
}

/** A turn context whose sent texts are recorded, as the connector would receive them. */
function turnContext() {
  const sent: string[] = [];
  const context = new TurnContext(new TestAdapter(), activity);
  context.onSendActivities(async (_context, activities) => {
    sent.push(...activities.map((a) => a.text ?? ''));
    return activities.map(() => ({ id: 'sent' }));
  });
  return { context, sent };
}

const deferred = () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { gate, open };
};

describe('a turn on versioned state', () => {
  it('runs again on the fresh state when another instance saved in between; the losing attempt sends nothing', async () => {
    const storage = new MemoryStore();
    const [a, b] = [instance(storage), instance(storage)];
    const { gate, open } = deferred();
    const read = deferred();
    const slow = turnContext();
    let attempts = 0;
    const slowTurn = b.turns.run(slow.context, async (turn) => {
      const steps = (await b.steps.get(turn, 0)) + 1;
      await b.steps.set(turn, steps);
      await turn.sendActivity(`stap ${steps}`);
      if (++attempts === 1) {
        read.open();
        await gate;
      }
    });
    await read.gate;
    const fast = turnContext();
    expect(await a.turns.run(fast.context, async (turn) => {
      await a.language.set(turn, 'en');
      await a.steps.set(turn, (await a.steps.get(turn, 0)) + 1);
      await turn.sendActivity('snel');
    })).toBe(true);
    open();
    expect(await slowTurn).toBe(true);

    expect(attempts).toBe(2);
    expect(slow.sent).toEqual(['stap 2']);
    expect(fast.sent).toEqual(['snel']);
    const check = turnContext();
    await a.turns.run(check.context, async (turn) => {
      expect(await a.steps.get(turn)).toBe(2);
      expect(await a.language.get(turn)).toBe('en');
    });
  });

  it('loses a step with botbuilder\'s own state (saved with "*"), which is why the versioned one exists', async () => {
    const storage = new MemoryStore();
    const [first, second] = [new ConversationState(storage), new ConversationState(storage)];
    const [one, two] = [turnContext().context, turnContext().context];
    const [p1, p2] = [first.createProperty<number>('steps'), second.createProperty<number>('steps')];
    await p1.set(one, (await p1.get(one, 0)) + 1);
    await p2.set(two, (await p2.get(two, 0)) + 1);
    await first.saveChanges(one);
    await second.saveChanges(two);
    const check = turnContext().context;
    const fresh = new ConversationState(storage);
    expect(await fresh.createProperty<number>('steps').get(check)).toBe(1);
  });

  it('refuses the turn when its state changes under every attempt, and sends none of the attempts\' replies', async () => {
    const storage = new MemoryStore();
    const bot = instance(storage);
    const other = instance(storage);
    const { context, sent } = turnContext();
    let attempts = 0;
    const saved = await bot.turns.run(context, async (turn) => {
      attempts++;
      await bot.steps.set(turn, (await bot.steps.get(turn, 0)) + 1);
      await turn.sendActivity('verloren');
      // Another instance finishes a turn of this conversation while this one runs.
      await other.turns.run(turnContext().context, async (meanwhile) => other.steps.set(meanwhile, 100 + attempts));
    });
    expect(saved).toBe(false);
    expect(attempts).toBe(4);
    expect(sent).toEqual([]);
    await other.turns.run(turnContext().context, async (turn) => expect(await other.steps.get(turn)).toBe(104));
  });

  it('drops the held replies of a turn that fails for another reason, and lets the error through', async () => {
    const bot = instance(new MemoryStore());
    const { context, sent } = turnContext();
    await expect(
      bot.turns.run(context, async (turn) => {
        await turn.sendActivity('half af');
        throw new StorageError('write', 'disk full');
      }),
    ).rejects.toMatchObject({ failure: 'write' });
    expect(sent).toEqual([]);
  });

  it('creates a state that did not exist only once: of two first turns, the second runs again', async () => {
    const storage = new MemoryStore();
    const [a, b] = [instance(storage), instance(storage)];
    const read = deferred();
    const { gate, open } = deferred();
    let attempts = 0;
    const second = b.turns.run(turnContext().context, async (turn) => {
      await b.steps.set(turn, (await b.steps.get(turn, 0)) + 1);
      if (++attempts === 1) {
        read.open();
        await gate;
      }
    });
    await read.gate;
    await a.turns.run(turnContext().context, async (turn) => a.steps.set(turn, (await a.steps.get(turn, 0)) + 1));
    open();
    await second;
    expect(attempts).toBe(2);
    await a.turns.run(turnContext().context, async (turn) => expect(await a.steps.get(turn)).toBe(2));
  });

  it('saves a state that is used but unchanged on the first day it is used, so retention sees it in use, and only once a day', async () => {
    const storage = new MemoryStore();
    const bot = instance(storage);
    const key = 'msteams/conversations/a:versioned/';
    await bot.turns.run(turnContext().context, async (turn) => bot.steps.set(turn, 1));
    const today = new Date().toISOString().slice(0, 10);
    expect((await storage.read([key]))[key]).toMatchObject({ steps: 1, seenOn: today });
    // As if last used long ago.
    await storage.write({ [key]: { ...(await storage.read([key]))[key], seenOn: '2026-01-01', eTag: '*' } });
    const longAgo = (await storage.read([key]))[key].eTag;
    const onlyReads = async () => bot.turns.run(turnContext().context, async (turn) => expect(await bot.steps.get(turn)).toBe(1));
    await onlyReads();
    const seen = (await storage.read([key]))[key];
    expect(seen).toMatchObject({ steps: 1, seenOn: today });
    expect(seen.eTag).not.toBe(longAgo);
    await onlyReads();
    expect((await storage.read([key]))[key].eTag).toBe(seen.eTag);
  });
});
