import type { Logger } from '../core/logger';
import outOfScope from './data/outOfScope.json';
import settings from './data/matcherSettings.json';
import type { KnowledgeBase } from './knowledgeBase';
import { IntentMatcher, type MatcherModel, type MatcherSettings, type TrainingData } from './matcher/intentMatcher';
import { builtModelFile, readSavedModel, trainingFingerprint, writeSavedModel } from './savedMatcherModel';

export const matcherSettings = settings as MatcherSettings;

export function trainingData(knowledgeBase: KnowledgeBase): TrainingData {
  return { intents: knowledgeBase.intents, outOfScope: { nl: outOfScope.nl, en: outOfScope.en } };
}

/** The matcher trained on the shipped content with the measured settings (or loaded from a model saved from that training). */
export function loadIntentMatcher(knowledgeBase: KnowledgeBase, { model }: { model?: MatcherModel } = {}): IntentMatcher {
  return new IntentMatcher(trainingData(knowledgeBase), matcherSettings, model);
}

/** Trains on the shipped content and saves the model with the hash of what it was trained from (npm run build; the tests' setup). */
export function saveIntentMatcher(knowledgeBase: KnowledgeBase, file: string): void {
  const data = trainingData(knowledgeBase);
  writeSavedModel(file, new IntentMatcher(data, matcherSettings).toModel(), trainingFingerprint(data, matcherSettings));
}

/**
 * The bot's matcher at start-up: the model the build saved, when it was trained from exactly this content and these
 * settings (training takes most of a second); otherwise trained here, with one log line saying why.
 */
export function startIntentMatcher(knowledgeBase: KnowledgeBase, logger: Logger, file: string = builtModelFile): IntentMatcher {
  const data = trainingData(knowledgeBase);
  const saved = readSavedModel(file, trainingFingerprint(data, matcherSettings));
  if ('missing' in saved) {
    logger.info('matcher trained at start-up: no saved model', { file });
  } else if ('refused' in saved) {
    logger.warn('matcher trained at start-up: saved model refused', { file, reason: saved.refused });
  } else {
    try {
      return new IntentMatcher(data, matcherSettings, saved.model);
    } catch (error) {
      logger.warn('matcher trained at start-up: saved model refused', { file, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return new IntentMatcher(data, matcherSettings);
}
