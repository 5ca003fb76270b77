import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { loadIntentMatcher } from '../../src/knowledge/loadIntentMatcher';
import type { MatcherModel } from '../../src/knowledge/matcher/intentMatcher';
import { intentParts } from '../../src/knowledge/knowledgeBase';
import { loadEvalSet } from '../../bench/evalSet';

describe('a saved matcher model', () => {
  const knowledgeBase = loadKnowledgeBase();
  const trained = loadIntentMatcher(knowledgeBase);
  // Through JSON, as test/setup/globalSetup.ts writes it and test/helpers/sharedMatcher.ts reads it.
  const model = JSON.parse(JSON.stringify(trained.toModel())) as MatcherModel;
  const loaded = loadIntentMatcher(knowledgeBase, { model });

  it('answers every line of the evaluation set exactly like a fresh training, in every part and language', () => {
    for (const line of loadEvalSet()) {
      expect(loaded.match(line.text)).toEqual(trained.match(line.text));
      expect(loaded.match(line.text, { lang: line.lang === 'nl' ? 'en' : 'nl' })).toEqual(trained.match(line.text, { lang: line.lang === 'nl' ? 'en' : 'nl' }));
      for (const part of intentParts) expect(loaded.match(line.text, { part })).toEqual(trained.match(line.text, { part }));
    }
  });

  it('is the trained model itself: saving the loaded one gives the same model', () => {
    expect(loaded.toModel()).toEqual(model);
  });

  it('is refused when its parts do not fit together', () => {
    expect(() => loadIntentMatcher(knowledgeBase, { model: { ...model, bias: model.bias.slice(1) } })).toThrow(/do not fit together/);
  });
});
