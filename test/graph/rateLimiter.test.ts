import { AbortedError, RateLimiter } from '../../src/graph/rateLimiter';

/** Takes a start for each of `count` callers at once; resolves with when each got one (undefined: none in time). */
async function takeAll(bucket: RateLimiter, count: number, latestStart: number, signal = new AbortController().signal): Promise<Array<number | undefined>> {
  return Promise.all(Array.from({ length: count }, async () => ((await bucket.take(latestStart, signal)) ? Date.now() : undefined)));
}

describe('RateLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());
  const limiter = () => new RateLimiter({ limit: 5, windowMs: 10_000 }, 250);

  it('lets 5 start now, refuses a sixth that cannot wait, and starts the next a window (and the margin) after the first', async () => {
    const bucket = limiter();
    const started = Date.now();
    expect(await takeAll(bucket, 5, started + 3000)).toEqual([started, started, started, started, started]);
    expect(await bucket.take(started + 3000, new AbortController().signal)).toBe(false);
    const next = bucket.take(started + 20_000, new AbortController().signal);
    await jest.advanceTimersByTimeAsync(10_250);
    expect(await next).toBe(true);
    expect(Date.now() - started).toBe(10_250);
  });

  it('holds every start until Retry-After has passed, and a shorter hold does not shorten a longer one', async () => {
    const bucket = limiter();
    const started = Date.now();
    bucket.holdUntil(started + 2000);
    bucket.holdUntil(started + 500);
    expect(await bucket.take(started + 1999, new AbortController().signal)).toBe(false);
    const held = bucket.take(started + 3000, new AbortController().signal);
    await jest.advanceTimersByTimeAsync(2000);
    expect(await held).toBe(true);
  });

  it('never starts more than 5 in any window, however many ask', async () => {
    const bucket = limiter();
    const all = takeAll(bucket, 40, Date.now() + 60_000);
    await jest.advanceTimersByTimeAsync(60_000);
    const starts = (await all).filter((at): at is number => at !== undefined);
    expect(starts.length).toBeGreaterThan(5);
    for (let first = 0; first + 5 < starts.length; first++) expect(starts[first + 5] - starts[first]).toBeGreaterThanOrEqual(10_000);
  });

  it('counts a start from when it really happened: a caller woken late does not bunch with the next', async () => {
    const bucket = new RateLimiter({ limit: 2, windowMs: 1000 }, 0);
    const starts: number[] = [];
    const record = async () => {
      if (await bucket.take(Date.now() + 10_000, new AbortController().signal)) starts.push(Date.now());
    };
    const callers = [record(), record(), record(), record()];
    // The event loop is busy for 1.5 s just when the third caller's timer is due.
    await jest.advanceTimersByTimeAsync(999);
    jest.setSystemTime(Date.now() + 1500);
    await jest.advanceTimersByTimeAsync(5000);
    await Promise.all(callers);
    for (let first = 0; first + 2 < starts.length; first++) expect(starts[first + 2] - starts[first]).toBeGreaterThanOrEqual(1000);
    expect(starts).toHaveLength(4);
  });

  it('ends a wait on abort, also behind other waiting callers, and the aborted caller takes no start', async () => {
    const bucket = new RateLimiter({ limit: 1, windowMs: 1000 }, 0);
    const signal = new AbortController().signal;
    expect(await bucket.take(Date.now() + 10_000, signal)).toBe(true);
    const waiting = bucket.take(Date.now() + 10_000, signal);
    const behind = new AbortController();
    const aborted = bucket.take(Date.now() + 10_000, behind.signal).catch((error: Error) => error);
    behind.abort();
    expect(await aborted).toBeInstanceOf(AbortedError);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await waiting).toBe(true);
    // The aborted caller took nothing: the next start is a window after the second, not two.
    const next = bucket.take(Date.now() + 10_000, signal);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await next).toBe(true);
  });

  it('serves a waiting turn before background work that asked first, so a rollout cannot starve a person', async () => {
    const bucket = new RateLimiter({ limit: 1, windowMs: 1000 }, 0);
    const signal = new AbortController().signal;
    expect(await bucket.take(Date.now() + 60_000, signal)).toBe(true);
    const order: string[] = [];
    const background = [1, 2, 3].map((n) => bucket.take(Date.now() + 60_000, signal, 'background').then(() => order.push(`background ${n}`)));
    await jest.advanceTimersByTimeAsync(100);
    const turn = bucket.take(Date.now() + 3000, signal, 'turn').then((started) => order.push(`turn ${started}`));
    await jest.advanceTimersByTimeAsync(5000);
    await Promise.all([...background, turn]);
    expect(order).toEqual(['turn true', 'background 1', 'background 2', 'background 3']);
  });
});
