import { GuideCards } from '../../src/cards/guideCards';
import { TicketCards } from '../../src/cards/ticketCards';
import { OfficeHoursClock } from '../../src/tickets/officeHours';
import { findPosition } from '../../src/guide/setupGuide';
import { createI18n, translatorFor } from '../../src/i18n/translator';
import type { Language } from '../../src/i18n/language';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { textOf } from '../helpers/cardText';
import { testConfig } from '../helpers/testConfig';
import { confirmedExamplesEnv } from '../helpers/botProcess';

const i18n = createI18n();
const knowledgeBase = loadKnowledgeBase();

/** The card builders as the app builds them, for a configuration read from `env` (local mode). */
function cardsFor(env: Record<string, string> = {}) {
  const config = testConfig(env);
  return { config, cards: new GuideCards({ organisation: config.organisation, knowledgeBase, publicBaseUrl: config.publicBaseUrl }) };
}

const settingsCard = (cards: GuideCards, language: Language) => textOf({ attachments: [cards.step(translatorFor(i18n, language), language, findPosition('forticlient.checkSettings')!)] });
const servicedeskCard = (cards: GuideCards, language: Language) => textOf({ attachments: [cards.servicedesk(translatorFor(i18n, language), language, true)] });

describe.each(['nl', 'en'] as const)('example values on the cards in %s', (language) => {
  const t = translatorFor(i18n, language);
  const marked = (value: string) => t('example.value', { value });
  // "(voorbeeld)": the mark itself, which the note on the VPN card quotes.
  const mark = marked('').trim();

  it('marks each example on the VPN settings card, and says what the mark means', () => {
    const { config, cards } = cardsFor();
    const vpn = config.organisation.fortiClient;
    const text = settingsCard(cards, language);
    expect(text).toContain(`${t('vpnSettings.connectionName')}: ${marked(vpn.connectionName)}`);
    expect(text).toContain(`${t('vpnSettings.remoteGateway')}: ${marked(vpn.remoteGateway)}`);
    expect(text).toContain(`${t('vpnSettings.port')}: ${marked(String(vpn.port))}`);
    // The organisation's own settings (from the manual) carry no mark.
    expect(text).toContain(`${t('vpnSettings.vpn')}: ${vpn.vpnType}\n`);
    expect(text).toContain(t('example.vpnNote', { servicedesk: t('organisation.servicedesk', { organisation: config.organisation.name }) }));
    expect(t('example.vpnNote')).toContain(mark);
  });

  it('marks the servicedesk\'s example phone, e-mail and hours', () => {
    const { config, cards } = cardsFor();
    const { phone, email } = config.organisation.servicedesk;
    const text = servicedeskCard(cards, language);
    expect(text).toContain(`${t('servicedesk.phoneLabel')}: ${marked(phone)}`);
    expect(text).toContain(`${t('servicedesk.emailLabel')}: ${marked(`[${email}](mailto:${email})`)}`);
    expect(text).toContain(`${t('servicedesk.hoursLabel')}: ${marked(cards.hoursText(t))}`);
  });

  it('marks the example phone in "spoed? bel …" while the servicedesk is closed, and not once it is confirmed', () => {
    // A Sunday: closed on the example hours (Monday to Friday) and on the confirmed ones.
    const sunday = () => new Date('2026-12-06T12:00:00Z');
    const ask = (env: Record<string, string>) => {
      const { config, cards } = cardsFor(env);
      const ticketCards = new TicketCards({ cards, knowledgeBase, clock: new OfficeHoursClock(config.organisation.servicedesk.hours, sunday) });
      return { config, text: textOf({ attachments: [ticketCards.ask(t, language)] }) };
    };
    const example = ask({});
    expect(example.text).toContain(marked(example.config.organisation.servicedesk.phone));
    const confirmed = ask(confirmedExamplesEnv);
    expect(confirmed.text).toContain(confirmed.config.organisation.servicedesk.phone);
    expect(confirmed.text).not.toContain(mark);
  });

  it('marks only what is still an example', () => {
    const { config, cards } = cardsFor({ VPN_REMOTE_GATEWAY: 'vpn.zorg.example', SERVICEDESK_PHONE: '010 123 45 67' });
    expect(settingsCard(cards, language)).toContain(`${t('vpnSettings.remoteGateway')}: vpn.zorg.example\n`);
    expect(settingsCard(cards, language)).toContain(`${t('vpnSettings.port')}: ${marked(String(config.organisation.fortiClient.port))}`);
    expect(servicedeskCard(cards, language)).toContain(`${t('servicedesk.phoneLabel')}: 010 123 45 67\n`);
    expect(servicedeskCard(cards, language)).toContain(`${t('servicedesk.hoursLabel')}: ${marked(cards.hoursText(t))}`);
  });

  it('shows no mark and no note once every value is the organisation\'s', () => {
    const { cards } = cardsFor(confirmedExamplesEnv);
    expect(settingsCard(cards, language)).not.toContain(mark);
    expect(settingsCard(cards, language)).not.toContain(t('example.noteLabel'));
    expect(servicedeskCard(cards, language)).not.toContain(mark);
  });
});
