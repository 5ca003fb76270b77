import { silentLogger } from '../../src/core/logger';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { startIntentMatcher } from '../../src/knowledge/loadIntentMatcher';
import type { IntentMatcher } from '../../src/knowledge/matcher/intentMatcher';

/** The environment variable through which test/setup/globalSetup.ts tells the test files where the trained model is. */
export const matcherModelVariable = 'TEST_MATCHER_MODEL';

let matcher: IntentMatcher | undefined;

/**
 * The production matcher, trained once per test run (by jest's globalSetup) and loaded here as the bot loads
 * the build's model; trained here when there is none, e.g. when one file runs outside jest's setup.
 */
export function sharedMatcher(): IntentMatcher {
  return (matcher ??= startIntentMatcher(loadKnowledgeBase(), silentLogger, process.env[matcherModelVariable]));
}
