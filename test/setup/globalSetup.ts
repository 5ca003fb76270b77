import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { saveIntentMatcher } from '../../src/knowledge/loadIntentMatcher';
import { modelFileIn } from '../../src/knowledge/savedMatcherModel';
import { botBuildVariable } from '../helpers/botProcess';
import { matcherModelVariable } from '../helpers/sharedMatcher';
import { buildBot } from './buildBot';
import { buildTabs } from '../../scripts/buildTabs';
import { tabsBuildVariable } from '../helpers/testConfig';

/**
 * jest globalSetup, once per run: compiles src/ into a fresh folder under build/ and saves the trained matcher in it,
 * as `npm run build` does into dist/, with the tab bundles under web/. The test workers inherit where it is through the environment: BotProcess starts
 * that compiled bot (which loads the saved model instead of training) and test/helpers/sharedMatcher.ts loads the model.
 * The folder is removed when jest exits.
 */
export default async function globalSetup(): Promise<void> {
  const root = path.join(__dirname, '../..');
  mkdirSync(path.join(root, 'build'), { recursive: true });
  const outDir = mkdtempSync(path.join(root, 'build', 'test-bot-'));
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  await buildBot(root, outDir);
  const modelFile = modelFileIn(outDir);
  saveIntentMatcher(loadKnowledgeBase(), modelFile);
  process.env[matcherModelVariable] = modelFile;
  process.env[botBuildVariable] = outDir;
  // The tab bundles, as `npm run build` makes them into dist/web (TABS_BUILD_DIR for the apps the tests start).
  await buildTabs(path.join(outDir, 'web'));
  process.env[tabsBuildVariable] = path.join(outDir, 'web');
}
