import { loadIntentMatcher } from '../../src/knowledge/loadIntentMatcher';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import type { IntentMatcher } from '../../src/knowledge/matcher/intentMatcher';

let matcher: IntentMatcher | undefined;

/**
 * The production matcher, trained once per jest worker and shared by every app a test file builds
 * (training takes most of a second). The hook for a run-wide model: once the matcher can be saved and
 * loaded, a jest globalSetup trains it once and this loads the saved model here instead of training.
 */
export function trainedMatcher(): IntentMatcher {
  return (matcher ??= loadIntentMatcher(loadKnowledgeBase()));
}
