import { chooseLanguage } from '../../../src/bot/middleware/languageMiddleware';
import type { UserProfile } from '../../../src/state/botState';

describe('the language of a turn', () => {
  it.each<[string, UserProfile, string | undefined, 'nl' | 'en']>([
    ['the user\'s choice over everything', { language: 'nl', localeLanguage: 'en', preferredLanguage: 'en' }, 'en-US', 'nl'],
    ['the Teams locale over what was seen and Graph', { localeLanguage: 'nl', preferredLanguage: 'nl' }, 'en-GB', 'en'],
    ['the last Teams locale seen over Graph', { localeLanguage: 'nl', preferredLanguage: 'en' }, undefined, 'nl'],
    ['Graph\'s preferred language when Teams gave none', { preferredLanguage: 'en' }, undefined, 'en'],
    ['Graph\'s when the locale is one the bot does not speak', { preferredLanguage: 'en' }, 'de-DE', 'en'],
    ['Dutch without anything', {}, undefined, 'nl'],
  ])('%s', (_case, profile, locale, language) => {
    expect(chooseLanguage(profile, locale)).toBe(language);
  });
});
