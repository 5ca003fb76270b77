import { GuideCards } from '../../src/cards/guideCards';
import { TicketCards } from '../../src/cards/ticketCards';
import { createI18n } from '../../src/i18n/translator';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { OfficeHoursClock } from '../../src/tickets/officeHours';
import { testConfig } from './testConfig';

/**
 * The card builders with the test configuration, the real translations and content, built as the app builds
 * them: for the tests of card rendering and of the handoff use cases (no matcher, no app). `now` sets the clock that
 * decides whether the servicedesk is open.
 */
export function testCards(options: { now?: () => Date } = {}) {
  const config = testConfig();
  const i18n = createI18n();
  const knowledgeBase = loadKnowledgeBase();
  const cards = new GuideCards({ organisation: config.organisation, knowledgeBase, publicBaseUrl: config.publicBaseUrl, teamsAppId: config.rollout.manifestAppId });
  const { hours } = config.organisation.servicedesk;
  const ticketCards = new TicketCards({ cards, knowledgeBase, clock: new OfficeHoursClock(hours, options.now) });
  return { i18n, knowledgeBase, cards, ticketCards };
}
