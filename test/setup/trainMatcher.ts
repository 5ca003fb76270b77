import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { loadIntentMatcher } from '../../src/knowledge/loadIntentMatcher';
import { matcherModelVariable } from '../helpers/sharedMatcher';

/**
 * jest globalSetup: trains the matcher once for the whole run and leaves the model in a temporary file, whose path
 * the test workers inherit through the environment (test/helpers/sharedMatcher.ts loads it).
 */
export default function trainMatcher(): void {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'matcher-model-'));
  const file = path.join(folder, 'model.json');
  writeFileSync(file, JSON.stringify(loadIntentMatcher(loadKnowledgeBase()).toModel()));
  process.env[matcherModelVariable] = file;
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
}
