import { askedAt, compareWithStep, loadEvalSet } from '../../bench/evalSet';
import { findPosition } from '../../src/guide/setupGuide';
import type { Language } from '../../src/i18n/language';
import { knowledge, last, startTestApp } from '../helpers/appHarness';
import { textOf } from '../helpers/cardText';
import { sharedMatcher } from '../helpers/sharedMatcher';

/**
 * The step the user is at decides between answers that share words (issue 11): "my code doesn't work" means the
 * number on the screen at number matching, the text code at the phone step. The cases are lines of the held-out
 * set (bench/kb-eval.tsv), asked at their sub-step.
 */
const sharedWords: Array<[step: string, lang: Language, text: string, intent: string]> = [
  ['mfasetup.enterNumber', 'nl', 'mijn code werkt niet', 'mfa_getal_klopt_niet'],
  ['mfasetup.enterNumber', 'nl', 'de code klopt niet', 'mfa_getal_klopt_niet'],
  ['mfasetup.enterNumber', 'nl', 'ik zie nergens een code', 'mfa_geen_getal'],
  ['mfasetup.enterNumber', 'en', "my code doesn't work", 'mfa_getal_klopt_niet'],
  ['mfasetup.enterNumber', 'en', 'it says the code is wrong', 'mfa_getal_klopt_niet'],
  ['mfasetup.enterNumber', 'en', "i don't see any code to type", 'mfa_geen_getal'],
  ['mfasetup.verifyPhone', 'nl', 'mijn code werkt niet', 'mfa_sms_code_ongeldig'],
  ['mfasetup.verifyPhone', 'nl', 'de code klopt niet', 'mfa_sms_code_ongeldig'],
  ['mfasetup.verifyPhone', 'nl', 'ik krijg geen code', 'mfa_sms_niet_ontvangen'],
  ['mfasetup.verifyPhone', 'en', "my code doesn't work", 'mfa_sms_code_ongeldig'],
  ['mfasetup.verifyPhone', 'en', 'it says the code is wrong', 'mfa_sms_code_ongeldig'],
];

describe('answers that fit the step', () => {
  const lines = loadEvalSet();

  it('keeps its cases in the held-out set, bound to their step', () => {
    const bound = lines.filter((l) => l.step !== undefined).map((l) => [l.step, l.lang, l.text, l.intent]);
    expect(bound).toEqual(expect.arrayContaining(sharedWords));
    expect(new Set(bound.map(([, lang]) => lang))).toEqual(new Set(['nl', 'en']));
  });

  it.each(sharedWords)('at %s (%s) "%s" puts %s first, not the code of another screen', (step, lang, text, intent) => {
    const match = sharedMatcher().match(text, { lang, ...askedAt(findPosition(step)!) });
    expect(match.intent).toBe(intent);
  });

  it('over the held-out set, answers right directly more often with the step, and wrong no more often', () => {
    const { withoutStep, withStep, stepBound } = compareWithStep(sharedMatcher(), lines);
    expect(withStep.answeredRight).toBeGreaterThan(withoutStep.answeredRight);
    expect(withStep.wrongAnswers).toBeLessThanOrEqual(withoutStep.wrongAnswers);
    expect(stepBound.withStep.answeredRight).toBeGreaterThan(stepBound.withoutStep.answeredRight);
    expect(stepBound.withStep.wrongAnswers).toBeLessThanOrEqual(stepBound.withoutStep.wrongAnswers);
  });

  it.each([
    ['nl-NL', 'mfasetup.enterNumber', 'mijn code werkt niet', 'mfa_getal_klopt_niet', 'nl'],
    ['en-US', 'mfasetup.enterNumber', "my code doesn't work", 'mfa_getal_klopt_niet', 'en'],
    ['en-US', 'mfasetup.verifyPhone', 'it says the code is wrong', 'mfa_sms_code_ongeldig', 'en'],
  ] as const)('in the bot (%s), a question typed at %s is matched with that step', async (locale, step, text, intent, language) => {
    const bot = await startTestApp();
    const conversation = bot.user(locale);
    await conversation.walkTo(step);
    const reply = last(await conversation.send(text));
    expect(bot.events().find((e) => e.type === 'kb.question')).toMatchObject({ intent, step });
    expect(textOf(reply)).toContain(knowledge().get(intent)!.title[language]);
  });
});
