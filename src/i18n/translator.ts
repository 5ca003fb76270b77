import i18next, { type i18n, type TFunction } from 'i18next';
import nlTranslation from '../locales/nl/translation.json';
import enTranslation from '../locales/en/translation.json';
import nlGuide from '../locales/nl/guide.json';
import enGuide from '../locales/en/guide.json';
import { type Language, languages } from './language';

export type Translator = TFunction;
export const namespaces = ['translation', 'guide'] as const;
export const resources = {
  nl: { translation: nlTranslation, guide: nlGuide },
  en: { translation: enTranslation, guide: enGuide },
};

export type MissingKeyHandler = (language: string, namespace: string, key: string) => void;

/**
 * One i18next instance per bot; each turn takes a fixed translator from it (`translatorFor`),
 * so a turn never changes the language of another.
 */
export function createI18n(onMissingKey?: MissingKeyHandler): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'nl',
    fallbackLng: false,
    supportedLngs: [...languages],
    ns: [...namespaces],
    defaultNS: 'translation',
    initAsync: false,
    showSupportNotice: false,
    returnNull: false,
    saveMissing: onMissingKey !== undefined,
    missingKeyHandler: (lngs, ns, key) => onMissingKey?.(lngs.join(','), ns, key),
    // Card text is Adaptive Card markdown, not HTML: people's texts are escaped with escapeMarkdown before they go in.
    // A value is never interpolated again, so a display name "{{name}}" or "$t(...)" stays literally that.
    interpolation: { escapeValue: false, skipOnVariables: true },
  });
  return instance;
}

export function translatorFor(instance: i18n, language: Language): Translator {
  return instance.getFixedT(language);
}

/** Maps a Teams locale such as "en-US" or "nl-NL" to a supported language; Dutch otherwise. */
export function languageFromLocale(locale: string | undefined): Language | undefined {
  if (!locale) return undefined;
  const primary = locale.toLowerCase().split(/[-_]/)[0];
  return (languages as readonly string[]).includes(primary) ? (primary as Language) : undefined;
}

const turnTranslationKey = Symbol('turnTranslation');

interface TurnTranslation {
  language: Language;
  t: Translator;
}

interface TurnStateHolder {
  turnState: Map<unknown, unknown>;
}

/** Puts this turn's language and translator on the turn context (set once per turn by the bot). */
export function setTurnTranslation(context: TurnStateHolder, language: Language, t: Translator): void {
  context.turnState.set(turnTranslationKey, { language, t } satisfies TurnTranslation);
}

function turnTranslation(context: TurnStateHolder): TurnTranslation {
  const value = context.turnState.get(turnTranslationKey) as TurnTranslation | undefined;
  if (!value) throw new Error('No translator on this turn: the bot must call setTurnTranslation first');
  return value;
}

export const turnT = (context: TurnStateHolder): Translator => turnTranslation(context).t;
export const turnLanguage = (context: TurnStateHolder): Language => turnTranslation(context).language;
