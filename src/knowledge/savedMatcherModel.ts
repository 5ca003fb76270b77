import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import concepts from './data/concepts.json';
import languageWords from './data/languageWords.json';
import separableVerbs from './data/separableVerbs.json';
import stopwords from './data/stopwords.json';
import type { MatcherModel, MatcherSettings, TrainingData } from './matcher/intentMatcher';

const fileName = 'matcherModel.bin';

/**
 * Where the build saves the model: beside this module, so dist/src/knowledge/ when the bot runs compiled
 * (`npm start`). There is none beside src/knowledge/: a bot run from the sources (tsx) trains.
 */
export const builtModelFile = path.join(__dirname, fileName);

/** The same place in a build of src/ into `outDir` (tsc's dist/, the tests' build). */
export const modelFileIn = (outDir: string): string => path.join(outDir, 'src', 'knowledge', fileName);

/**
 * The file: "SDM1", the length of a JSON header (uint32, little-endian), the header (what the model was trained from, its
 * terms, idf, labels and biases), zeros up to a multiple of 8, then the weights as float64, little-endian. The weights
 * are most of the model (terms × labels); as JSON text, parsing them took about 100 ms of the bot's start-up, read as
 * bytes they take none.
 */
const magic = Buffer.from('SDM1', 'ascii');

interface Header {
  trainedFrom: string;
  model: Omit<MatcherModel, 'weights'>;
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
  const { weights, ...rest } = model;
  const header = Buffer.from(JSON.stringify({ trainedFrom, model: rest } satisfies Header), 'utf8');
  const start = Math.ceil((magic.length + 4 + header.length) / 8) * 8;
  const out = Buffer.alloc(start + weights.length * 8);
  magic.copy(out, 0);
  out.writeUInt32LE(header.length, magic.length);
  header.copy(out, magic.length + 4);
  for (let i = 0; i < weights.length; i++) out.writeDoubleLE(weights[i], start + i * 8);
  // Written beside it and renamed: a build stopped half-way leaves the old file or none, never half of one.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, out);
  renameSync(partial, file);
}

/** The saved model when the file is there, readable, and trained from `fingerprint`; otherwise why not. */
export function readSavedModel(file: string, fingerprint: string): SavedModelRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { refused: `unreadable: ${(error as Error).message}` };
  }
  const headerEnd = magic.length + 4 + (bytes.length >= magic.length + 4 ? bytes.readUInt32LE(magic.length) : 0);
  if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic) || headerEnd > bytes.length) return { refused: 'not a saved model' };
  let header: Partial<Header>;
  try {
    header = JSON.parse(bytes.toString('utf8', magic.length + 4, headerEnd)) as Partial<Header>;
  } catch {
    return { refused: 'not a saved model' };
  }
  if (typeof header !== 'object' || header === null || typeof header.model !== 'object' || header.model === null) return { refused: 'no model in it' };
  if (header.trainedFrom !== fingerprint) return { refused: 'trained from other content or settings' };
  const start = Math.ceil(headerEnd / 8) * 8;
  const { terms, labels } = header.model as Partial<MatcherModel>;
  const expected = Array.isArray(terms) && Array.isArray(labels) ? terms.length * labels.length : -1;
  if (start + expected * 8 !== bytes.length) return { refused: 'not a saved model' };
  if (endianness() !== 'LE') return { refused: 'saved on a little-endian machine, read on a big-endian one' };
  // A view when the Buffer's offset in its pool allows one, otherwise one aligned copy; fromModel copies it once more.
  const offset = bytes.byteOffset + start;
  const weights = offset % 8 === 0 ? new Float64Array(bytes.buffer, offset, expected) : new Float64Array(new Uint8Array(bytes.subarray(start)).buffer);
  return { model: { ...header.model, weights } as MatcherModel };
}
