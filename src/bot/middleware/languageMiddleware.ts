import { type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { i18n } from 'i18next';
import type { Language } from '../../i18n/language';
import { languageFromLocale, setTurnTranslation, translatorFor } from '../../i18n/translator';
import type { UserProfile } from '../../state/botState';

/** The language of a turn: the user's explicit choice, else the Teams locale, else the last one seen, else Dutch. */
export function chooseLanguage(profile: UserProfile, locale: string | undefined): Language {
  return profile.language ?? languageFromLocale(locale) ?? profile.localeLanguage ?? 'nl';
}

/** Gives every turn its own fixed translator, chosen per user; never a global language switch. */
export class LanguageMiddleware implements Middleware {
  constructor(
    private readonly profile: StatePropertyAccessor<UserProfile>,
    private readonly i18nInstance: i18n,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const profile = await this.profile.get(context, {});
    const fromLocale = languageFromLocale(context.activity.locale);
    // Some events (often conversationUpdate) carry no locale: remember the last one seen for them.
    if (fromLocale && profile.localeLanguage !== fromLocale) {
      profile.localeLanguage = fromLocale;
      await this.profile.set(context, profile);
    }
    const language = chooseLanguage(profile, context.activity.locale);
    setTurnTranslation(context, language, translatorFor(this.i18nInstance, language));
    await next();
  }
}
