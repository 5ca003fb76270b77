import { type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { i18n } from 'i18next';
import type { Language } from '../../i18n/language';
import { languageFromLocale, setTurnTranslation, translatorFor } from '../../i18n/translator';
import type { UserProfile } from '../../state/botState';
import { learnFromDirectory, type KnownUserSource } from '../../state/knownUser';
import { isProactive } from './serialTurns';

/**
 * The language of a turn: the user's explicit choice, else the Teams locale, else the last one seen, else the
 * preferred language Graph gave, else Dutch.
 */
export function chooseLanguage(profile: UserProfile, locale: string | undefined): Language {
  return profile.language ?? languageFromLocale(locale) ?? profile.localeLanguage ?? profile.preferredLanguage ?? 'nl';
}

/**
 * Gives every turn its own fixed translator, chosen per user; never a global language switch. When a turn of a
 * personal chat says no language (an install event often carries no locale, and the first turn has none to remember)
 * and the user chose none, Microsoft Graph is asked for the user's preferred language first, at most once a day
 * (learnFromDirectory); with Graph off, exactly as without it.
 */
export class LanguageMiddleware implements Middleware {
  constructor(
    private readonly profile: StatePropertyAccessor<UserProfile>,
    private readonly i18nInstance: i18n,
    private readonly known: KnownUserSource,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const profile = await this.profile.get(context, {});
    const fromLocale = languageFromLocale(context.activity.locale);
    let changed = false;
    // Some events (often conversationUpdate) carry no locale: remember the last one seen for them.
    if (fromLocale && profile.localeLanguage !== fromLocale) {
      profile.localeLanguage = fromLocale;
      changed = true;
    }
    if (!profile.language && !fromLocale && !profile.localeLanguage && isPersonal(context) && !isProactive(context)) {
      changed = (await learnFromDirectory(this.known, profile, context.activity.from?.aadObjectId)) || changed;
    }
    if (changed) await this.profile.set(context, profile);
    // Graph's preferred language counts only while Graph is on.
    const language = chooseLanguage(this.known.directory.enabled ? profile : { ...profile, preferredLanguage: undefined }, context.activity.locale);
    setTurnTranslation(context, language, translatorFor(this.i18nInstance, language));
    await next();
  }
}

/** The guide lives in 1:1 chats; a channel's or group chat's member is not the user of a guide. */
export const isPersonal = (context: TurnContext): boolean => (context.activity.conversation?.conversationType ?? 'personal') === 'personal';
