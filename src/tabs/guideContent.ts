import type { i18n } from 'i18next';
import type { OrganisationConfig } from '../config';
import type { GuideCards } from '../cards/guideCards';
import type { Fact } from '../cards/render';
import { setupGuide, positionAt } from '../guide/setupGuide';
import { languages, type Language } from '../i18n/language';
import { translatorFor, type Translator } from '../i18n/translator';
import type { GuidePage, GuidePageFact, GuidePageImage, GuidePagePart } from './guidePage';

export interface GuideContentDeps {
  cards: GuideCards;
  i18n: i18n;
  organisation: OrganisationConfig;
}

/** A tab API's answer (the shape of src/bot/http/tabRoutes.ts's TabAnswer, which this layer does not import). */
interface Answer {
  status: number;
  body: unknown;
}

/**
 * The guide tab's content: every part and sub-step as the cards show them (GuideCards, setupGuide, the knowledge base,
 * the configuration), so a change in a locale file or the guide shows in the tab and in the chat alike.
 */
export class GuideContent {
  /** Made once per language: the content changes only with a new build or configuration. */
  private readonly pages = new Map<Language, GuidePage>();

  constructor(private readonly deps: GuideContentDeps) {}

  page(language: Language): GuidePage {
    let page = this.pages.get(language);
    if (!page) this.pages.set(language, (page = this.makePage(language)));
    return page;
  }

  /** GET /api/tabs/guide?lang=nl|en: no lang is Dutch (the bot's default), anything else a 400. */
  readonly api = async ({ query }: { query: URLSearchParams }): Promise<Answer> => {
    const asked = query.getAll('lang');
    const lang = asked.length === 0 ? 'nl' : asked.length === 1 ? asked[0] : undefined;
    if (lang === undefined || !(languages as readonly string[]).includes(lang)) {
      return { status: 400, body: { code: 'BadRequest', message: 'lang must be nl or en' } };
    }
    return { status: 200, body: this.page(lang as Language) };
  };

  private makePage(language: Language): GuidePage {
    const { cards, i18n } = this.deps;
    const t = translatorFor(i18n, language);
    const vars = cards.textVariables(t, language);
    return {
      language,
      labels: {
        title: t('tabs.guide.title'),
        intro: t('tabs.guide.intro', vars),
        contents: t('tabs.guide.contents'),
        language: t('tabs.guide.language'),
        languageNames: { nl: translatorFor(i18n, 'nl')('tabs.guide.languageName'), en: translatorFor(i18n, 'en')('tabs.guide.languageName') },
        problems: t('tabs.guide.problems'),
      },
      organisation: { heading: t('tabs.guide.organisationHeading', { organisation: this.deps.organisation.name }), facts: this.organisationFacts(t, language) },
      servicedesk: { heading: t('servicedesk.heading'), text: t('servicedesk.text', vars), facts: cards.servicedeskFacts(t).map(plainFact) },
      parts: setupGuide.map((part, partIndex) => this.makePart(t, language, partIndex)),
    };
  }

  private makePart(t: Translator, language: Language, partIndex: number): GuidePagePart {
    const { cards } = this.deps;
    const first = positionAt(partIndex, 0);
    return {
      id: first.part.id,
      progress: cards.progressLabel(t, first),
      title: cards.partTitle(t, language, first),
      subSteps: first.part.subSteps.map((_, subStepIndex) => {
        const position = positionAt(partIndex, subStepIndex);
        const texts = cards.subStepTexts(t, language, position);
        return {
          id: position.key,
          title: texts.title,
          instruction: texts.instruction,
          image: this.pageImage(texts.image.url, texts.image.alt, texts.image.portrait === true),
          facts: texts.facts.map(plainFact),
          problems: position.subStep.problems.map((id) => {
            const problem = cards.problemTexts(t, language, id);
            return {
              id,
              title: problem.title,
              answer: problem.answer,
              ...(problem.image ? { image: this.pageImage(problem.image.url, problem.image.alt, false) } : {}),
              sources: problem.sources,
            };
          }),
        };
      }),
    };
  }

  /** The card's image, but from the page's own server: the tab's CSP allows images from 'self' only. */
  private pageImage(cardUrl: string, alt: string, portrait: boolean): GuidePageImage {
    return { url: new URL(cardUrl).pathname, alt, portrait };
  }

  private organisationFacts(t: Translator, language: Language): GuidePageFact[] {
    const { organisation, cards } = this.deps;
    const vars = cards.textVariables(t, language);
    return [
      { title: t('tabs.guide.usernameLabel'), value: vars.upn },
      { title: t('tabs.guide.mfaSetupLabel'), value: `[${vars.mfaSetupUrl}](${vars.mfaSetupUrl})` },
      { title: t('tabs.guide.appLabel'), value: t('tabs.guide.appLinks', { appStoreUrl: vars.appStoreUrl, googlePlayUrl: vars.googlePlayUrl }) },
      { title: t('tabs.guide.fortiClientLabel'), value: t('tabs.guide.fortiClientVersion', { version: organisation.fortiClient.minimumVersion }) },
      { title: t('tabs.guide.commonProblemsLabel'), value: t('tabs.guide.commonProblemsLink', { url: vars.commonProblemsUrl }) },
    ];
  }
}

const plainFact = (fact: Fact): GuidePageFact => ({ title: fact.title, value: fact.value });
