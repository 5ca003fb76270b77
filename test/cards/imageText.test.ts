import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setupGuide } from '../../src/guide/setupGuide';
import { languages, type Language } from '../../src/i18n/language';
import { readScreenshotSource, textsIn, type ScreenshotSource } from '../helpers/svgText';

/** The words on the drawn screens: legible on a phone, in the user's language, and consistent with the guide's texts. */

const root = path.join(__dirname, '../..');
const sourceDir = path.join(root, 'assets/screenshots');
const sources = new Map<string, ScreenshotSource>(
  readdirSync(sourceDir)
    .filter((file) => file.endsWith('.svg'))
    .sort()
    .map((file) => [path.basename(file, '.svg'), readScreenshotSource(readFileSync(path.join(sourceDir, file), 'utf8'), file)]),
);
const sourceOf = (image: string): ScreenshotSource => {
  const source = sources.get(path.basename(image, '.png'));
  if (!source) throw new Error(`no source for ${image}`);
  return source;
};

// On a 360 px phone Teams shows a card image about 330 px wide; a portrait phone screenshot 240 px (stepCard.json).
const shownWidthPx = { landscape: 330, portrait: 240 };
const smallestLegiblePx = 11;

describe.each([...sources].map(([name, source]) => ({ name, source })))('$name', ({ source }) => {
  const shownWidth = source.viewBoxHeight > source.viewBoxWidth ? shownWidthPx.portrait : shownWidthPx.landscape;

  it(`draws every text at least ${smallestLegiblePx} px tall when shown on a phone`, () => {
    const tooSmall = source.texts
      .filter((text) => text.scaled || (text.fontSize * shownWidth) / source.viewBoxWidth < smallestLegiblePx)
      .map((text) => `"${text.text}" at font-size ${text.fontSize}${text.scaled ? ' in a scaled group' : ''}`);
    expect({ shownWidth, viewBoxWidth: source.viewBoxWidth, tooSmall }).toEqual({ shownWidth, viewBoxWidth: source.viewBoxWidth, tooSmall: [] });
  });

  it('has one child per language in every <switch>', () => {
    for (const children of source.switches) expect([...children].sort()).toEqual([...languages].sort());
  });
});

describe('sample values that look real', () => {
  const exampleWord: Record<Language, string> = { nl: 'voorbeeld', en: 'example' };
  const samples = ['mfasetup-qr', 'mfasetup-number', 'mfasetup-phone', 'forticlient-approve', 'forticlient-settings', 'checklist-username', 'mfasetup-signin', 'forticlient-signin'];

  it.each(samples.flatMap((image) => languages.map((language) => ({ image, language }))))('$image says "example" in $language', ({ image, language }) => {
    const words = textsIn(sourceOf(image), language).map((text) => text.toLowerCase());
    expect(words).toContain(exampleWord[language]);
  });
});

describe('the guide quotes the labels of its pictures', () => {
  type Guide = { steps: Record<string, Record<string, { instruction: string }>> };
  const guides = Object.fromEntries(
    languages.map((language) => [language, JSON.parse(readFileSync(path.join(root, `src/locales/${language}/guide.json`), 'utf8')) as Guide]),
  ) as Record<Language, Guide>;
  /** The **bold** labels of an instruction, without links and placeholders. */
  const quotedLabels = (instruction: string) => [...instruction.matchAll(/\*\*(.+?)\*\*/g)].map((match) => match[1]).filter((label) => !/[{[]/.test(label));

  /** The labels quoted in `language` that the picture draws in some language but not in `language`. */
  function labelsFromAnotherLanguage(partId: string, subStepId: string, image: string, language: Language): string[] {
    const source = sourceOf(image);
    const drawnAnywhere = languages.flatMap((other) => textsIn(source, other)).join('\n');
    const drawnHere = textsIn(source, language).join('\n');
    return quotedLabels(guides[language].steps[partId][subStepId].instruction).filter((label) => drawnAnywhere.includes(label) && !drawnHere.includes(label));
  }

  const cases = setupGuide.flatMap((part) =>
    part.subSteps.flatMap((subStep) => languages.map((language) => ({ key: `${part.id}.${subStep.id}`, part: part.id, subStep, language }))),
  );
  // guide.json (owned by the texts, not the pictures) still quotes the English labels of Microsoft's window in FortiClient,
  // which a Dutch computer shows in Dutch. When the Dutch text quotes "Werk- of schoolaccount", this passes: make it a plain case.
  it.each(cases)('$language $key', ({ part, subStep, language }) => {
    expect(labelsFromAnotherLanguage(part, subStep.id, subStep.image, language)).toEqual([]);
  });
});
