import { startLocaleRelay, withLocale, type LocaleRelay } from '../../scripts/localeRelay';
import { textOf } from '../helpers/cardText';
import { liveBot } from '../helpers/liveBot';
import { postToBot } from '../helpers/teamsClient';
import { teamsActivity, type TeamsUser } from '../helpers/teamsActivity';
import nl from '../../src/locales/nl/translation.json';
import en from '../../src/locales/en/translation.json';

// npm run playground: the Playground says en-US on every activity; the relay in front of the bot makes it nl-NL.
const live = liveBot();
let relay: LocaleRelay;
beforeAll(async () => {
  relay = await startLocaleRelay(`${live.bot.url}/api/messages`, 'nl-NL');
});
afterAll(() => relay.close());

let sequence = 0;
/** A user as the Playground sends them: always en-US. */
const playgroundUser = (): TeamsUser => ({ userId: `29:playground-${++sequence}`, conversationId: `a:playground-${sequence}`, locale: 'en-US' });
const through = (target: { url: string }, user: TeamsUser, text: string) =>
  postToBot(target.url.replace(/\/api\/messages$/, ''), live.connector, teamsActivity(live.serviceUrl, user, { type: 'message', text }));

describe('the Playground\'s locale relay', () => {
  it('gives the activity and its clientInfo the locale, and leaves everything else alone', () => {
    const activity = { text: 'hallo', locale: 'en-US', entities: [{ type: 'clientInfo', locale: 'en-US', platform: 'Web' }, { type: 'mention', text: 'x' }] };
    expect(withLocale(activity, 'nl-NL')).toEqual({ text: 'hallo', locale: 'nl-NL', entities: [{ type: 'clientInfo', locale: 'nl-NL', platform: 'Web' }, { type: 'mention', text: 'x' }] });
  });

  it('makes the bot start in Dutch for a Playground user, who would otherwise get English', async () => {
    const viaRelay = await through(relay, playgroundUser(), 'hallo');
    expect(textOf(viaRelay.at(-1))).toContain(nl.welcome.title);
    const direct = await through({ url: live.bot.url }, playgroundUser(), 'hallo');
    expect(textOf(direct.at(-1))).toContain(en.welcome.title);
  });

  it('still lets the user switch to English by typing it', async () => {
    const user = playgroundUser();
    await through(relay, user, 'hallo');
    const switched = await through(relay, user, 'English');
    expect(switched[0].text).toBe(en.messages.languageChanged);
    expect(textOf((await through(relay, user, 'hallo')).at(-1))).toContain(en.welcome.title);
  });
});
