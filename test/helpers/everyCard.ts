import type { CardAttachment } from '../../src/cards/render';
import { findPosition, positionAt, setupGuide } from '../../src/guide/setupGuide';
import type { Language } from '../../src/i18n/language';
import { translatorFor, type Translator } from '../../src/i18n/translator';
import type { RolloutStatus } from '../../src/rollout/model';
import type { Ticket, TicketStatus } from '../../src/tickets/ticket';
import { RolloutCards } from '../../src/cards/rolloutCards';
import { testCards } from './testCards';
import { testConfig } from './testConfig';

/** One card the bot can send, built through the real builders; `name` is unique and safe as a file name. */
export interface CardCase {
  name: string;
  language: Language;
  card: CardAttachment;
}

/** A Wednesday morning and a Saturday in Amsterdam: the servicedesk of the test configuration open, and closed. */
const openMoment = new Date('2026-11-25T10:00:00+01:00');
const closedMoment = new Date('2026-11-28T10:00:00+01:00');

const longLine = 'Ik heb alles geprobeerd maar het lukt niet. '.repeat(7).slice(0, 300);

/** A ticket as full as one can get: the most questions and lines, at their longest. */
export const sampleTicket: Ticket = {
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

/**
 * A rollout's "status" card as full as one can get: every guide position and an unknown step, every skip and fail
 * reason, counts in the millions, and the 5 + 5 questions with the longest titles of `intentIds`.
 */
export function fullRolloutStatus(intentIds: readonly string[]): RolloutStatus {
  const huge = 12_345_678;
  const positions = setupGuide.flatMap((part, partIndex) => part.subSteps.map((_, subStepIndex) => positionAt(partIndex, subStepIndex).key));
  return {
    rollout: { id: 'r-1', groupId: '0b7c5c1e-1111-4222-8333-944455556666', startedAt: '2026-11-30T08:15:00.000Z', phase: 'finished', finishedAt: '2026-12-01T17:45:00.000Z' },
    counts: {
      total: huge * 20,
      pending: huge,
      invited: huge * 10,
      uncertain: huge,
      // alreadyInvited: the job's reason that comes with its model (a plain string until then).
      skipped: { done: huge, registered: huge, alreadyInvited: huge } as RolloutStatus['counts']['skipped'],
      failed: { installRefused: huge, graphUnavailable: huge, noChat: huge, blocked: huge, sendFailed: huge },
      other: huge,
    },
    started: huge * 9,
    atStep: [...positions, 'some.futureStep'].map((step) => ({ step, count: huge })),
    done: huge,
    registered: { source: 'perUser', count: huge, checked: huge * 19 },
    topAsked: intentIds.slice(0, 5).map((intent) => ({ intent, count: huge })),
    topUnresolved: intentIds.slice(5, 10).map((intent) => ({ intent, count: huge })),
  };
}

const ticketStatuses: TicketStatus[] = ['posting', 'open', 'assigned', 'relaying', 'returned', 'closed', 'cancelled'];

/**
 * Every card the bot can send, in both languages, with real content: each guide position's step, problems and resume
 * card, every knowledge-base answer, the handoff with the servicedesk open and closed, the channel's ticket card in
 * every status. A new card is one more `add(...)` line in `cardsIn`.
 */
export function everyCard(): CardCase[] {
  const open = testCards({ now: () => openMoment });
  const closed = testCards({ now: () => closedMoment });
  return (['nl', 'en'] as const).flatMap((language) => cardsIn(language, open, closed));
}

const longUpn = 'johanna.van-den-berg-de-vries@central.zorgring.nl';

function cardsIn(language: Language, open: ReturnType<typeof testCards>, closed: ReturnType<typeof testCards>): CardCase[] {
  const cases: CardCase[] = [];
  const add = (name: string, card: CardAttachment) => cases.push({ name: `${language}-${name}`, language, card });
  const t: Translator = translatorFor(open.i18n, language);
  const { cards, ticketCards, knowledgeBase } = open;

  setupGuide.forEach((part, partIndex) =>
    part.subSteps.forEach((_, subStepIndex) => {
      const position = positionAt(partIndex, subStepIndex);
      add(`step-${position.key}`, cards.step(t, language, position));
      // The user's own sign-in name, as long as a real one gets: it must wrap, not run off the card.
      const own = cards.step(t, language, position, longUpn);
      if (JSON.stringify(own) !== JSON.stringify(cards.step(t, language, position))) add(`step-${position.key}-own-upn`, own);
      add(`problems-${position.key}`, cards.problems(t, language, position));
      add(`resume-${position.key}`, cards.resume(t, language, position));
      add(`confirm-restart-${position.key}`, cards.confirmRestart(t, position));
    }),
  );
  add('confirm-forget', cards.confirmForget(t));
  add('authenticator-missing', cards.authenticatorMissing(t, language, findPosition('mfasetup.finish')!));
  add('resume-completed', cards.resume(t, language, undefined));
  add('welcome', cards.welcome(t, language));
  for (const inFlow of [true, false]) {
    add(`help-${inFlow ? 'in' : 'out of'}-flow`, cards.help(t, language, inFlow));
    add(`servicedesk-${inFlow ? 'in' : 'out of'}-flow`, cards.servicedesk(t, language, inFlow));
  }

  const intents = knowledgeBase.intents;
  for (const intent of intents) {
    add(`answer-${intent.id}`, cards.answer(t, language, intent.id, { question: 'q-1', step: 'mfasetup.signIn', alternatives: ['auth_code_werkt_niet'] }));
  }
  const longest = [...intents].sort((a, b) => b.title[language].length - a.title[language].length).slice(0, 3);
  add('suggestions-longest', cards.suggestions(t, language, longest.map((intent) => intent.id), { question: 'q-2', step: 'mfasetup.signIn' }));

  add('handoff-ask-open', ticketCards.ask(t, language));
  add('handoff-ask-closed', closed.ticketCards.ask(t, language));
  add('handoff-describe', ticketCards.describe(t));
  const history = { lines: sampleTicket.transcript, questions: sampleTicket.questions };
  add('handoff-consent', ticketCards.consent(t, language, { name: 'Jan Jansen', step: 'mfasetup.scanQrCode', description: 'geen melding', history }));
  const authenticator = { kind: 'notChecked', reason: 'timeout', at: sampleTicket.createdAt } as const;
  add('handoff-consent-authenticator', ticketCards.consent(t, language, { name: 'Jan Jansen', step: 'mfasetup.finish', authenticator, history }));
  add('ticket-created-open', ticketCards.created(t, sampleTicket, true));
  add('ticket-created-closed', closed.ticketCards.created(t, sampleTicket, false));
  add('ticket-already-open', ticketCards.alreadyOpen(t, { ...sampleTicket, status: 'assigned' }, true));
  add('rating', ticketCards.rating(t, sampleTicket));
  for (const status of ticketStatuses) {
    const ticket: Ticket = {
      ...sampleTicket,
      status,
      agent: status === 'open' || status === 'posting' ? undefined : sampleTicket.agent,
      rating: status === 'closed' ? { score: 4, comment: 'Snel en vriendelijk geholpen, dank je wel!', at: sampleTicket.createdAt } : undefined,
      uncertainPosts: status === 'open' ? 1 : undefined,
      // What Graph said at the end of Step 2, at its longest: several long device names.
      authenticator: { kind: 'registered', devices: ['iPhone 15 Pro Max van Johanna van den Berg', 'Samsung Galaxy S24 Ultra (werk)', 'iPad'], at: sampleTicket.createdAt },
    };
    add(`ticket-card-${status}`, ticketCards.ticket(t, language, ticket));
  }

  const rolloutCards = new RolloutCards({ cards, knowledgeBase, timeZone: testConfig().organisation.servicedesk.hours.timeZone });
  const longestTitles = [...intents].sort((a, b) => b.title[language].length - a.title[language].length).map((intent) => intent.id);
  const full = fullRolloutStatus(longestTitles);
  add('rollout-status-full', rolloutCards.status(t, language, full));
  add('rollout-status-stopped', rolloutCards.status(t, language, { ...full, rollout: { ...full.rollout, phase: 'failed', failure: 'notInCatalog' } }));
  add('rollout-status-empty', rolloutCards.status(t, language, { ...full, rollout: { ...full.rollout, phase: 'listing' }, counts: { total: 0, pending: 0, invited: 0, uncertain: 0, skipped: {}, failed: {} }, started: 0, atStep: [], done: 0, registered: { source: 'unavailable', count: 0, checked: 0 }, topAsked: [], topUnresolved: [] }));
  return cases;
}
