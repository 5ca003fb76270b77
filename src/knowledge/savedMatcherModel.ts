import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import concepts from './data/concepts.json';
import languageWords from './data/languageWords.json';
import separableVerbs from './data/separableVerbs.json';
import stopwords from './data/stopwords.json';
import type { MatcherModel, MatcherSettings, TrainingData } from './matcher/intentMatcher';

const fileName = 'matcherModel.json';

/**
 * Where the build saves the model: beside this module, so dist/src/knowledge/ when the bot runs compiled
 * (`npm start`). There is none beside src/knowledge/: a bot run from the sources (tsx) trains.
 */
export const builtModelFile = path.join(__dirname, fileName);

/** The same place in a build of src/ into `outDir` (tsc's dist/, the tests' build). */
export const modelFileIn = (outDir: string): string => path.join(outDir, 'src', 'knowledge', fileName);

/** The file: the model, and a hash of what it was trained from (see trainingFingerprint). */
interface SavedModel {
  trainedFrom: string;
  model: MatcherModel;
}

export type SavedModelRead = { model: MatcherModel } | { missing: true } | { refused: string };

/**
 * A hash of everything the model depends on: the intents and out-of-scope lines, the word lists the features
 * are made with, and the matcher's settings. A file saved from other data (an edited knowledge base, new
 * settings) has another hash and is not loaded.
 */
export function trainingFingerprint(data: TrainingData, settings: MatcherSettings): string {
  const inputs = { data, settings, featureWords: { concepts, languageWords, separableVerbs, stopwords } };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

export function writeSavedModel(file: string, model: MatcherModel, trainedFrom: string): void {
  const saved: SavedModel = { trainedFrom, model };
  writeFileSync(file, JSON.stringify(saved));
}

/** The saved model when the file is there, readable, and trained from `fingerprint`; otherwise why not. */
export function readSavedModel(file: string, fingerprint: string): SavedModelRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { refused: `unreadable: ${(error as Error).message}` };
  }
  let saved: Partial<SavedModel>;
  try {
    saved = JSON.parse(text) as Partial<SavedModel>;
  } catch {
    return { refused: 'not JSON' };
  }
  if (typeof saved !== 'object' || saved === null || typeof saved.model !== 'object' || saved.model === null) return { refused: 'no model in it' };
  if (saved.trainedFrom !== fingerprint) return { refused: 'trained from other content or settings' };
  return { model: saved.model };
}
