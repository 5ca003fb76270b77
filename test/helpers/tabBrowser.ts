import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';

/** Debian's Chromium (.ci/run installs it); playwright-core drives it and downloads nothing. */
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The simulated Teams host is a public https origin framing the tab on 127.0.0.1, which Local Network Access refuses.
  '--disable-features=LocalNetworkAccessChecks',
];

/** What axe-core says is wrong, cut to what a test report needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** What the simulated Teams host answers `app.getContext()` with (the fields the tabs read). */
export interface TeamsContext {
  locale: string;
  theme: string;
}

/** A tab inside a simulated Teams host: the host page, the tab's frame, and the host's theme-change message. */
export interface TabInTeams {
  page: Page;
  tab: Frame;
  /** The Teams calls the tab made, in order ("initialize", "getContext", …). */
  calls(): Promise<string[]>;
  /** Teams' "themeChange" message, as the host sends it to the tab. */
  changeTheme(theme: string): Promise<void>;
}

/** Where the simulated host page is said to be: an origin teams-js trusts, answered by the test itself. */
const teamsHostUrl = 'https://teams.microsoft.com/_tests/host';

/**
 * A Teams host in one page: it frames the tab and answers teams-js's postMessage calls the way Teams does
 * (initialize with a runtime config, getContext with a legacy context), or, with `context: undefined`, never answers
 * (a foreign frame, where initialize never settles).
 */
function teamsHostPage(tabUrl: string, context: TeamsContext | undefined): string {
  const runtime = { apiVersion: 4, hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } }, isLegacyTeams: true, supports: { app: {}, appEntity: {}, pages: { tabs: {}, config: {}, backStack: {} }, teamsCore: {} } };
  const script = `
    const context = ${JSON.stringify(context ?? null)};
    const runtime = ${JSON.stringify(JSON.stringify(runtime))};
    window.teamsCalls = [];
    window.addEventListener('message', (event) => {
      const message = event.data;
      if (!message || typeof message.func !== 'string' || event.source === window) return;
      window.teamsCalls.push(message.func);
      if (!context) return;
      const reply = (args) => event.source.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, event.origin);
      if (message.func === 'initialize') reply(['content', 'web', runtime, '2.58.0']);
      else if (message.func === 'getContext') reply([{ locale: context.locale, theme: context.theme, frameContext: 'content', hostClientType: 'web', entityId: 'guide' }]);
      // No Entra here: a tab that asks for its SSO token is told it cannot have one (as when consent is missing).
      else if (message.func === 'authentication.getAuthToken') reply([false, 'the simulated host has no token']);
    });
    window.changeTheme = (theme) => document.getElementById('tab').contentWindow.postMessage({ func: 'themeChange', args: [theme] }, '*');
  `;
  return `<!doctype html><html><head><title>Teams</title></head><body style="margin:0"><script>${script}</script><iframe id="tab" title="tab" src="${tabUrl}" style="border:0;width:100vw;height:100vh"></iframe></body></html>`;
}

export interface TabPageOptions {
  /** The browser's language (navigator.language), e.g. 'en-GB'. */
  locale?: string;
  width?: number;
  height?: number;
}

/**
 * A headless Chromium for the tab pages: each page in a context of its own (its own locale and size), talking only to
 * the bot on 127.0.0.1 (anything else is refused). The pages' own CSP stays on: axe-core is evaluated through the
 * DevTools protocol, not added as a script.
 */
export class TabBrowser {
  private readonly contexts: BrowserContext[] = [];

  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<TabBrowser> {
    if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium fonts-liberation (as .ci/run does)`);
    return new TabBrowser(await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }));
  }

  /** A new page (in a new context) that may reach only `origin`, the bot's http://127.0.0.1:<port>. */
  async page(origin: string, options: TabPageOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({
      locale: options.locale ?? 'nl-NL',
      viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
      deviceScaleFactor: 1,
    });
    this.contexts.push(context);
    await context.addInitScript(recordFirstHeading);
    await context.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort()));
    return context.newPage();
  }

  /**
   * The tab at `origin` + `path` framed by a simulated Teams host (see teamsHostPage) that answers with `context`, or
   * never answers without it. Resolves once the host page has loaded (not the tab).
   */
  async openInTeams(origin: string, path: string, context: TeamsContext | undefined, options: TabPageOptions = {}): Promise<TabInTeams> {
    const browserContext = await this.browser.newContext({ locale: options.locale ?? 'nl-NL', viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, deviceScaleFactor: 1 });
    this.contexts.push(browserContext);
    await browserContext.addInitScript(recordFirstHeading);
    const html = teamsHostPage(`${origin}${path}`, context);
    await browserContext.route('**/*', (route) => {
      const url = route.request().url();
      if (url === teamsHostUrl) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      return url.startsWith(`${origin}/`) ? route.continue() : route.abort();
    });
    const page = await browserContext.newPage();
    await page.goto(teamsHostUrl);
    const tab = page.frameLocator('#tab');
    await tab.locator('body').waitFor({ state: 'attached' });
    const frame = page.frames().find((candidate) => candidate.url().startsWith(origin));
    if (!frame) throw new Error(`the tab did not load in the simulated Teams host: ${page.frames().map((candidate) => candidate.url()).join(', ')}`);
    return {
      page,
      tab: frame,
      calls: () => page.evaluate(() => [...(window as unknown as { teamsCalls: string[] }).teamsCalls]),
      changeTheme: (theme) => page.evaluate((name) => (window as unknown as { changeTheme: (theme: string) => void }).changeTheme(name), theme),
    };
  }

  /** axe-core's serious and critical violations on `page` as it is now (WCAG 2.x A and AA rules, and best practices). */
  static async seriousViolations(page: Page | Frame): Promise<AxeViolation[]> {
    await page.evaluate(axeSource());
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((node) => node.target.join(' ')) }));
    });
    return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  }

  /** How many CSS pixels the page is wider than its viewport (0: no horizontal scroll). */
  static async horizontalOverflow(page: Page): Promise<number> {
    return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }

  /** The page printed to an A4 PDF, and how many pages that has. */
  static async printedPages(page: Page): Promise<number> {
    // Screenshots that are still loading take no room yet: print what the reader will see.
    await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
    await page.evaluate(() => document.fonts.ready);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    return pdfPageCount(pdf);
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.splice(0).map((context) => context.close()));
    await this.browser.close();
  }
}

/** In every frame: when (ms after its navigation began) the first h1 appeared, for "renders within a second". */
function recordFirstHeading(): void {
  const seen = window as unknown as { firstHeadingAt?: number };
  const observer = new MutationObserver(() => {
    if (seen.firstHeadingAt === undefined && document.querySelector('h1')) {
      seen.firstHeadingAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** How many milliseconds after its navigation began `frame` showed its h1 (waits for it). */
export async function firstHeadingAt(frame: Page | Frame): Promise<number> {
  await frame.locator('h1').waitFor();
  return frame.evaluate(() => (window as unknown as { firstHeadingAt: number }).firstHeadingAt);
}

let axe: string | undefined;
const axeSource = () => (axe ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** The pages of a PDF: Chromium writes each as a "/Type /Page" object (the page tree is "/Type /Pages"). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
