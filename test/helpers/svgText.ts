import type { Language } from '../../src/i18n/language';

/** One run of words drawn by a screenshot source (assets/screenshots/*.svg). */
export interface DrawnText {
  readonly text: string;
  /** The font size it is drawn at, in viewBox units (its own or inherited). */
  readonly fontSize: number;
  /** The language of the `<switch>` child it is in; undefined when it is drawn in every language. */
  readonly language: string | undefined;
  /** True when an enclosing transform scales it, so that fontSize is not the size it is drawn at. */
  readonly scaled: boolean;
}

export interface ScreenshotSource {
  readonly viewBoxWidth: number;
  readonly viewBoxHeight: number;
  readonly texts: readonly DrawnText[];
  /** Per `<switch>`, the systemLanguage of each child element (undefined for a child without one). */
  readonly switches: readonly (readonly (string | undefined)[])[];
}

interface OpenElement {
  readonly name: string;
  readonly fontSize: number | undefined;
  readonly language: string | undefined;
  readonly scaled: boolean;
  readonly children: (string | undefined)[];
}

const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
const attributePattern = /([\w:-]+)="([^"]*)"/g;
const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return entities[name] ?? whole;
  });
}

function fontSizeOf(value: string | undefined, where: string): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(px)?$/.exec(value.trim());
  if (!match) throw new Error(`${where}: font-size="${value}" is not a plain number`);
  return Number(match[1]);
}

/**
 * Reads the hand-written SVG of a screenshot: its viewBox, every text with the font size it is drawn at, and the
 * `<switch>` elements that hold the per-language words. Strict on purpose: a construct it cannot measure (a style
 * attribute, an unmatched tag, a text without a font size) is an error, not a pass.
 */
export function readScreenshotSource(svg: string, name: string): ScreenshotSource {
  const stack: OpenElement[] = [];
  const texts: DrawnText[] = [];
  const switches: (string | undefined)[][] = [];
  let viewBox: number[] | undefined;
  for (const match of svg.matchAll(token)) {
    const [whole, closing, tag, attributeText, selfClosing, content] = match;
    if (whole.startsWith('<!--') || whole.startsWith('<?')) continue;
    if (content !== undefined) {
      const text = decode(content).trim();
      const element = stack.at(-1);
      if (text === '') continue;
      if (element?.name !== 'text' && element?.name !== 'tspan') throw new Error(`${name}: "${text}" outside a <text>`);
      if (element.fontSize === undefined) throw new Error(`${name}: "${text}" has no font-size`);
      texts.push({ text, fontSize: element.fontSize, language: element.language, scaled: element.scaled });
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open?.name !== tag) throw new Error(`${name}: </${tag}> closes <${open?.name ?? 'nothing'}>`);
      if (open.name === 'switch') switches.push(open.children);
      continue;
    }
    const attributes = Object.fromEntries([...attributeText.matchAll(attributePattern)].map(([, key, value]) => [key, value]));
    if (attributes.style !== undefined) throw new Error(`${name}: <${tag} style="…">: use attributes, which this check can read`);
    const parent = stack.at(-1);
    if (tag === 'svg') viewBox = (attributes.viewBox ?? '').trim().split(/[\s,]+/).map(Number);
    if (parent?.name === 'switch') parent.children.push(attributes.systemLanguage);
    const element: OpenElement = {
      name: tag,
      fontSize: fontSizeOf(attributes['font-size'], `${name} <${tag}>`) ?? parent?.fontSize,
      language: attributes.systemLanguage ?? parent?.language,
      scaled: (parent?.scaled ?? false) || /scale|matrix/.test(attributes.transform ?? ''),
      children: [],
    };
    if (!selfClosing) stack.push(element);
    else if (tag === 'switch') switches.push([]);
  }
  if (stack.length > 0) throw new Error(`${name}: <${stack.at(-1)!.name}> is never closed`);
  if (viewBox?.length !== 4 || viewBox.some((n) => !Number.isFinite(n))) throw new Error(`${name}: no viewBox="x y width height"`);
  return { viewBoxWidth: viewBox[2], viewBoxHeight: viewBox[3], texts, switches };
}

/** The words a screenshot shows in `language`: those outside any `<switch>` and those of its child for `language`. */
export function textsIn(source: ScreenshotSource, language: Language): string[] {
  return source.texts.filter((text) => text.language === undefined || text.language === language).map((text) => text.text);
}
