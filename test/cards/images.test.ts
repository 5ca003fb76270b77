import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setupGuide } from '../../src/guide/setupGuide';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { readPng } from '../helpers/png';

const root = path.join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'public/images/manifest.json'), 'utf8')) as Record<
  string,
  { source: string; sourceSha256: string }
>;
const used = [...new Set([...setupGuide.flatMap((part) => part.subSteps.map((s) => s.image)), 'welcome.png'])];
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.each(used)('screenshot %s', (image) => {
  const file = path.join(root, 'public/images', image);

  it('is a PNG of at most 1024×1024 and under 200 KB', () => {
    const info = readPng(file);
    expect(info.width).toBeLessThanOrEqual(1024);
    expect(info.height).toBeLessThanOrEqual(1024);
    expect(info.bytes).toBeLessThan(200 * 1024);
  });

  it('was rendered from its current SVG source (run `npm run images` after editing one)', () => {
    const entry = manifest[image];
    expect(entry).toBeDefined();
    expect(existsSync(path.join(root, entry.source))).toBe(true);
    expect(sha256(path.join(root, entry.source))).toBe(entry.sourceSha256);
  });
});

it.each(setupGuide.flatMap((part) => part.subSteps))('$id is marked portrait exactly when its screenshot is taller than wide', (subStep) => {
  const info = readPng(path.join(root, 'public/images', subStep.image));
  expect(subStep.portrait === true).toBe(info.height > info.width);
});

it('every screenshot a knowledge-base answer refers to exists', () => {
  const missing = loadKnowledgeBase().intents.filter((intent) => intent.image && !existsSync(path.join(root, 'public/images', intent.image)));
  expect(missing.map((intent) => intent.id)).toEqual([]);
});

it('every rendered screenshot is used by a card', () => {
  expect(Object.keys(manifest).sort()).toEqual([...used].sort());
});
