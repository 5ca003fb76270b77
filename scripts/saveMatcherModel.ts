/**
 * npm run build, after tsc: trains the matcher once and saves the model beside the compiled loader
 * (dist/src/knowledge/matcherModel.bin), so `npm start` loads it instead of training at every start.
 */
import path from 'node:path';
import { projectRoot } from '../src/core/paths';
import { loadKnowledgeBase } from '../src/knowledge/loadKnowledgeBase';
import { saveIntentMatcher } from '../src/knowledge/loadIntentMatcher';
import { modelFileIn } from '../src/knowledge/savedMatcherModel';

saveIntentMatcher(loadKnowledgeBase(), modelFileIn(path.join(projectRoot(), 'dist')));
