import outOfScope from './data/outOfScope.json';
import settings from './data/matcherSettings.json';
import type { KnowledgeBase } from './knowledgeBase';
import { IntentMatcher, type MatcherModel, type MatcherSettings, type TrainingData } from './matcher/intentMatcher';

export const matcherSettings = settings as MatcherSettings;

export function trainingData(knowledgeBase: KnowledgeBase): TrainingData {
  return { intents: knowledgeBase.intents, outOfScope: { nl: outOfScope.nl, en: outOfScope.en } };
}

/** The matcher trained on the shipped content with the measured settings (or loaded from a model saved from that training). */
export function loadIntentMatcher(knowledgeBase: KnowledgeBase, { model }: { model?: MatcherModel } = {}): IntentMatcher {
  return new IntentMatcher(trainingData(knowledgeBase), matcherSettings, model);
}
