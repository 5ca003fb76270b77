import { buttonsOf, headingsOf } from '../../src/cards/cardButtons';
import { buttonMeaning, buttonForReply } from '../../src/commands/replies';
import { findPosition } from '../../src/guide/setupGuide';
import type { Language } from '../../src/i18n/language';
import { translatorFor } from '../../src/i18n/translator';
import type { AuthenticatorFinding } from '../../src/tickets/ticket';
import { testCards } from '../helpers/testCards';

const { cards, ticketCards, i18n } = testCards();
const finish = findPosition('mfasetup.finish')!;

describe.each<Language>(['nl', 'en'])('the Authenticator texts in %s', (language) => {
  const t = translatorFor(i18n, language);

  it('names one device, in italics and escaped for markdown', () => {
    expect(cards.authenticatorRegistered(t, language, ['iPhone van _Jan_'])).toBe(
      t('authenticator.registered.named', { devices: '*iPhone van \\_Jan\\_*', count: 1 }),
    );
  });

  it('names at most three devices and counts the rest; unnamed ones are left out', () => {
    const text = cards.authenticatorRegistered(t, language, ['A', ' ', 'B', 'C', 'D', 'E']);
    expect(text).toContain('*A*');
    expect(text).toContain('*C*');
    expect(text).not.toContain('*D*');
    expect(text).toContain(t('authenticator.registered.more', { count: 2 }));
  });

  it('says the Authenticator is linked when no device has a name', () => {
    expect(cards.authenticatorRegistered(t, language, ['', '  '])).toBe(t('authenticator.registered.unnamed'));
  });

  it('cuts a very long device name', () => {
    const text = cards.authenticatorRegistered(t, language, ['x'.repeat(500)]);
    expect(text).toContain(`*${'x'.repeat(60)}*`);
    expect(text).not.toContain('x'.repeat(61));
  });

  it.each<AuthenticatorFinding>([
    { kind: 'registered', devices: ['iPhone'], at: '2026-11-23T09:00:00.000Z' },
    { kind: 'registered', devices: [''], at: '2026-11-23T09:00:00.000Z' },
    { kind: 'none', at: '2026-11-23T09:00:00.000Z' },
    ...(['off', 'throttled', 'forbidden', 'notFound', 'failed', 'timeout', 'noUserId'] as const).map(
      (reason): AuthenticatorFinding => ({ kind: 'notChecked', reason, at: '2026-11-23T09:00:00.000Z' }),
    ),
  ])('gives the servicedesk a sentence for %j', (finding) => {
    const text = ticketCards.authenticatorText(t, finding);
    expect(text).toContain(ticketCards.time(finding.at, true));
    expect(text).not.toMatch(/\{\{|ticket\.authenticator/);
  });

  it('draws the "no Authenticator yet" card with its buttons bound to the end of Step 2', () => {
    const card = cards.authenticatorMissing(t, language, finish);
    const buttons = buttonsOf([card]);
    expect(buttons.map((button) => [buttonMeaning(button.data), button.data.step])).toEqual([
      ...['answer', 'answer', 'answer', 'answer'].map((meaning) => [meaning, finish.key]),
      ['checkAuthenticator', finish.key],
      ['next.confirmed', finish.key],
      ['servicedesk', finish.key],
    ]);
    expect(JSON.stringify(card)).not.toContain('${');
  });
});

describe.each([
  ['nl', ['nog eens controleren', 'Nog eens controleren!', 'controleer opnieuw', 'gelukt', 'ja', 'nu wel'], ['toch verder', 'Toch verder', 'verder', 'ga verder', 'overslaan']],
  ['en', ['check again', 'Check again', 'please check again', 'done', 'yes', 'it worked'], ['continue anyway', 'Continue anyway', 'continue', 'next', 'skip']],
] as const)('typing on the "no Authenticator yet" card in %s', (language, checkAgain, goOn) => {
  const t = translatorFor(i18n, language);
  const card = cards.authenticatorMissing(t, language, finish);
  const pressed = (text: string) => {
    const button = buttonForReply(text, { buttons: buttonsOf([card]), headings: headingsOf([card]) });
    return button && buttonMeaning(button.data);
  };

  it.each(checkAgain)('"%s" checks again', (text) => expect(pressed(text)).toBe('checkAuthenticator'));
  it.each(goOn)('"%s" goes on anyway', (text) => expect(pressed(text)).toBe('next.confirmed'));
  it.each(language === 'nl' ? ['servicedesk', 'een medewerker'] : ['servicedesk', 'ask a person'])('"%s" asks the servicedesk', (text) => expect(pressed(text)).toBe('servicedesk'));
});
