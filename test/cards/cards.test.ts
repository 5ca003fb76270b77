import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Attachment } from 'botbuilder';
import { positionAt, setupGuide } from '../../src/guide/setupGuide';
import { translatorFor } from '../../src/i18n/translator';
import { parseForTeamsMobile } from '../helpers/adaptiveCards';
import { testCards } from '../helpers/testCards';
import type { Ticket } from '../../src/tickets/ticket';

const bot = testCards();
const templatesDir = path.join(__dirname, '../../src/cards/templates');
const maxCardBytes = 28 * 1024;

const longLine = 'Ik heb alles geprobeerd maar het lukt niet. '.repeat(7).slice(0, 300);
/** A ticket as full as one can get: the most questions and lines, at their longest. */
const sampleTicket: Ticket = {
  id: '1001',
  status: 'open',
  createdAt: '2026-11-26T09:30:00.000Z',
  updatedAt: '2026-11-26T09:35:00.000Z',
  user: { name: 'Jan Jansen', upn: 'jan.jansen@central.zorgring.nl', language: 'nl', reference: { conversation: { id: 'a:1', isGroup: false, conversationType: 'personal', name: '' } } },
  description: longLine,
  step: 'mfasetup.scanQrCode',
  questions: [
    { text: 'de qr code scant niet', answer: 'auth_qr_scant_niet', decision: 'answer', solved: false },
    { text: 'ik krijg geen sms', decision: 'choose' },
    { text: '', answer: 'mfa_geen_getal', decision: 'picked' },
    { text: longLine, decision: 'none' },
    { text: longLine, decision: 'none' },
  ],
  transcript: Array.from({ length: 12 }, (_, i) => ({ from: i % 2 ? ('bot' as const) : ('user' as const), text: longLine, at: '2026-11-26T09:30:00.000Z' })),
  thread: { conversationId: '19:sd@thread.tacv2;messageid=1', activityId: '1' },
  postAttempts: 1,
  agent: { name: 'Piet de Vries', id: '29:piet', at: '2026-11-26T09:40:00.000Z' },
  returnedTo: 'forticlient.openVpn',
  history: [{ at: '2026-11-26T09:30:00.000Z', what: 'created' }],
};

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
    cards.push([`${language} handoff ask`, bot.ticketCards.ask(t, language)]);
    cards.push([`${language} handoff describe`, bot.ticketCards.describe(t)]);
    const history = { lines: sampleTicket.transcript, questions: sampleTicket.questions };
    cards.push([`${language} handoff consent`, bot.ticketCards.consent(t, language, { name: 'Jan Jansen', step: 'mfasetup.scanQrCode', description: 'geen melding', history })]);
    cards.push([`${language} ticket created`, bot.ticketCards.created(t, sampleTicket, true)]);
    cards.push([`${language} rating`, bot.ticketCards.rating(t, sampleTicket)]);
    for (const status of ['open', 'assigned', 'relaying', 'returned', 'closed', 'cancelled'] as const) {
      const ticket: Ticket = { ...sampleTicket, status, agent: status === 'open' ? undefined : sampleTicket.agent, rating: status === 'closed' ? { score: 4, comment: 'Snel', at: sampleTicket.createdAt } : undefined };
      cards.push([`${language} ticket card ${status}`, bot.ticketCards.ticket(t, language, ticket)]);
    }
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

  it('stays under 28 KB and uses Action.Submit (and Action.ShowCard) only, each submit with an action', () => {
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(maxCardBytes);
    const actions = [...json.matchAll(/"type":"(Action\.[A-Za-z]+)"/g)].map((m) => m[1]);
    for (const action of actions) expect(['Action.Submit', 'Action.ShowCard']).toContain(action);
    for (const match of json.matchAll(/"type":"Action\.Submit"[^}]*"data":\{([^}]*)\}/g)) expect(match[1]).toMatch(/"action":"\w+"/);
  });
});
