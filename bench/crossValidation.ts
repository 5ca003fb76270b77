import { seededRandom } from '../test/helpers/seededRandom';
import type { Example } from '../src/knowledge/matcher/softmaxRegression';

/** Stratified k folds: every label spread evenly over the folds. */
export function folds<T extends { example: Example }>(items: T[], k: number, seed = 42): T[][] {
  const random = seededRandom(seed);
  const byLabel = new Map<string, T[]>();
  for (const item of items) {
    const list = byLabel.get(item.example.label) ?? [];
    list.push(item);
    byLabel.set(item.example.label, list);
  }
  const out: T[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const list of byLabel.values()) {
    const shuffled = [...list].sort(() => random() - 0.5);
    for (const item of shuffled) out[next++ % k].push(item);
  }
  return out;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
