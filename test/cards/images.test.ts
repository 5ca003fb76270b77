import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { setupGuide } from '../../src/guide/setupGuide';
import { languages } from '../../src/i18n/language';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { readPng } from '../helpers/png';

const root = path.join(__dirname, '../..');
const imagesDir = path.join(root, 'public/images');
const manifest = JSON.parse(readFileSync(path.join(imagesDir, 'manifest.json'), 'utf8')) as Record<
  string,
  { source: string; language: string; sourceSha256: string; bytes: number }
>;
const answerImages = loadKnowledgeBase().intents.flatMap((intent) => (intent.image ? [intent.image] : []));
const used = [...new Set([...setupGuide.flatMap((part) => part.subSteps.map((s) => s.image)), 'welcome.png', ...answerImages])].sort();
const rendered = languages.flatMap((language) => used.map((image) => ({ language, image, key: `${language}/${image}` })));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.each(rendered)('screenshot $key', ({ language, key }) => {
  const file = path.join(imagesDir, key);

  it('is a PNG of at most 1024×1024 and under 200 KB', () => {
    const info = readPng(file);
    expect(info.width).toBeLessThanOrEqual(1024);
    expect(info.height).toBeLessThanOrEqual(1024);
    expect(info.bytes).toBeLessThan(200 * 1024);
  });

  it('was rendered for its language from its current SVG source (run `npm run images` after editing one)', () => {
    const entry = manifest[key];
    expect(entry).toBeDefined();
    expect(entry.language).toBe(language);
    expect(existsSync(path.join(root, entry.source))).toBe(true);
    expect(sha256(path.join(root, entry.source))).toBe(entry.sourceSha256);
    expect(readFileSync(file).length).toBe(entry.bytes);
  });
});

it.each(languages.flatMap((language) => setupGuide.flatMap((part) => part.subSteps.map((subStep) => ({ language, subStep })))))(
  '$subStep.id is marked portrait exactly when its $language screenshot is taller than wide',
  ({ language, subStep }) => {
    const info = readPng(path.join(imagesDir, language, subStep.image));
    expect(subStep.portrait === true).toBe(info.height > info.width);
  },
);

it.each(languages)('every screenshot a knowledge-base answer refers to exists in %s', (language) => {
  const missing = loadKnowledgeBase().intents.filter((intent) => intent.image && !existsSync(path.join(imagesDir, language, intent.image)));
  expect(missing.map((intent) => intent.id)).toEqual([]);
});

it('every rendered screenshot is used by a card', () => {
  expect(Object.keys(manifest).sort()).toEqual(rendered.map(({ key }) => key).sort());
});

it('public/images holds one folder per language with exactly the rendered screenshots, and nothing else', () => {
  expect(readdirSync(imagesDir).sort()).toEqual([...languages, 'manifest.json'].sort());
  for (const language of languages) expect(readdirSync(path.join(imagesDir, language)).sort()).toEqual(used);
});

it('draws Microsoft\'s pages in the user\'s language: every screenshot with words differs between the languages', () => {
  const sameInEveryLanguage = used.filter((image) => new Set(languages.map((language) => sha256(path.join(imagesDir, language, image)))).size === 1);
  // FortiClient's own window is shown as FortiClient shows it (English); the welcome, the end and the checklist have no words.
  expect(sameInEveryLanguage).toEqual([
    'checklist-smartphone.png',
    'done.png',
    'forticlient-menu.png',
    'forticlient-remote-access.png',
    'forticlient-saml-login.png',
    'forticlient-version.png',
    'welcome.png',
  ]);
});
