import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { createLogger } from '../../src/core/logger';
import { StorageEventLog } from '../../src/events/storageEventLog';
import type { KbEvent } from '../../src/events/eventLog';

const event: KbEvent = {
  type: 'kb.question',
  question: 'q-1',
  at: '2026-11-26T10:00:00.000Z',
  lang: 'nl',
  text: 'mijn code [code] werkt niet',
  intent: 'auth_code_werkt_niet',
  score: 0.93,
  decision: 'answer',
  alternatives: [{ intent: 'auth_code_werkt_niet', score: 0.93 }],
};

class RecordingStorage extends MemoryStorage {
  readonly written: StoreItems[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.written.push(changes);
    return super.write(changes);
  }
}

describe('StorageEventLog', () => {
  it('writes each event as its own item under kb-events/<time>/', async () => {
    const storage = new RecordingStorage();
    const lines: string[] = [];
    await new StorageEventLog(storage, createLogger('info', (line) => lines.push(line))).record(event);
    const [key] = Object.keys(storage.written[0]);
    expect(key).toMatch(/^kb-events\/2026-11-26T10:00:00\.000Z\/[0-9a-f-]{36}$/);
    const stored = (await storage.read([key]))[key];
    expect(stored).toMatchObject({ type: 'kb.question', intent: 'auth_code_werkt_niet', text: 'mijn code [code] werkt niet' });
    // The log line carries the decision, not the question's text.
    expect(lines[0]).toContain('auth_code_werkt_niet');
    expect(lines[0]).not.toContain('werkt niet');
  });

  it('logs and carries on when the store fails, so the user still gets the answer', async () => {
    const failing: Storage = {
      read: async () => ({}),
      write: async () => {
        throw new Error('disk full');
      },
      delete: async () => undefined,
    };
    const lines: string[] = [];
    await expect(new StorageEventLog(failing, createLogger('info', (line) => lines.push(line))).record(event)).resolves.toBeUndefined();
    expect(lines.some((line) => line.includes('could not record event'))).toBe(true);
  });
});
