import path from 'node:path';
import type { CardAttachment } from '../../src/cards/render';
import { findPosition } from '../../src/guide/setupGuide';
import { translatorFor } from '../../src/i18n/translator';
import { maxFirstNameLength } from '../../src/state/knownUser';
import { CardBrowser } from '../helpers/cardBrowser';
import { phoneWidth } from '../helpers/teamsHostConfig';
import { testBaseUrl } from '../helpers/testConfig';
import { testCards } from '../helpers/testCards';

/** Screenshots, beside those of test/cards/phoneWidth.test.ts (git-ignored with the rest of build/). */
const screenshots = path.join(__dirname, `../../build/cards-${phoneWidth}`);

/** First names as long as they get: one word of wide letters (must wrap, not run off), and a long double name. */
const names = { oneWord: 'W'.repeat(maxFirstNameLength), double: 'Maria-Magdalena Wilhelmina Johanna Anna'.slice(0, maxFirstNameLength) };

/** The cards that greet the user by first name, in both languages, with the longest names. */
function namedCards(): Array<[string, CardAttachment]> {
  const { cards, i18n } = testCards();
  return (['nl', 'en'] as const).flatMap((language) => {
    const t = translatorFor(i18n, language);
    return Object.entries(names).flatMap(([kind, name]): Array<[string, CardAttachment]> => [
      [`${language}-welcome-named-${kind}`, cards.welcome(t, language, name)],
      [`${language}-resume-named-${kind}`, cards.resume(t, language, findPosition('mfasetup.signIn'), name)],
      [`${language}-resume-completed-named-${kind}`, cards.resume(t, language, undefined, name)],
    ]);
  });
}

let browser: CardBrowser;
beforeAll(async () => {
  browser = await CardBrowser.open(testBaseUrl);
});
afterAll(async () => {
  await browser?.close();
});

describe(`the cards that greet by first name, at ${phoneWidth} px in Teams (light)`, () => {
  it.each(namedCards())('%s: nothing cut off, sticking out or hard to read', async (name, card) => {
    expect(JSON.stringify(card)).not.toContain('\u2063');
    expect(await browser.check(card.content, path.join(screenshots, `${name}.png`))).toEqual([]);
  });
});
