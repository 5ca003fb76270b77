import type { Attachment } from 'botbuilder';
import { positionAt, setupGuide, type Position } from '../../src/guide/setupGuide';
import { resources, translatorFor } from '../../src/i18n/translator';
import type { Language } from '../../src/i18n/language';
import { upnInDomain } from '../../src/state/turnUser';
import { textOf } from '../helpers/cardText';
import { testCards } from '../helpers/testCards';
import { testConfig } from '../helpers/testConfig';

const bot = testCards();
const domain = testConfig().organisation.upnDomain;
const languages = ['nl', 'en'] as const;
const t = (language: Language) => translatorFor(bot.i18n, language);
const own = `j.jansen@${domain}`;
const example = (language: Language) => t(language)('organisation.upnExample', { domain });
const text = (card: Attachment) => textOf({ attachments: [card] });
const positions: Position[] = setupGuide.flatMap((part, p) => part.subSteps.map((_, s) => positionAt(p, s)));
const signIn = positions.find((position) => position.key === 'mfasetup.signIn')!;
const upnIntents = bot.knowledgeBase.intents.filter((intent) => languages.some((language) => intent.answer[language].includes('{{upn}}')));

describe('which UPN counts as the user\'s own', () => {
  it.each([own, `J.Jansen@${domain.toUpperCase()}`, `o'brien-de_vries@${domain}`, `evil.com@${domain}`])('%s is in the domain', (upn) => {
    expect(upnInDomain(upn, domain)).toBe(upn);
    expect(upnInDomain(upn, domain.toUpperCase())).toBe(upn);
  });

  it.each([
    undefined,
    '',
    domain,
    `@${domain}`,
    `j.jansen@evil-${domain}`,
    `j.jansen@sub.${domain}`,
    `j.jansen@${domain}.evil.com`,
    `j.jansen@${domain}@evil.com`,
    `x@evil.com@${domain}`,
    `j.jansen@${domain} `,
    `j jansen@${domain}`,
    `<b>jan</b>@${domain}`,
    `**jan**@${domain}`,
    `[jan](https://evil.com)@${domain}`,
    `${'j'.repeat(65)}@${domain}`,
  ])('%j is not', (upn) => {
    expect(upnInDomain(upn, domain)).toBeUndefined();
  });
});

describe.each(languages)('the username on the cards in %s', (language) => {
  it('is the user\'s own, in bold, when Teams gave one in the domain', () => {
    expect(bot.cards.textVariables(t(language), language, own).upn).toBe(`**${own}**`);
    const card = text(bot.cards.step(t(language), language, signIn, own));
    expect(card).toContain(`**${own}**`);
    expect(card).not.toContain(example(language));
  });

  it('is a worked example, marked as one, without a UPN or with one outside the domain', () => {
    for (const upn of [undefined, `j.jansen@evil-${domain}`, `j.jansen@${domain}.evil.com`]) {
      const card = text(bot.cards.step(t(language), language, signIn, upn));
      expect(card).toContain(example(language));
      expect(card).not.toContain(`**${own}**`);
      if (upn) expect(card).not.toContain(upn);
    }
    // The example names the domain and a sample name, and says it is an example.
    expect(example(language)).toContain(`@${domain}`);
    expect(example(language)).toMatch(language === 'nl' ? /bijvoorbeeld _j\.jansen@/ : /for example _j\.jansen@/);
  });

  it('keeps a UPN\'s markdown characters inert', () => {
    expect(bot.cards.textVariables(t(language), language, `j_de~vries@${domain}`).upn).toBe(`**j\\_de\\~vries@${domain}**`);
  });

  it.each(upnIntents.map((intent) => intent.id))('answer %s names the own UPN or the example', (intentId) => {
    const alternatives: string[] = [];
    expect(text(bot.cards.answer(t(language), language, intentId, { alternatives, upn: own }))).toContain(`**${own}**`);
    expect(text(bot.cards.answer(t(language), language, intentId, { alternatives }))).toContain(example(language));
  });
});

/** Markdown in Teams drops what looks like an HTML tag ("<naam>"), so none may reach a card. */
const tagLike = /<\/?[a-z!]/i;

describe.each(languages)('no angle-bracket placeholder reaches a card in %s', (language) => {
  const variants = { own, none: undefined, outside: `jan@${domain}.evil.com` };

  it.each(Object.entries(variants))('with the %s UPN, in every step, title and answer', (_variant, upn) => {
    const texts = [
      ...positions.map((position) => text(bot.cards.step(t(language), language, position, upn))),
      ...positions.map((position) => bot.cards.stepTitle(t(language), language, position)),
      ...bot.knowledgeBase.intents.map((intent) => text(bot.cards.answer(t(language), language, intent.id, { alternatives: [], upn }))),
    ];
    expect(texts.filter((shown) => tagLike.test(shown))).toEqual([]);
  });

  it.each(Object.entries(variants))('with the %s UPN, in every text of the translations and the guide', (_variant, upn) => {
    const vars = bot.cards.textVariables(t(language), language, upn);
    const keys = (tree: object, prefix: string): string[] =>
      Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : Array.isArray(value) ? [] : keys(value, `${prefix}${key}.`)));
    const texts = [...keys(resources[language].translation, ''), ...keys(resources[language].guide, 'guide:')].map((key) => t(language)(key, vars));
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.filter((shown) => tagLike.test(shown))).toEqual([]);
  });
});
