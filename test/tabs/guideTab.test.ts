import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import type { Frame, Page } from 'playwright-core';
import { startTestApp, translate, type TestApp } from '../helpers/appHarness';
import { TabBrowser, firstHeadingAt } from '../helpers/tabBrowser';
import { testCards } from '../helpers/testCards';
import { positionAt, setupGuide } from '../../src/guide/setupGuide';
import type { Language } from '../../src/i18n/language';

const positions = setupGuide.flatMap((part, partIndex) => part.subSteps.map((_, subStepIndex) => positionAt(partIndex, subStepIndex)));
const { cards } = testCards();
const backgrounds = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

/** "#292929" as the browser reports it: "rgb(41, 41, 41)". */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

let app: TestApp;
let browser: TabBrowser;
beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp(), TabBrowser.launch()]);
});
afterAll(() => browser?.close());

async function openGuide(options: { locale?: string; width?: number } = {}): Promise<Page> {
  const page = await browser.page(app.bot.url, options);
  await page.goto(`${app.bot.url}/tabs/guide`);
  await page.locator('h1').waitFor();
  return page;
}

const guideBackground = (page: Page | Frame) => page.locator('.guide').evaluate((element) => getComputedStyle(element).backgroundColor);
/** The guide tab (web/guide) in headless Chromium, served by the app the tests start, outside Teams. */
describe('the guide tab', () => {
  it.each([
    ['en-GB', 'en'],
    ['nl-NL', 'nl'],
    ['fr-FR', 'nl'],
  ] as const)('renders within a second outside Teams, in the language of a %s browser and the light theme', async (locale, language) => {
    const page = await browser.page(app.bot.url, { locale });
    await page.goto(`${app.bot.url}/tabs/guide`);
    expect(await firstHeadingAt(page)).toBeLessThan(1000);
    expect(await page.locator('h1').textContent()).toBe(translate(language)('tabs.guide.title'));
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    expect(await page.getAttribute('html', 'data-theme')).toBe('default');
    expect(await guideBackground(page)).toBe(rgb(teamsLightTheme.colorNeutralBackground1));
  });

  it.each(['nl', 'en'] as const)('shows every part, sub-step and screenshot with its alt text, in %s', async (language: Language) => {
    const page = await openGuide({ locale: language === 'en' ? 'en-US' : 'nl-NL' });
    const t = translate(language);
    const vars = cards.textVariables(t, language);
    expect(await page.locator('main h2').allTextContents()).toEqual([
      t('tabs.guide.organisationHeading', { organisation: vars.organisation }),
      ...setupGuide.map((part) => `${cards.progressLabel(t, positionAt(setupGuide.indexOf(part), 0)) === t(`guide:parts.${part.id}.title`) ? '' : cards.progressLabel(t, positionAt(setupGuide.indexOf(part), 0))}${t(`guide:parts.${part.id}.title`)}`),
      t('servicedesk.heading'),
    ]);
    expect(await page.locator('nav a').count()).toBe(setupGuide.length);
    expect(await page.locator('main h3').allTextContents()).toEqual(positions.map((position) => t(`guide:steps.${position.key}.title`, vars)));
    const images = await page.locator('main article > figure img').evaluateAll((elements) =>
      (elements as HTMLImageElement[]).map((img) => ({ src: new URL(img.src).pathname, alt: img.alt, loaded: img.complete && img.naturalWidth > 0 })),
    );
    expect(images).toEqual(positions.map((position) => ({ src: `/images/${language}/${position.subStep.image}`, alt: t(`guide:steps.${position.key}.imageAlt`, vars), loaded: true })));
    // Each sub-step's known problems, with the knowledge base's titles, folded until asked for.
    const problemCount = positions.reduce((count, position) => count + position.subStep.problems.length, 0);
    expect(await page.locator('main details').count()).toBe(problemCount);
    expect(await page.locator('main details[open]').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain(t('servicedesk.text', vars));
  });

  it('has its landmarks and headings in order', async () => {
    const page = await openGuide();
    for (const role of ['banner', 'navigation', 'main'] as const) expect(await page.getByRole(role).count()).toBe(1);
    const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((headings) => headings.map((heading) => Number(heading.tagName[1])));
    expect(levels[0]).toBe(1);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    for (const [i, level] of levels.entries()) if (i > 0) expect(level).toBeLessThanOrEqual(levels[i - 1] + 1);
  });

  it('reaches a known problem with Tab, shows where the focus is, and opens it with Enter', async () => {
    const page = await openGuide();
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const style = getComputedStyle(element);
        return { tag: element.tagName.toLowerCase(), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1 };
      });
    let now = await focused();
    for (let presses = 0; presses < 40 && now.tag !== 'summary'; presses++) {
      await page.keyboard.press('Tab');
      now = await focused();
      // Every stop on the way (switch buttons, nav links, page links) shows the focus.
      if (now.tag !== 'body') expect(now).toEqual({ tag: now.tag, outline: true });
    }
    expect(now.tag).toBe('summary');
    await page.keyboard.press('Enter');
    expect(await page.locator('main details').first().getAttribute('open')).not.toBeNull();
  });

  it('switches language with the buttons on the page', async () => {
    const page = await openGuide({ locale: 'nl-NL' });
    const english = page.getByRole('button', { name: translate('en')('tabs.guide.languageName') });
    const dutch = page.getByRole('button', { name: translate('nl')('tabs.guide.languageName') });
    expect(await dutch.getAttribute('aria-pressed')).toBe('true');
    expect(await english.getAttribute('aria-pressed')).toBe('false');
    await english.click();
    await page.locator('h1', { hasText: translate('en')('tabs.guide.title') }).waitFor();
    expect(await english.getAttribute('aria-pressed')).toBe('true');
    expect(await dutch.getAttribute('aria-pressed')).toBe('false');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('main h3').first().textContent()).toBe(translate('en')(`guide:steps.${positions[0].key}.title`));
    await dutch.click();
    await page.locator('h1', { hasText: translate('nl')('tabs.guide.title') }).waitFor();
  });

  it.each(['default', 'dark', 'contrast'] as const)('has no serious or critical accessibility violations in the %s theme', async (theme) => {
    const teams = await browser.openInTeams(app.bot.url, '/tabs/guide', { locale: 'nl-nl', theme });
    await teams.tab.locator('h1').waitFor();
    expect(await teams.tab.getAttribute('html', 'data-theme')).toBe(theme);
    // The known problems open too, so their answers are checked as well.
    await teams.tab.locator('main details').evaluateAll((elements) => elements.forEach((element) => ((element as HTMLDetailsElement).open = true)));
    expect(await TabBrowser.seriousViolations(teams.tab)).toEqual([]);
  });

  it.each(['nl-NL', 'en-GB'])('prints one part per A4 page, without the nav and the language switch (%s)', async (locale) => {
    const page = await openGuide({ locale });
    expect(await TabBrowser.printedPages(page)).toBe(setupGuide.length);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(await page.locator('.guide-switch').isVisible()).toBe(false);
  });

  it.each(['nl-NL', 'en-GB'])('fits a 360 px phone without scrolling sideways (%s), with every problem open', async (locale) => {
    const page = await openGuide({ locale, width: 360 });
    expect(await TabBrowser.horizontalOverflow(page)).toBe(0);
    await page.locator('main details').evaluateAll((elements) => elements.forEach((element) => ((element as HTMLDetailsElement).open = true)));
    expect(await TabBrowser.horizontalOverflow(page)).toBe(0);
  });
});

/** The guide tab framed by a simulated Teams host that speaks teams-js's postMessage protocol. */
describe('the guide tab in Teams', () => {
  it.each([
    ['en-us', 'dark', 'en'],
    ['nl-nl', 'contrast', 'nl'],
  ] as const)('takes the language and theme from app.getContext() (%s, %s)', async (locale, theme, language) => {
    // The browser says the other language: the Teams context wins.
    const teams = await browser.openInTeams(app.bot.url, '/tabs/guide', { locale, theme }, { locale: language === 'en' ? 'nl-NL' : 'en-GB' });
    await teams.tab.locator('h1').waitFor();
    expect(await teams.tab.locator('h1').textContent()).toBe(translate(language)('tabs.guide.title'));
    expect(await teams.tab.getAttribute('html', 'data-theme')).toBe(theme);
    expect(await guideBackground(teams.tab)).toBe(rgb(backgrounds[theme].colorNeutralBackground1));
    expect(await teams.calls()).toEqual(expect.arrayContaining(['initialize', 'getContext']));
  });

  it('follows the theme changes Teams sends (registerOnThemeChangeHandler)', async () => {
    const teams = await browser.openInTeams(app.bot.url, '/tabs/guide', { locale: 'nl-nl', theme: 'default' });
    await teams.tab.locator('h1').waitFor();
    for (const theme of ['dark', 'contrast', 'default'] as const) {
      await teams.changeTheme(theme);
      await teams.tab.waitForFunction((name) => document.documentElement.dataset.theme === name, theme);
      expect(await guideBackground(teams.tab)).toBe(rgb(backgrounds[theme].colorNeutralBackground1));
    }
  });

  it('falls back within a second to the browser language and the light theme when initialize() never settles', async () => {
    const teams = await browser.openInTeams(app.bot.url, '/tabs/guide', undefined, { locale: 'en-GB' });
    // From the moment the tab asks Teams (after its bundle has loaded): initialize() is given 800 ms, then the texts show.
    const shown = await firstHeadingAt(teams.tab);
    const asked = await teams.tab.evaluate(() => performance.getEntriesByName('teams-host:connect')[0].startTime);
    expect(shown - asked).toBeGreaterThanOrEqual(800);
    expect(shown - asked).toBeLessThan(1000);
    expect(await teams.tab.locator('h1').textContent()).toBe(translate('en')('tabs.guide.title'));
    expect(await teams.tab.getAttribute('html', 'data-theme')).toBe('default');
    expect(await teams.calls()).toContain('initialize');
  });
});
