import { findPosition, positionAt, setupGuide } from '../../src/guide/setupGuide';
import { translatorFor } from '../../src/i18n/translator';
import { actionsOf, textOf } from '../helpers/cardText';
import { testCards } from '../helpers/testCards';

const domain = 'central.zorgring.nl';
const positions = setupGuide.flatMap((part, partIndex) => part.subSteps.map((_, subStepIndex) => positionAt(partIndex, subStepIndex)));

describe.each(['nl', 'en'] as const)('cards that are the same for everyone, in %s', (language) => {
  const { cards, i18n } = testCards();
  const t = translatorFor(i18n, language);

  it('are made once per step and sent as one frozen object, equal to a fresh build', () => {
    const fresh = testCards().cards;
    for (const position of positions) {
      const card = cards.step(t, language, position);
      expect(cards.step(t, language, position)).toBe(card);
      expect(Object.isFrozen(card.content)).toBe(true);
      expect(card).toEqual(fresh.step(t, language, position));
      expect(cards.problems(t, language, position)).toBe(cards.problems(t, language, position));
    }
    for (const inFlow of [true, false]) expect(cards.help(t, language, inFlow)).toBe(cards.help(t, language, inFlow));
    expect(cards.welcome(t, language)).toBe(cards.welcome(t, language));
  });

  it('are made per user where the step names the user\'s own UPN, and shared where it does not', () => {
    const signIn = findPosition('mfasetup.signIn')!;
    const jan = cards.step(t, language, signIn, `j.jansen@${domain}`);
    const piet = cards.step(t, language, signIn, `p.pieters@${domain}`);
    expect(textOf({ attachments: [jan] })).toContain(`j.jansen@${domain}`);
    expect(textOf({ attachments: [piet] })).toContain(`p.pieters@${domain}`);
    expect(textOf({ attachments: [piet] })).not.toContain('j.jansen@');
    // Markdown characters in a name stay inert, through the shared card's stand-in too.
    expect(textOf({ attachments: [cards.step(t, language, signIn, `j_de~vries@${domain}`)] })).toContain(`**j\\_de\\~vries@${domain}**`);
    expect(cards.summary(t, language, signIn)).toBe(`${cards.progressLabel(t, signIn)}: ${cards.stepTitle(t, language, signIn)}`);
    // Outside the domain it is the example, shared with everyone.
    expect(cards.step(t, language, signIn, 'j.jansen@example.org')).toBe(cards.step(t, language, signIn));

    const scan = findPosition('mfasetup.scanQrCode')!;
    expect(cards.step(t, language, scan, `j.jansen@${domain}`)).toBe(cards.step(t, language, scan));
  });

  it('share an answer\'s text, with each question\'s own id, step and alternatives in its buttons', () => {
    const ask = (question: string, alternatives: string[]) =>
      cards.answer(t, language, 'mfa_sms_niet_ontvangen', { question, step: 'mfasetup.verifyPhone', alternatives });
    const first = ask('11111111-1111-4111-8111-111111111111', ['mfa_verkeerd_nummer']);
    const second = ask('22222222-2222-4222-8222-222222222222', []);
    const data = (card: typeof first) => actionsOf({ attachments: [card] }).map((action) => action.data);
    expect(data(first).filter((d) => d.action === 'feedback').map((d) => d.question)).toEqual(['11111111-1111-4111-8111-111111111111', '11111111-1111-4111-8111-111111111111']);
    expect(data(first).find((d) => d.solved === false)?.alternatives).toEqual(['mfa_verkeerd_nummer']);
    expect(data(second).find((d) => d.solved === false)?.alternatives).toEqual([]);
    expect(data(second).every((d) => d.step === 'mfasetup.verifyPhone')).toBe(true);
    expect((first.content as { body: unknown }).body).toBe((second.content as { body: unknown }).body);
    expect(first).toEqual(testCards().cards.answer(t, language, 'mfa_sms_niet_ontvangen', { question: '11111111-1111-4111-8111-111111111111', step: 'mfasetup.verifyPhone', alternatives: ['mfa_verkeerd_nummer'] }));
    const own = cards.answer(t, language, 'prereq_gebruikersnaam', { alternatives: [], upn: `j.jansen@${domain}` });
    expect(textOf({ attachments: [own] })).toContain(`j.jansen@${domain}`);
  });
});
