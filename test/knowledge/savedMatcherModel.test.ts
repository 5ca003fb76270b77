import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../src/core/logger';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { matcherSettings, startIntentMatcher, trainingData } from '../../src/knowledge/loadIntentMatcher';
import { readSavedModel, trainingFingerprint, writeSavedModel } from '../../src/knowledge/savedMatcherModel';
import { sharedMatcher } from '../helpers/sharedMatcher';

function recordingLogger(): Logger & { lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> } {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push({ level, message, fields });
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

/** A file in the saved model's layout with `header` as its header and no weights. */
function savedFile(header: string): Buffer {
  const text = Buffer.from(header, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(text.length);
  return Buffer.concat([Buffer.from('SDM1', 'ascii'), length, text]);
}

describe('the model the build saves', () => {
  const knowledgeBase = loadKnowledgeBase();
  const data = trainingData(knowledgeBase);
  const fingerprint = trainingFingerprint(data, matcherSettings);
  const model = sharedMatcher().toModel();
  const savedAs = JSON.stringify(model);
  let folder: string;
  let file: string;

  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'saved-model-'));
    file = path.join(folder, 'matcherModel.bin');
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('is loaded at start-up when it was trained from exactly this content and these settings, without a log line', () => {
    writeSavedModel(file, model, fingerprint);
    const logger = recordingLogger();
    const matcher = startIntentMatcher(knowledgeBase, logger, file);
    expect(logger.lines).toEqual([]);
    expect(JSON.stringify(matcher.toModel())).toBe(savedAs); // as a string: toEqual on 10^6 weights takes seconds
  });

  it('has another hash when the content, the out-of-scope lines or a setting changed', () => {
    const [first, ...rest] = data.intents;
    const oneMoreUtterance = { ...first, utterances: { ...first.utterances, nl: [...first.utterances.nl, 'nog een vraag'] } };
    const changed = [
      trainingFingerprint({ ...data, intents: [oneMoreUtterance, ...rest] }, matcherSettings),
      trainingFingerprint({ ...data, outOfScope: { ...data.outOfScope, en: [...data.outOfScope.en, 'what is the weather'] } }, matcherSettings),
      trainingFingerprint(data, { ...matcherSettings, answerThreshold: matcherSettings.answerThreshold - 0.05 }),
    ];
    expect(trainingFingerprint(trainingData(loadKnowledgeBase()), { ...matcherSettings })).toBe(fingerprint);
    for (const other of changed) expect(other).not.toBe(fingerprint);
  });

  it('is refused when it was trained from other content or settings, when it is corrupt, and when it is missing', () => {
    writeSavedModel(file, model, trainingFingerprint(data, { ...matcherSettings, partBoost: 0 }));
    expect(readSavedModel(file, fingerprint)).toEqual({ refused: 'trained from other content or settings' });
    writeFileSync(file, '{"trainedFrom":"');
    expect(readSavedModel(file, fingerprint)).toEqual({ refused: 'not a saved model' });
    writeFileSync(file, savedFile('{"trainedFrom":"'));
    expect(readSavedModel(file, fingerprint)).toEqual({ refused: 'not a saved model' });
    writeFileSync(file, savedFile(JSON.stringify({ trainedFrom: fingerprint })));
    expect(readSavedModel(file, fingerprint)).toEqual({ refused: 'no model in it' });
    writeFileSync(file, savedFile('null'));
    expect(readSavedModel(file, fingerprint)).toEqual({ refused: 'no model in it' });
    // Cut off in the middle of its weights.
    writeSavedModel(file, model, fingerprint);
    writeFileSync(file, readFileSync(file).subarray(0, -3));
    expect(readSavedModel(file, fingerprint)).toEqual({ refused: 'not a saved model' });
    expect(readSavedModel(path.join(folder, 'none.bin'), fingerprint)).toEqual({ missing: true });
  });

  it('when refused, the bot trains as it would without one and logs one line saying why', () => {
    // Hash right, parts that do not fit: the loader's own check refuses it.
    writeSavedModel(file, { ...model, bias: model.bias.slice(1) }, fingerprint);
    const logger = recordingLogger();
    const matcher = startIntentMatcher(knowledgeBase, logger, file);
    expect(logger.lines).toEqual([
      { level: 'warn', message: 'matcher trained at start-up: saved model refused', fields: { file, reason: expect.stringMatching(/do not fit together/) } },
    ]);
    expect(JSON.stringify(matcher.toModel())).toBe(savedAs); // as a string: toEqual on 10^6 weights takes seconds
  });

  it('when missing, the bot trains and says so in one info line', () => {
    const logger = recordingLogger();
    startIntentMatcher(knowledgeBase, logger, file);
    expect(logger.lines).toEqual([{ level: 'info', message: 'matcher trained at start-up: no saved model', fields: { file } }]);
  });
});
