import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { normalise } from '../../src/knowledge/matcher/normalise';
import outOfScope from '../../src/knowledge/data/outOfScope.json';
import { devSetPath, loadEvalSet } from '../../bench/evalSet';

const words = (text: string): Set<string> => new Set(normalise(text).split(' ').filter((word) => word.length > 0));

/** Shared words over all words of the two lines (Jaccard): a paraphrase that kept most words scores high. */
function overlap(a: Set<string>, b: Set<string>): number {
  const shared = [...a].filter((word) => b.has(word)).length;
  return shared / (a.size + b.size - shared);
}

describe('the calibration set (bench/kb-dev.tsv) is apart from the test set and the training lines', () => {
  const dev = loadEvalSet(devSetPath);
  const evaluation = loadEvalSet();
  const kb = loadKnowledgeBase();
  const training = [...kb.intents.flatMap((i) => [...i.utterances.nl, ...i.utterances.en, i.title.nl, i.title.en]), ...outOfScope.nl, ...outOfScope.en];

  it('is large enough to choose on: ≥ 250 lines, every intent in Dutch and English, ≥ 30 out of scope, ids known', () => {
    expect(dev.length).toBeGreaterThanOrEqual(250);
    expect(dev.filter((l) => l.intent === null).length).toBeGreaterThanOrEqual(30);
    expect(dev.filter((l) => l.intent !== null && !kb.get(l.intent))).toEqual([]);
    for (const lang of ['nl', 'en'] as const) {
      const covered = new Set(dev.filter((l) => l.lang === lang).map((l) => l.intent));
      expect(kb.intents.filter((i) => !covered.has(i.id)).map((i) => i.id)).toEqual([]);
    }
  });

  it('shares no line with the test set, nor a paraphrase that keeps most of its words', () => {
    const tested = evaluation.map((l) => words(l.text));
    expect(dev.filter((l) => tested.some((t) => overlap(words(l.text), t) >= 0.7)).map((l) => l.text)).toEqual([]);
  });

  it('shares no line with the training utterances', () => {
    const trained = new Set(training.map(normalise));
    expect(dev.filter((l) => trained.has(normalise(l.text))).map((l) => l.text)).toEqual([]);
  });
});
