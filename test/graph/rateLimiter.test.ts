import { RateLimiter } from '../../src/graph/rateLimiter';

describe('RateLimiter', () => {
  let now: number;
  const limiter = () => new RateLimiter({ limit: 5, windowMs: 10_000 }, 250, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets 5 start now, then reserves the next start a window (and the margin) after the first', () => {
    const bucket = limiter();
    expect(Array.from({ length: 5 }, () => bucket.reserve(now + 3000))).toEqual([0, 0, 0, 0, 0]);
    expect(bucket.reserve(now + 3000)).toBeUndefined();
    expect(bucket.reserve(now + 20_000)).toBe(10_250);
  });

  it('frees the window as time passes', () => {
    const bucket = limiter();
    for (let n = 0; n < 5; n++) bucket.reserve(now);
    now += 10_250;
    expect(bucket.reserve(now)).toBe(0);
  });

  it('holds every start until Retry-After has passed', () => {
    const bucket = limiter();
    bucket.holdUntil(now + 2000);
    expect(bucket.reserve(now + 1000)).toBeUndefined();
    expect(bucket.reserve(now + 3000)).toBe(2000);
    // A shorter hold does not shorten a longer one.
    bucket.holdUntil(now + 500);
    expect(bucket.reserve(now + 1999)).toBeUndefined();
  });

  it('never hands out more than 5 starts in any window, however many ask', () => {
    const bucket = limiter();
    const starts: number[] = [];
    for (let n = 0; n < 40; n++) {
      const wait = bucket.reserve(now + 60_000);
      if (wait !== undefined) starts.push(now + wait);
    }
    for (let first = 0; first + 5 < starts.length; first++) expect(starts[first + 5] - starts[first]).toBeGreaterThanOrEqual(10_000);
  });
});
