import type { TurnContext } from 'botbuilder';
import { SerialTurnsMiddleware } from '../../../src/bot/middleware/serialTurns';
import { createLogger } from '../../../src/core/logger';

const turnIn = (conversationId: string) => ({ activity: { type: 'message', conversation: { id: conversationId, conversationType: 'personal' } } }) as unknown as TurnContext;

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('turns of one conversation', () => {
  it('run one after another', async () => {
    const serial = new SerialTurnsMiddleware();
    const order: string[] = [];
    let finishFirst!: () => void;
    const first = serial.onTurn(turnIn('a:1'), () => new Promise<void>((resolve) => (finishFirst = () => (order.push('first'), resolve()))));
    const second = serial.onTurn(turnIn('a:1'), async () => void order.push('second'));
    await jest.advanceTimersByTimeAsync(1000);
    expect(order).toEqual([]);
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('are not wedged by a turn that never ends: after the deadline the next one runs, and that is logged', async () => {
    const lines: string[] = [];
    const serial = new SerialTurnsMiddleware(createLogger('info', (line) => lines.push(line)), 30_000);
    void serial.onTurn(turnIn('a:1'), () => new Promise<void>(() => undefined));
    let secondRan = false;
    const second = serial.onTurn(turnIn('a:1'), async () => void (secondRan = true));
    await jest.advanceTimersByTimeAsync(29_999);
    expect(secondRan).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await second;
    expect(secondRan).toBe(true);
    expect(lines.map((line) => JSON.parse(line).message)).toEqual(['turn exceeded its deadline; the next turn of the conversation may start']);
  });

  it('of another conversation never wait for this one', async () => {
    const serial = new SerialTurnsMiddleware();
    void serial.onTurn(turnIn('a:1'), () => new Promise<void>(() => undefined));
    let otherRan = false;
    await serial.onTurn(turnIn('a:2'), async () => void (otherRan = true));
    expect(otherRan).toBe(true);
  });
});
