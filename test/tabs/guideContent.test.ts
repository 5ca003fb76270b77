import { startTestApp, translate, knowledge } from '../helpers/appHarness';
import { imagesOf, textOf } from '../helpers/cardText';
import { testCards } from '../helpers/testCards';
import { testConfig } from '../helpers/testConfig';
import { GuideCards, guideTabDeepLink } from '../../src/cards/guideCards';
import { createI18n, translatorFor } from '../../src/i18n/translator';
import { findPosition, positionAt, setupGuide } from '../../src/guide/setupGuide';
import { GuideContent } from '../../src/tabs/guideContent';
import type { GuidePage } from '../../src/tabs/guidePage';
import type { Language } from '../../src/i18n/language';

const positions = setupGuide.flatMap((part, partIndex) => part.subSteps.map((_, subStepIndex) => positionAt(partIndex, subStepIndex)));
const asActivity = (card: object) => ({ attachments: [card as never] });

/** The guide tab's API: the whole guide in one language, from the same texts, guide and knowledge base as the cards. */
describe('GET /api/tabs/guide', () => {
  it.each([
    ['nl', 'nl'],
    ['en', 'en'],
    [undefined, 'nl'],
  ] as const)('answers lang=%s with every part and sub-step in %s', async (asked, language) => {
    const app = await startTestApp();
    const answer = await fetch(`${app.bot.url}/api/tabs/guide${asked ? `?lang=${asked}` : ''}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    const page = (await answer.json()) as GuidePage;
    const t = translate(language);
    expect(page.language).toBe(language);
    expect(page.labels.title).toBe(t('tabs.guide.title'));
    expect(page.labels.languageNames).toEqual({ nl: translate('nl')('tabs.guide.languageName'), en: translate('en')('tabs.guide.languageName') });
    expect(page.parts.map((part) => part.id)).toEqual(setupGuide.map((part) => part.id));
    expect(page.parts.map((part) => part.title)).toEqual(setupGuide.map((part) => t(`guide:parts.${part.id}.title`)));
    expect(page.parts[2].progress).toBe(t('progress.manualStep', { step: 2, total: 3 }));
    const subSteps = page.parts.flatMap((part) => part.subSteps);
    expect(subSteps.map((subStep) => subStep.id)).toEqual(positions.map((position) => position.key));
    for (const [i, subStep] of subSteps.entries()) {
      const { subStep: source, key } = positions[i];
      expect(subStep.image.url).toBe(`/images/${language}/${source.image}`);
      expect(subStep.image.alt).not.toBe('');
      expect(subStep.title).not.toContain('{{');
      expect(subStep.instruction).not.toContain('{{');
      expect(subStep.problems.map((problem) => problem.id)).toEqual(source.problems);
      for (const problem of subStep.problems) {
        expect(problem.title).toBe(knowledge().get(problem.id)!.title[language]);
        expect(problem.answer).not.toMatch(/\{\{/);
      }
      expect(key).toBe(subStep.id);
    }
    // The images are there, on the server the page comes from.
    const image = await fetch(`${app.bot.url}${subSteps[0].image.url}`);
    expect(image.status).toBe(200);
    // The worked example of the username, the organisation's facts and the servicedesk, as the bot says them.
    const config = testConfig();
    const signIn = subSteps.find((subStep) => subStep.id === 'mfasetup.signIn')!;
    expect(signIn.instruction).toContain(t('organisation.upnExample', { domain: config.organisation.upnDomain }));
    const facts = page.organisation.facts.map((fact) => fact.value).join('\n');
    expect(facts).toContain(config.organisation.upnDomain);
    expect(facts).toContain(config.organisation.links.mfaSetup);
    expect(facts).toContain(config.organisation.links.commonProblems[language]);
    expect(page.servicedesk.heading).toBe(t('servicedesk.heading'));
    expect(page.servicedesk.facts.map((fact) => fact.value).join('\n')).toContain(config.organisation.servicedesk.phone);
    expect(subSteps.find((subStep) => subStep.id === 'forticlient.checkSettings')!.facts.map((fact) => fact.value)).toContain('SSL-VPN');
  });

  const badLanguages = ['fr', 'NL', 'nl-NL', '', 'nl&lang=en', '%00', 'x'.repeat(5000), '<script>', '__proto__', 'constructor'];
  it.each(badLanguages.map((lang) => [lang.length > 20 ? `${lang.slice(0, 5)}… (${lang.length} characters)` : lang, lang]))('answers 400 for lang=%s', async (_label, lang) => {
    const app = await startTestApp();
    const answer = await fetch(`${app.bot.url}/api/tabs/guide?lang=${lang}`);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ code: 'BadRequest', message: 'lang must be nl or en' });
  });
});

describe('the guide tab and the cards', () => {
  const { i18n, knowledgeBase, cards } = testCards();
  const config = testConfig();
  const content = new GuideContent({ cards, i18n, organisation: config.organisation });

  it.each(['nl', 'en'] as const)('says what each sub-step card says, in %s', (language: Language) => {
    const t = translatorFor(i18n, language);
    const page = content.page(language);
    const subSteps = page.parts.flatMap((part) => part.subSteps);
    for (const [i, position] of positions.entries()) {
      const card = asActivity(cards.step(t, language, position));
      const cardTexts = textOf(card).split('\n');
      const subStep = subSteps[i];
      expect(cardTexts).toContain(subStep.title);
      expect(textOf(card)).toContain(subStep.instruction);
      const [cardImage] = imagesOf(card);
      expect(cardImage.altText).toBe(subStep.image.alt);
      expect(new URL(cardImage.url).pathname).toBe(subStep.image.url);
      for (const fact of subStep.facts) expect(cardTexts).toContain(`${fact.title}: ${fact.value}`);
      for (const problem of subStep.problems) {
        const answerCard = textOf(asActivity(cards.answer(t, language, problem.id, { alternatives: [] })));
        expect(answerCard).toContain(problem.title);
        expect(answerCard).toContain(problem.answer);
        if (problem.sources) expect(answerCard).toContain(problem.sources);
      }
    }
    const servicedeskCard = textOf(asActivity(cards.servicedesk(t, language, false)));
    expect(servicedeskCard).toContain(page.servicedesk.text);
    for (const fact of page.servicedesk.facts) expect(servicedeskCard).toContain(`${fact.title}: ${fact.value}`);
  });

  it('shows a changed locale text in the tab and in the card alike', () => {
    const changed = createI18n();
    changed.addResource('nl', 'guide', 'steps.mfasetup.enterNumber.instruction', 'Typ het **nieuwe** getal over.');
    changed.addResource('en', 'translation', 'tabs.guide.problems', 'Stuck here?');
    const changedCards = new GuideCards({ organisation: config.organisation, knowledgeBase, publicBaseUrl: config.publicBaseUrl });
    const changedContent = new GuideContent({ cards: changedCards, i18n: changed, organisation: config.organisation });
    const position = findPosition('mfasetup.enterNumber')!;
    const card = textOf(asActivity(changedCards.step(translatorFor(changed, 'nl'), 'nl', position)));
    const tab = changedContent.page('nl').parts.flatMap((part) => part.subSteps).find((subStep) => subStep.id === position.key)!;
    expect(card).toContain('Typ het **nieuwe** getal over.');
    expect(tab.instruction).toBe('Typ het **nieuwe** getal over.');
    expect(changedContent.page('en').labels.problems).toBe('Stuck here?');
  });

  it.each(['nl', 'en'] as const)('links the done card to the guide tab, in %s', (language) => {
    const t = translatorFor(i18n, language);
    const done = cards.step(t, language, findPosition('done.done')!).content as { actions: Array<{ type: string; title: string; url?: string }> };
    const link = done.actions.find((action) => action.type === 'Action.OpenUrl');
    expect(link).toEqual({ type: 'Action.OpenUrl', title: t('tabs.guide.doneCardLink'), url: guideTabDeepLink(config.rollout.manifestAppId) });
    expect(link!.url).toBe(`https://teams.microsoft.com/l/entity/${config.rollout.manifestAppId}/guide`);
    // Without the app's id there is nowhere to link to.
    const noApp = new GuideCards({ organisation: config.organisation, knowledgeBase, publicBaseUrl: config.publicBaseUrl });
    const plain = noApp.step(t, language, findPosition('done.done')!).content as { actions: Array<{ type: string }> };
    expect(plain.actions.map((action) => action.type)).toEqual(['Action.Submit']);
  });
});
