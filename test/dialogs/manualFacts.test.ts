import { stepOf, textOf } from '../helpers/cardText';
import { last, startTestApp } from '../helpers/appHarness';

/** Walks the whole flow and returns the text of every step card, by step key. */
async function walkAll(locale: string): Promise<Map<string, string>> {
  const conversation = (await startTestApp()).user(locale);
  const texts = new Map<string, string>();
  let reply = last(await conversation.send('start'));
  while (stepOf(reply)) {
    texts.set(stepOf(reply)!, textOf(reply));
    reply = last(await conversation.press(reply, 'next'));
  }
  texts.set('done.done', textOf(reply));
  return texts;
}

// The manual's facts, and the card on which the user needs each one.
const facts: Array<[string, RegExp, { nl?: RegExp; en?: RegExp }?]> = [
  ['authenticator.installApp', /Microsoft Authenticator/],
  ['authenticator.installApp', /App Store/],
  ['authenticator.installApp', /Google Play/],
  ['authenticator.openApp', /\(\+\)/],
  ['authenticator.chooseWorkAccount', /./, { nl: /Werk- of schoolaccount/, en: /Work or school account/ }],
  ['mfasetup.openMfaSetup', /https:\/\/aka\.ms\/mfasetup/],
  ['mfasetup.signIn', /@central\.zorgring\.nl/],
  ['mfasetup.enterNumber', /./, { nl: /getal[\s\S]*\*\*Ja\*\*/, en: /number[\s\S]*\*\*Yes\*\*/ }],
  ['mfasetup.verifyPhone', /./, { nl: /sms-code/i, en: /SMS code/ }],
  ['mfasetup.finish', /./, { nl: /Voltooien/, en: /Done/ }],
  ['prerequisites.fortiClientVersion', /FortiClient/],
  ['prerequisites.fortiClientVersion', /7/],
  ['prerequisites.fortiClientVersion', /\(i\)/],
  ['forticlient.editConnection', /Edit the selected connection/],
  ['forticlient.editConnection', /VPN Name/],
  ['forticlient.checkSettings', /Save/],
  ['forticlient.samlLogin', /SAML Login/],
  ['forticlient.signInWithUpn', /@central\.zorgring\.nl/],
  ['forticlient.chooseWorkAccount', /Work or school account/],
  ['forticlient.chooseWorkAccount', /Personal account/],
  ['done.done', /support\.microsoft\.com/],
];

describe.each(['nl-NL', 'en-US'])('the texts in %s carry the manual\'s facts', (locale) => {
  let texts: Map<string, string>;
  beforeAll(async () => {
    texts = await walkAll(locale);
  });

  const rows = facts.map(([key, pattern, perLanguage]) => ({ key, pattern, perLanguage }));
  it.each(rows)('$key mentions $pattern', ({ key, pattern, perLanguage }) => {
    const language = locale.startsWith('nl') ? 'nl' : 'en';
    expect(texts.get(key)).toMatch(perLanguage?.[language] ?? pattern);
  });
});
