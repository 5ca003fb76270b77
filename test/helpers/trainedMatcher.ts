import type { IntentMatcher } from '../../src/knowledge/matcher/intentMatcher';
import { sharedMatcher } from './sharedMatcher';

/**
 * The production matcher for the apps the tests build: the model jest's globalSetup trained once for the whole run,
 * loaded (a module's state lasts one test file, so training here cost most of a second in every file).
 */
export function trainedMatcher(): IntentMatcher {
  return sharedMatcher();
}
