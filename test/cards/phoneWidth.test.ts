import path from 'node:path';
import { CardBrowser } from '../helpers/cardBrowser';
import { everyCard } from '../helpers/everyCard';
import { phoneWidth } from '../helpers/teamsHostConfig';
import { testBaseUrl } from '../helpers/testConfig';

/** Screenshots of every card at phone width, to look at (git-ignored with the rest of build/). */
const screenshots = path.join(__dirname, `../../build/cards-${phoneWidth}`);

const cards = everyCard();
let browser: CardBrowser;

beforeAll(async () => {
  browser = await CardBrowser.open(testBaseUrl);
});

afterAll(async () => {
  await browser?.close();
});

describe(`every card at ${phoneWidth} px in Teams (light)`, () => {
  it.each(cards.map((card) => [card.name, card] as const))('%s: nothing cut off, sticking out or hard to read', async (name, { card }) => {
    const problems = await browser.check(card.content, path.join(screenshots, `${name}.png`));
    expect(problems).toEqual([]);
  });
});
