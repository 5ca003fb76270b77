import { existsSync, readFileSync } from 'node:fs';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { loadIntentMatcher } from '../../src/knowledge/loadIntentMatcher';
import type { IntentMatcher, MatcherModel } from '../../src/knowledge/matcher/intentMatcher';

/** The environment variable through which test/setup/trainMatcher.ts tells the test files where the trained model is. */
export const matcherModelVariable = 'TEST_MATCHER_MODEL';

let matcher: IntentMatcher | undefined;

/**
 * The production matcher, trained once per test run (by jest's globalSetup) and loaded here; trained here when
 * there is no saved model, e.g. when one file runs outside jest's setup.
 */
export function sharedMatcher(): IntentMatcher {
  return (matcher ??= loadIntentMatcher(loadKnowledgeBase(), { model: savedModel() }));
}

function savedModel(): MatcherModel | undefined {
  const file = process.env[matcherModelVariable];
  return file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as MatcherModel) : undefined;
}
