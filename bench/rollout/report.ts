/** The rollout benchmark's arithmetic: pure functions, so the figures can be checked without a run. */
import { quantile } from '../speed/report';

/** The most events (times in ms) that fall within any `windowMs`, the window starting at an event. */
export function peakPerWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

export interface TurnFigures {
  turns: number;
  p50: number;
  p95: number;
  /** Turns that got no 200 (the bot was down, or refused). */
  failed: number;
}

export function turnFigures(samples: Array<{ ms: number; ok: boolean }>): TurnFigures {
  const answered = samples.filter((sample) => sample.ok).map((sample) => sample.ms);
  return { turns: samples.length, p50: quantile(answered, 0.5), p95: quantile(answered, 0.95), failed: samples.length - answered.length };
}

/** Members welcomed more than once, and invited members without a welcome, from the welcomes counted at the connector. */
export function welcomeCheck(invited: number[], welcomes: Record<number, number>): { duplicates: number[]; missing: number[]; unexpected: number[] } {
  const invitedSet = new Set(invited);
  const duplicates = Object.entries(welcomes).filter(([, count]) => count > 1).map(([n]) => Number(n));
  const missing = invited.filter((n) => !welcomes[n]);
  const unexpected = Object.keys(welcomes).map(Number).filter((n) => !invitedSet.has(n));
  return { duplicates, missing, unexpected };
}

/** A check's cell: the value against its limit, and whether it held. */
export interface Check {
  name: string;
  value: number;
  limit: number;
  atMost: boolean;
}

export const held = ({ value, limit, atMost }: Check): boolean => Number.isFinite(value) && (atMost ? value <= limit : value >= limit);

/** The first members of a list, for a table cell (`3, 17, 40 …`). */
export const firstOf = (numbers: number[], count = 5): string => (numbers.length === 0 ? '' : ` (${numbers.slice(0, count).join(', ')}${numbers.length > count ? ' …' : ''})`);
