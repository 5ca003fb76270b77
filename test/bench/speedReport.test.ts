import { markdownTable, median, medianRatios, quantile, turnStats, verdict } from '../../bench/speed/report';

describe('the speed benchmark arithmetic', () => {
  it('takes quantiles by nearest rank and the median of an even count as the mean of the middle two', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(latencies, 0.5)).toBe(50);
    expect(quantile(latencies, 0.99)).toBe(99);
    expect(quantile([7], 0.99)).toBe(7);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('divides within each round before taking the median, so one slow round of the machine does not skew the ratio', () => {
    // Round 2 is slow for everyone: the per-round ratio stays 2, a ratio of medians would not.
    const bot = [turnStats([2, 2, 2], 1), turnStats([20, 20, 20], 10), turnStats([4, 4, 4], 2)];
    const floor = [turnStats([1, 1, 1], 0.5), turnStats([10, 10, 10], 5), turnStats([2, 2, 2], 1)];
    expect(medianRatios(bot, floor)).toEqual({ p50: 2, p99: 2, turnsPerSecond: 0.5 });
  });

  it('says pass or miss against a limit from either side', () => {
    expect(verdict({ value: 1.3, limit: 1.3, atMost: true })).toBe('pass');
    expect(verdict({ value: 1.31, limit: 1.3, atMost: true })).toBe('**miss**');
    expect(verdict({ value: 0.7, limit: 0.75, atMost: false })).toBe('**miss**');
  });

  it('draws a markdown table with a separator under the header', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});
