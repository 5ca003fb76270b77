import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { measuringFont, phoneWidth, teamsCss, teamsHostConfig } from './teamsHostConfig';

/** Debian's Chromium (.ci/run installs it); playwright-core drives it and downloads nothing. */
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const root = path.join(__dirname, '../..');

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the page says about the card it shows: the problems it found, and where the card is. */
interface Measured {
  problems: LayoutProblem[];
  box: Box;
}

/** What is wrong with one element of a rendered card. */
export interface LayoutProblem {
  problem: string;
  element: string;
  text: string;
}

/**
 * One headless Chromium page that renders Adaptive Cards one after another with the `adaptivecards` renderer and the
 * Teams host config, answers the card's image URLs from public/, and measures what a phone would cut off.
 */
export class CardBrowser {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly devTools: CDPSession,
  ) {}

  /** `publicBaseUrl`: where the cards' images are said to be; they are served from public/ instead. */
  static async open(publicBaseUrl: string): Promise<CardBrowser> {
    if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium fonts-liberation (as .ci/run does)`);
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await browser.newPage({ viewport: { width: phoneWidth, height: 640 }, deviceScaleFactor: 1 });
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (!url.startsWith(`${publicBaseUrl}/`)) return route.abort();
      const file = path.join(root, 'public', new URL(url).pathname);
      try {
        await route.fulfill({ status: 200, contentType: 'image/png', body: readFileSync(file) });
      } catch {
        await route.fulfill({ status: 404 });
      }
    });
    await page.setContent(`<!doctype html><html><head><style>${teamsCss}</style></head><body><div id="card"></div></body></html>`);
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    // Without the measuring font Chromium falls back to another one, and the widths mean nothing.
    if (!(await page.evaluate(hasFont, measuringFont))) {
      await browser.close();
      throw new Error(`The font ${measuringFont} is missing: apt-get install fonts-liberation`);
    }
    await page.evaluate(installTeamsMarkdown);
    await page.addScriptTag({ content: `window.measureCard = ${measureCard.toString()};` });
    return new CardBrowser(browser, page, await page.context().newCDPSession(page));
  }

  /** Renders `card`, measures it (and each Action.ShowCard opened in turn), and saves a screenshot as `screenshot`. */
  async check(card: object, screenshot: string): Promise<LayoutProblem[]> {
    const rendered = await this.page.evaluate(renderCard, { card, hostConfig: teamsHostConfig });
    const problems = rendered.problems;
    await this.screenshot(rendered.box, screenshot);
    for (const [i, title] of rendered.showCards.entries()) {
      const opened = await this.page.evaluate(toggleShowCard, i);
      problems.push(...opened.problems.map((problem) => ({ ...problem, problem: `${problem.problem} (with "${title}" open)` })));
      await this.screenshot(opened.box, screenshot.replace(/\.png$/, `.open-${i + 1}.png`));
      await this.page.evaluate(toggleShowCard, i);
    }
    return problems;
  }

  /** Straight through the DevTools protocol: a third of the time of Playwright's screenshot, which waits for stable frames. */
  private async screenshot(box: Box, file: string): Promise<void> {
    const shot = await this.devTools.send('Page.captureScreenshot', { format: 'png', clip: { ...box, scale: 1 }, captureBeyondViewport: true, optimizeForSpeed: true });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(shot.data, 'base64'));
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

// Everything below runs inside the page: self-contained functions, handed to page.evaluate.

/** Whether `font` is installed: text drawn in it is not as wide as in the monospace fallback. */
function hasFont(font: string): boolean {
  const context = document.createElement('canvas').getContext('2d')!;
  const width = (family: string) => {
    context.font = `14px ${family}`;
    return context.measureText('Servicedesk 2FA, stap 1 van 3').width;
  };
  return width(`'${font}', monospace`) !== width('monospace');
}

/**
 * The part of Markdown that Teams renders in a TextBlock: paragraphs, line breaks, lists, **bold**, _italic_, links;
 * like Teams, an unknown <tag> is dropped, and a backslash keeps the next character as typed.
 */
function installTeamsMarkdown(): void {
  const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const inline = (text: string) => {
    const kept: string[] = [];
    const withoutEscapes = text.replace(/\\([\\*_~`[\]])/g, (_, char: string) => `\uE000${kept.push(char) - 1}\uE000`);
    return escapeHtml(withoutEscapes.replace(/<\/?[A-Za-z][^>]*>/g, ''))
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[\s(])_(.+?)_(?=$|[\s).,:;!?])/g, '$1<em>$2</em>')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
      .replace(/\uE000(\d+)\uE000/g, (_, index: string) => escapeHtml(kept[Number(index)]));
  };
  const block = (paragraph: string) => {
    const lines = paragraph.split('\n');
    if (lines.every((line) => /^\s*[-*] /.test(line))) return `<ul>${lines.map((line) => `<li>${inline(line.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
    if (lines.every((line) => /^\s*\d+\. /.test(line))) return `<ol>${lines.map((line) => `<li>${inline(line.replace(/^\s*\d+\. /, ''))}</li>`).join('')}</ol>`;
    return `<p>${lines.map(inline).join('<br>')}</p>`;
  };
  const AdaptiveCards = (window as unknown as { AdaptiveCards: { AdaptiveCard: { onProcessMarkdown: unknown } } }).AdaptiveCards;
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml?: string; didProcess: boolean }) => {
    result.outputHtml = text.split(/\n{2,}/).map(block).join('');
    result.didProcess = true;
  };
}

async function renderCard(args: { card: object; hostConfig: object }): Promise<Measured & { showCards: string[] }> {
  const AdaptiveCards = (window as any).AdaptiveCards;
  const host = document.getElementById('card')!;
  host.replaceChildren();
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig(args.hostConfig);
  card.parse(args.card);
  const problems: LayoutProblem[] = [];
  for (const failure of card.validateProperties().failures ?? []) {
    for (const error of failure.errors) problems.push({ problem: `invalid for Teams: ${error.message}`, element: 'card', text: '' });
  }
  const rendered = card.render();
  if (!rendered) throw new Error('The renderer drew nothing for this card');
  host.appendChild(rendered);
  const loading = Array.from(host.querySelectorAll('img')).filter((image) => !image.complete);
  await Promise.all(
    loading.map(
      (image) =>
        new Promise((done) => {
          image.addEventListener('load', done);
          image.addEventListener('error', done);
        }),
    ),
  );
  await document.fonts.ready;
  const measured: Measured = (window as any).measureCard();
  const showCards = Array.from(host.querySelectorAll('.ac-pushButton[aria-expanded]'), (button) => (button as HTMLElement).innerText.trim());
  return { problems: [...problems, ...measured.problems], box: measured.box, showCards };
}

/** Opens (or closes again) the card's `index`-th Action.ShowCard, and measures the card as it is then. */
function toggleShowCard(index: number): Measured {
  (document.querySelectorAll('#card .ac-pushButton[aria-expanded]')[index] as HTMLElement).click();
  return (window as any).measureCard();
}

/**
 * Every visible element of the card in #card: text or buttons wider than their box (cut off, or "…"), anything
 * sticking out of the card or out of a container that clips it, images that did not load, and text whose contrast
 * against what is behind it is under WCAG AA (4.5:1; 3:1 for large text).
 */
function measureCard(): Measured {
  const host = document.getElementById('card')!;
  const cardElement = host.firstElementChild as HTMLElement;
  const cardBox = cardElement.getBoundingClientRect();
  const problems: LayoutProblem[] = [];
  const describe = (element: Element): string => {
    const name = [element.tagName.toLowerCase(), ...Array.from(element.classList)].join('.');
    return element.classList.length === 0 && element.parentElement && element !== cardElement ? `${name} in ${describe(element.parentElement)}` : name;
  };
  const report = (element: Element, problem: string) =>
    problems.push({ problem, element: describe(element), text: ((element as HTMLElement).innerText ?? '').trim().slice(0, 80) });

  const rgba = (color: string): number[] => {
    const parts = color.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top: number[], bottom: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = (element: Element) => {
    const layers: number[][] = [];
    for (let at: Element | null = element; at; at = at.parentElement) {
      const color = rgba(getComputedStyle(at).backgroundColor);
      if (color[3] > 0) layers.push(color);
      if (color[3] === 1) break;
    }
    return layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = (color: number[]) => {
    const [r, g, b] = color.slice(0, 3).map((channel) => {
      const c = channel / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: number[], b: number[]) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };

  const visible = (element: Element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
  };
  const ownText = (element: Element) => Array.from(element.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');

  for (const element of [cardElement, ...Array.from(cardElement.querySelectorAll('*'))]) {
    if (!visible(element)) continue;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (box.left < cardBox.left - 0.5 || box.right > cardBox.right + 0.5) report(element, `sticks out of the card (${Math.round(box.width)} px wide)`);
    if (box.right > document.documentElement.clientWidth + 0.5) report(element, `wider than the phone (${Math.round(box.right)} px)`);

    const isBlock = style.display !== 'inline' && style.display !== 'contents';
    const isText = ownText(element) || element.classList.contains('ac-textBlock') || element.classList.contains('ac-pushButton');
    if (isBlock && isText && element.scrollWidth > element.clientWidth + 1) {
      report(element, style.textOverflow === 'ellipsis' ? 'truncated with "…"' : `text wider than its box (${element.scrollWidth} > ${element.clientWidth} px)`);
    }
    for (let clip = element.parentElement; clip && clip !== host; clip = clip.parentElement) {
      const clipStyle = getComputedStyle(clip);
      if (clipStyle.overflowX === 'visible' && clipStyle.overflowY === 'visible') continue;
      const clipBox = clip.getBoundingClientRect();
      if (box.left < clipBox.left - 0.5 || box.right > clipBox.right + 0.5 || box.top < clipBox.top - 0.5 || box.bottom > clipBox.bottom + 0.5) {
        report(element, `cut off by ${describe(clip)}`);
        break;
      }
    }
    if (element instanceof HTMLImageElement && element.naturalWidth === 0) report(element, `image did not load: ${element.src}`);
    // Markdown Teams does not render (a *single* asterisk, an unclosed **) shows its marks to the user.
    const shown = Array.from(element.childNodes).filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent!).join('');
    if (/\*\S|\S\*/.test(shown)) report(element, 'markdown marks shown as text');
    if (ownText(element)) {
      const behind = background(element);
      const ratio = contrast(over(rgba(style.color), behind), behind);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) report(element, `contrast ${ratio.toFixed(2)}:1 (${style.color} on rgb(${behind.slice(0, 3).map(Math.round).join(', ')}))`);
    }
  }
  const { x, y, width, height } = host.getBoundingClientRect();
  return { problems, box: { x, y, width, height } };
}
