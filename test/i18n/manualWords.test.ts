import { createI18n, translatorFor } from '../../src/i18n/translator';
import type { Language } from '../../src/i18n/language';
import { testCards } from '../helpers/testCards';

/**
 * The manual's own words (handleiding-2fa.txt), in the texts the bot reads them from: why this is needed, the
 * FortiClient version, what to do without a smartphone, how the guide ends. Checked on the texts as the cards
 * fill them in (organisation name, FortiClient version), without markdown emphasis.
 */
const i18n = createI18n();
const { cards } = testCards();

function text(language: Language, key: string): string {
  const t = translatorFor(i18n, language);
  return t(key, cards.textVariables(t, language)).replace(/\*\*/g, '');
}

const firstSentence = (paragraph: string) => paragraph.split(/(?<=[.!?])\s/)[0];

describe.each([
  {
    language: 'nl' as const,
    why: [/medische gegevens/i, /verplicht/],
    version: ['FortiClient op versie 7, de nieuwste versie', 'blauwe icoontje', 'rechtsboven', '(i)'],
    noSmartphone: 'Geen smartphone? Neem contact op met Zorgring.',
    promise: /regelt/,
    settings: 'Zorg dat de instellingen zoals hieronder zijn ingesteld.',
    copyExactly: /precies|afbeelding/,
    done: ['beter beschermd tegen eventueel misbruik van persoonsgegevens', 'Kom je er niet uit? Neem contact op met de Servicedesk van Zorgring. Ze staan klaar om je te helpen.'],
  },
  {
    language: 'en' as const,
    why: [/medical data/i, /required/],
    version: ['FortiClient on version 7, the newest version', 'blue icon', 'top right', '(i)'],
    noSmartphone: 'No smartphone? Contact Zorgring.',
    promise: /sort something out/,
    settings: 'Make sure the settings are set as listed below.',
    copyExactly: /exactly|picture/,
    done: ['better protected against any misuse of personal data', 'Still stuck? Contact the Zorgring servicedesk. They are ready to help you.'],
  },
])('the manual\'s words in $language', ({ language, why, version, noSmartphone, promise, settings, copyExactly, done }) => {
  it('the welcome says why in its first line: medical data, a legal obligation', () => {
    const why1 = firstSentence(text(language, 'welcome.intro'));
    for (const pattern of why) expect(why1).toMatch(pattern);
  });

  it('FortiClient on version 7, the newest version, with the blue icon and the version at (i) top right', () => {
    const instruction = text(language, 'guide:steps.prerequisites.fortiClientVersion.instruction');
    for (const words of version) expect(instruction).toContain(words);
  });

  it('no smartphone: contact the organisation, as the manual says, and no promise', () => {
    const instruction = text(language, 'guide:steps.prerequisites.smartphone.instruction');
    expect(instruction).toContain(noSmartphone);
    expect(instruction).not.toMatch(promise);
  });

  it('the VPN settings as listed, not copied exactly from a picture of example values', () => {
    const instruction = text(language, 'guide:steps.forticlient.checkSettings.instruction');
    expect(instruction).toContain(settings);
    expect(instruction).not.toMatch(copyExactly);
  });

  it('ends as the manual ends: better protected, and the servicedesk ready to help', () => {
    const instruction = text(language, 'guide:steps.done.done.instruction');
    for (const words of done) expect(instruction).toContain(words);
  });
});
