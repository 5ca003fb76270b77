import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { normalise } from '../../src/knowledge/matcher/normalise';
import outOfScope from '../../src/knowledge/data/outOfScope.json';
import { loadEvalSet, score } from '../../bench/evalSet';
import { sharedMatcher } from '../helpers/sharedMatcher';

// Measured with `npm run kb:eval` (see docs/kb-matcher.md) on the lines asked anywhere: top-1 Dutch 95.8%, English 97.8%,
// answered directly and right Dutch 93.4%, English 96.7%, out of scope 91.7%, wrong answers 2.3%. The floors sit a few
// points under (the ceiling on wrong answers a little over), so a regression fails here and noise does not.
const floors = { dutch: 0.92, english: 0.93, answeredDutch: 0.89, answeredEnglish: 0.92, outOfScope: 0.87, maxWrongAnswers: 0.035 };

describe('the matcher on the held-out evaluation set (bench/kb-eval.tsv)', () => {
  const lines = loadEvalSet();

  it('is a real held-out set: ≥ 150 lines, both languages, ≥ 25 out of scope, every intent id known', () => {
    expect(lines.length).toBeGreaterThanOrEqual(150);
    expect(lines.filter((l) => l.intent === null).length).toBeGreaterThanOrEqual(25);
    expect(new Set(lines.map((l) => l.lang))).toEqual(new Set(['nl', 'en']));
    const kb = loadKnowledgeBase();
    expect(lines.filter((l) => l.intent !== null && !kb.get(l.intent))).toEqual([]);
  });

  it('shares no line with the training utterances', () => {
    const training = new Set(
      [...loadKnowledgeBase().intents.flatMap((i) => [...i.utterances.nl, ...i.utterances.en]), ...outOfScope.nl, ...outOfScope.en].map(normalise),
    );
    expect(lines.filter((l) => training.has(normalise(l.text))).map((l) => l.text)).toEqual([]);
  });

  it('stays above the measured accuracy floors, asked anywhere (the step-bound lines: stepBound.test.ts)', () => {
    const matcher = sharedMatcher();
    const anywhere = lines.filter((line) => line.step === undefined);
    const result = score(anywhere.map((line) => ({ line, ...matcher.match(line.text) })));
    expect(result.top1.nl).toBeGreaterThanOrEqual(floors.dutch);
    expect(result.top1.en).toBeGreaterThanOrEqual(floors.english);
    expect(result.answeredCorrectly.nl).toBeGreaterThanOrEqual(floors.answeredDutch);
    expect(result.answeredCorrectly.en).toBeGreaterThanOrEqual(floors.answeredEnglish);
    expect(result.outOfScopeRejected).toBeGreaterThanOrEqual(floors.outOfScope);
    expect(result.wrongAnswers).toBeLessThanOrEqual(floors.maxWrongAnswers);
  });
});
