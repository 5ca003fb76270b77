/** The benchmark's arithmetic and its table: pure functions, so the numbers can be checked without a run. */

export interface TurnStats {
  p50: number;
  p99: number;
  turnsPerSecond: number;
}

/** The value below which a share `q` of the values lie (nearest rank). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const median = (values: number[]): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export function turnStats(latenciesMs: number[], seconds: number): TurnStats {
  return { p50: quantile(latenciesMs, 0.5), p99: quantile(latenciesMs, 0.99), turnsPerSecond: latenciesMs.length / seconds };
}

/** The bot against a baseline, each ratio taken within one round (the same minute of a shared machine), then the median over the rounds. */
export function medianRatios(bot: TurnStats[], baseline: TurnStats[]): TurnStats {
  const ratio = (field: keyof TurnStats) => median(bot.map((stats, round) => stats[field] / baseline[round][field]));
  return { p50: ratio('p50'), p99: ratio('p99'), turnsPerSecond: ratio('turnsPerSecond') };
}

/** The median of each figure over the rounds. */
export const medianStats = (rounds: TurnStats[]): TurnStats => ({
  p50: median(rounds.map((stats) => stats.p50)),
  p99: median(rounds.map((stats) => stats.p99)),
  turnsPerSecond: median(rounds.map((stats) => stats.turnsPerSecond)),
});

export interface Limit {
  /** Met when `value` is at most (`atMost`) or at least the limit. */
  value: number;
  limit: number;
  atMost: boolean;
}

export const verdict = ({ value, limit, atMost }: Limit): string => (Number.isNaN(value) ? 'n/a' : (atMost ? value <= limit : value >= limit) ? 'pass' : '**miss**');

/** A markdown table; numbers already formatted. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
