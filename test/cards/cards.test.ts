import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Attachment } from 'botbuilder';
import { positionAt, setupGuide } from '../../src/dialogs/setupGuide';
import { translatorFor } from '../../src/i18n';
import { parseForTeamsMobile } from '../helpers/adaptiveCards';
import { createTestBot } from '../helpers/testApp';

const bot = createTestBot();
const templatesDir = path.join(__dirname, '../../src/cards/templates');
const maxCardBytes = 28 * 1024;

function everyCard(): Array<[string, Attachment]> {
  const cards: Array<[string, Attachment]> = [];
  for (const language of ['nl', 'en'] as const) {
    const t = translatorFor(bot.i18n, language);
    setupGuide.forEach((part, partIndex) =>
      part.subSteps.forEach((_, subStepIndex) => {
        const position = positionAt(partIndex, subStepIndex);
        cards.push([`${language} step ${position.key}`, bot.cards.step(t, language, position)]);
        cards.push([`${language} problems ${position.key}`, bot.cards.problems(t, language, position)]);
        cards.push([`${language} resume ${position.key}`, bot.cards.resume(t, language, position)]);
      }),
    );
    cards.push([`${language} resume completed`, bot.cards.resume(t, language, undefined)]);
    for (const intent of bot.knowledgeBase.intents) {
      cards.push([`${language} answer ${intent.id}`, bot.cards.answer(t, language, intent.id, { question: 'q-1', step: 'mfasetup.signIn', alternatives: ['auth_code_werkt_niet'] })]);
    }
    cards.push([`${language} suggestions`, bot.cards.suggestions(t, language, ['auth_code_werkt_niet', 'mfa_sms_code_ongeldig', 'mfa_getal_klopt_niet'], { question: 'q-2' })]);
    cards.push([`${language} welcome`, bot.cards.welcome(t, language)]);
    for (const inFlow of [true, false]) {
      cards.push([`${language} help inFlow=${inFlow}`, bot.cards.help(t, language, inFlow)]);
      cards.push([`${language} servicedesk inFlow=${inFlow}`, bot.cards.servicedesk(t, language, inFlow)]);
    }
  }
  return cards;
}

const cards = everyCard();

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

  it('stays under 28 KB and uses Action.Submit only, each with an action', () => {
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(maxCardBytes);
    const actions = [...json.matchAll(/"type":"(Action\.[A-Za-z]+)"/g)].map((m) => m[1]);
    expect(new Set(actions)).toEqual(new Set(actions.length ? ['Action.Submit'] : []));
    for (const match of json.matchAll(/"type":"Action\.Submit"[^}]*"data":\{([^}]*)\}/g)) expect(match[1]).toMatch(/"action":"\w+"/);
  });
});
