import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { positionAt, setupGuide } from '../../src/guide/setupGuide';
import { createI18n, resources, translatorFor } from '../../src/i18n/translator';
import { parseForTeamsMobile } from '../helpers/adaptiveCards';
import { everyCard } from '../helpers/everyCard';

const templatesDir = path.join(__dirname, '../../src/cards/templates');
const maxCardBytes = 28 * 1024;

const cards = everyCard().map(({ name, card }) => [name, card] as const);

describe('card templates', () => {
  it.each(readdirSync(templatesDir))('%s declares version 1.2 and holds no user-facing literal text', (file) => {
    const template = JSON.parse(readFileSync(path.join(templatesDir, file), 'utf8'));
    expect(template.version).toBe('1.2');
    const literals: string[] = [];
    JSON.stringify(template, (key, value) => {
      if (['text', 'title', 'altText', 'speak', 'value'].includes(key) && typeof value === 'string' && !value.startsWith('${')) literals.push(`${key}: ${value}`);
      return value;
    });
    expect(literals).toEqual([]);
  });

  it('renders every template in use', () => {
    const used = new Set(cards.map(([, card]) => JSON.stringify(card.content)));
    expect(used.size).toBeGreaterThan(readdirSync(templatesDir).length);
  });
});

describe.each(cards)('%s', (_name, card) => {
  const json = JSON.stringify(card.content);

  it('is fully expanded: no unbound ${…} and no {{…}} left', () => {
    expect(json).not.toContain('${');
    expect(json).not.toMatch(/\{\{\s*\w+\s*\}\}/);
  });

  it('parses with the Adaptive Cards SDK for version 1.2 (Teams mobile) without warnings', () => {
    expect(parseForTeamsMobile(card.content)).toEqual([]);
  });

  it('stays under 28 KB and uses Action.Submit (and Action.ShowCard) only, each submit with an action; links only to the guide tab', () => {
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(maxCardBytes);
    const actions = [...json.matchAll(/"type":"(Action\.[A-Za-z]+)"/g)].map((m) => m[1]);
    for (const action of actions) expect(['Action.Submit', 'Action.ShowCard', 'Action.OpenUrl']).toContain(action);
    // The done card's "De hele handleiding": the guide tab's deep link, nothing else.
    for (const match of json.matchAll(/"type":"Action\.OpenUrl"[^}]*"url":"([^"]*)"/g)) expect(match[1]).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/entity\/[0-9a-f-]{36}\/guide$/);
    for (const match of json.matchAll(/"type":"Action\.Submit"[^}]*"data":\{([^}]*)\}/g)) expect(match[1]).toMatch(/"action":"\w+"/);
  });
});

type Json = Record<string, any>;

function walk(node: unknown, visit: (node: Json) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (typeof node === 'object' && node !== null) {
    visit(node as Json);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

/** Every Action.Submit of a card in the order a person reads them: buttons and tappable rows alike. */
function submitsOf(card: object): Json[] {
  const submits: Json[] = [];
  walk(card, (node) => {
    if (node.type === 'Action.Submit') submits.push(node);
  });
  return submits;
}

/** Every button title (Action.Submit or Action.ShowCard as a button, not a tappable row). */
function buttonTitlesOf(card: object): string[] {
  const titles: string[] = [];
  walk(card, (node) => {
    for (const action of [...(node.actions ?? [])]) if (typeof action.title === 'string') titles.push(action.title);
  });
  return titles;
}

describe.each(cards)('the layout of %s', (name, card) => {
  const content = card.content as Json;

  it('starts with a heading (after at most one small line above it)', () => {
    const body = content.body as Json[];
    const heading = body.findIndex((element) => element.type === 'TextBlock' && element.weight === 'Bolder' && ['Medium', 'Large'].includes(element.size));
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(body.slice(0, heading).every((element) => element.type === 'TextBlock' && element.size === 'Small')).toBe(true);
    expect(heading).toBeLessThanOrEqual(1);
  });

  it('makes every tappable row an Action.Submit that carries the text the row shows as its title', () => {
    walk(content, (node) => {
      if (!node.selectAction) return;
      expect(node.selectAction.type).toBe('Action.Submit');
      const texts: string[] = [];
      walk(node.items, (item) => item.type === 'TextBlock' && texts.push(item.text));
      expect(texts).toEqual([node.selectAction.title]);
    });
  });

  it('has no button named like a label on the screens the guide quotes (such as "Done")', () => {
    const screenLabels = new Set(
      [...JSON.stringify(resources[name.startsWith('nl-') ? 'nl' : 'en'].guide.steps).matchAll(/\*\*([^*]+)\*\*/g)].map((match) => match[1].toLowerCase()),
    );
    expect(buttonTitlesOf(content).filter((title) => screenLabels.has(title.toLowerCase()))).toEqual([]);
  });
});

describe.each(['nl', 'en'] as const)('in %s', (language) => {
  const t = translatorFor(createI18n(), language);
  const byName = new Map(cards.filter(([name]) => name.startsWith(`${language}-`)));
  const positions = setupGuide.flatMap((part, partIndex) => part.subSteps.map((_, subStepIndex) => positionAt(partIndex, subStepIndex)));

  it.each(positions.map((position) => [position.key, position] as const))('the "Lukt niet" card of %s lists its problems, then "Iets anders", then the way back, and the servicedesk last', (key, position) => {
    const submits = submitsOf(byName.get(`${language}-problems-${key}`)!.content);
    expect(submits.map((submit) => submit.data.intent ?? submit.data.action)).toEqual([...position.subStep.problems, 'otherProblem', 'showStep', 'servicedesk']);
    expect(submits.find((submit) => submit.data.action === 'otherProblem')!.title).toBe(t('buttons.otherProblem'));
  });

  it.each(positions.filter((position) => position.part.manualStep !== undefined).map((position) => [position.key] as const))('the step card of %s shows one progress line', (key) => {
    const texts: string[] = [];
    walk(byName.get(`${language}-step-${key}`)!.content, (node) => node.type === 'TextBlock' && texts.push(node.text));
    const counter = new RegExp(`\\d+ ${language === 'nl' ? 'van' : 'of'} \\d+`);
    expect(texts.filter((text) => counter.test(text))).toHaveLength(1);
  });

  it('heads the card of an already open ticket with that ticket', () => {
    const heading = (byName.get(`${language}-ticket-already-open`)!.content as Json).body[0].text;
    expect(heading).toBe(t('handoff.created.alreadyOpenHeading', { number: '1001' }));
  });
});
