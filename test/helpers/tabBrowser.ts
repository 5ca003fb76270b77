import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (.ci/run installs it); playwright-core drives it and downloads nothing. */
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** What axe-core says is wrong, cut to what a test report needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
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
    await context.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort()));
    return context.newPage();
  }

  /** axe-core's serious and critical violations on `page` as it is now (WCAG 2.x A and AA rules, and best practices). */
  static async seriousViolations(page: Page): Promise<AxeViolation[]> {
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
    await page.waitForFunction(() => [...document.images].every((image) => image.complete));
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

let axe: string | undefined;
const axeSource = () => (axe ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** The pages of a PDF: Chromium writes each as a "/Type /Page" object (the page tree is "/Type /Pages"). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
