import { resources, namespaces } from '../../src/i18n/translator';
import { languages, type Language } from '../../src/i18n/language';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';

type Tree = { [key: string]: string | string[] | Tree };

function flatten(tree: Tree, prefix: string, out: Map<string, string>): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const full = `${prefix}.${key}`;
    if (typeof value === 'string') out.set(full, value);
    else flatten(value as Tree, full, out);
  }
  return out;
}

/** Every text a person can read, by a key that is the same in both languages: both locale namespaces, and each intent's title and answer. */
function userFacingTexts(language: Language): Map<string, string> {
  const texts = new Map<string, string>();
  for (const namespace of namespaces) flatten(resources[language][namespace] as Tree, namespace, texts);
  for (const intent of loadKnowledgeBase().intents) {
    texts.set(`intents.${intent.id}.title`, intent.title[language]);
    texts.set(`intents.${intent.id}.answer`, intent.answer[language]);
  }
  return texts;
}

/**
 * One name for 2FA per language: "2-factor-authenticatie" in Dutch (the manual's term), "two-factor authentication"
 * in English. Every other name is refused, in either language's texts.
 */
const otherNames: Record<Language, RegExp[]> = {
  nl: [/twee[- ]?staps/i, /in twee stappen/i, /tweefactor/i, /2[- ]?staps/i, /2 factor/i, /2-factor(?!-authenticatie)/i],
  en: [/two[- ]step/i, /2[- ]step/i, /two factor/i, /two-factor(?! authentication)/i, /2[- ]factor/i],
};
const neverEither = [/\b2fa\b/i, /\bmfa\b/i, /multi-?factor/i, /meervoudige/i];

/** What is not prose: URLs (aka.ms/mfasetup), {{placeholders}} and the app's product name "2FA Servicedesk". */
const notProse = [/https?:\/\/[^\s)\]]+/g, /\b[\w-]+(?:\.[\w-]+)+\/[^\s)\]]*/g, /\{\{[^}]*\}\}/g, /2FA Servicedesk/g];
const prose = (text: string) => notProse.reduce((rest, pattern) => rest.replace(pattern, ' '), text);

describe('one voice', () => {
  const texts = { nl: userFacingTexts('nl'), en: userFacingTexts('en') };

  it('has every text in both languages', () => {
    expect([...texts.nl.keys()].filter((key) => !texts.en.has(key))).toEqual([]);
    expect([...texts.en.keys()].filter((key) => !texts.nl.has(key))).toEqual([]);
  });

  it.each(languages)('names two-factor authentication one way in %s', (language) => {
    const offences: string[] = [];
    for (const [key, text] of texts[language]) {
      for (const pattern of [...otherNames[language], ...neverEither]) {
        const found = pattern.exec(prose(text));
        if (found) offences.push(`${key}: "${found[0]}"`);
      }
    }
    expect(offences).toEqual([]);
  });

  it.each([
    ['nl', 'translation.welcome.title', '2-factor-authenticatie'],
    ['en', 'translation.welcome.title', 'two-factor authentication'],
    ['nl', 'guide.parts.mfasetup.title', '2-factor-authenticatie'],
    ['en', 'guide.parts.mfasetup.title', 'two-factor authentication'],
  ] as const)('uses the one name in %s where it names it (%s)', (language, key, name) => {
    expect(texts[language].get(key)).toContain(name);
  });

  it('keeps URLs and the product name, which carry other names, out of the check', () => {
    expect(prose('Ga naar https://aka.ms/mfasetup of aka.ms/mfasetup, {{mfaSetupUrl}}: @2FA Servicedesk registreer')).not.toMatch(/mfa|2fa/i);
    expect(prose('de 2FA-bot, MFA instellen')).toMatch(neverEither[0]);
  });
});
