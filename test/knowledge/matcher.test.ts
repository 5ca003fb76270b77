import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { normalise } from '../../src/knowledge/matcher/normalise';
import { detectLanguage } from '../../src/knowledge/matcher/language';
import { joinedVerbs, tokenise } from '../../src/knowledge/matcher/features';
import { conceptsOf } from '../../src/knowledge/matcher/concepts';
import { IntentMatcher, maxQuestionLength } from '../../src/knowledge/matcher/intentMatcher';
import { matcherSettings, trainingData } from '../../src/knowledge/loadIntentMatcher';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';
import { sharedMatcher } from '../helpers/sharedMatcher';

const root = path.join(__dirname, '../..');

describe('normalise', () => {
  it.each([
    ['FortiClient blijft hangen op 98%', 'forticlient blijft hangen op pct98 percent'],
    ['hangt op 40 procent', 'hangt op pct40 percent'],
    ['Foutmelding (-7200)', 'foutmelding err7200'],
    ['error 7200 bij inloggen', 'err7200 bij inloggen'],
    ['AADSTS 50105 zegt hij', 'aadsts50105 zegt hij'],
    ['mijn code 123456 wordt geweigerd', 'mijn code numcode wordt geweigerd'],
    ['sms naar +31 6 12345678', 'sms naar numphone'],
    ['Privé-account gekozen', 'prive account gekozen'],
  ])('%s → %s', (input, expected) => {
    expect(normalise(input)).toBe(expected);
  });
});

describe('language detection per message', () => {
  it.each([
    ['ik krijg geen melding op mijn telefoon', 'nl'],
    ['i dont get a notification on my phone', 'en'],
    ['hij blijft hangen op connecting', 'nl'],
    ['saml', 'en'],
  ])('%s is %s (fallback en for a single product word)', (text, language) => {
    expect(detectLanguage(tokenise(normalise(text)), 'en')).toBe(language);
  });
});

describe('Dutch separable verbs', () => {
  it.each([
    ['hoe zet ik de tweefactor uit', ['uitzetten']],
    ['ik stel de app in en voeg mijn account toe', ['instellen', 'toevoegen']],
    ['de code uit de app werkt niet', []],
    ['uit de app zet ik niets', []],
  ])('%s → %j', (text, verbs) => {
    expect(joinedVerbs(tokenise(normalise(text)))).toEqual(verbs);
  });

  it('answers a question whose verb stands apart as it answers the whole verb', () => {
    expect(sharedMatcher().match('kan ik de tweestapsverificatie uitzetten').intent).toBe('mfa_uitzetten');
    expect(sharedMatcher().match('hoe zet ik de tweestapsverificatie uit').intent).toBe('mfa_uitzetten');
  });
});

describe('concepts', () => {
  it('maps Dutch compounds and English words to the same concept', () => {
    expect(conceptsOf('werktelefoon')).toContain('phone');
    expect(conceptsOf('phone')).toContain('phone');
    expect(conceptsOf('gestolen')).toContain('lost');
    expect(conceptsOf('stolen')).toContain('lost');
  });
});

describe('the intent matcher', () => {
  const matcher = sharedMatcher();

  it.each([
    ['mijn code werkt nie', 'nl'],
    ['forticlient blijft hangen op 98 procent', 'nl'],
    ['my code doesnt work', 'en'],
    ['ik zie nergens een saml login knop', 'nl'],
    ['telefoon gestolen, wat nu met mfa', 'nl'],
  ])('offers an answer for "%s" and detects %s', (text, language) => {
    const match = matcher.match(text);
    expect(match.lang).toBe(language);
    expect(match.intent).not.toBeNull();
    expect(match.decision).not.toBe('none');
  });

  it.each(['mijn printer doet het niet', 'wat eten we vandaag', 'asdf qwerty', ''])('gives no answer for "%s"', (text) => {
    const match = matcher.match(text);
    expect(match).toMatchObject({ intent: null, answered: false, decision: 'none' });
  });

  it('reads a long message only as far as a question goes: what follows changes nothing', () => {
    const question = 'mijn code werkt nie ';
    const long = question + 'x'.repeat(maxQuestionLength) + ' forticlient saml login knop '.repeat(900);
    expect(matcher.match(long)).toEqual(matcher.match(question + 'x'.repeat(maxQuestionLength)));
    expect(matcher.match(long).intent).toBe(matcher.match(question).intent);
  });

  it('returns scores in [0, 1], best first, at most three alternatives', () => {
    const match = matcher.match('ik krijg geen sms');
    expect(match.alternatives.length).toBeLessThanOrEqual(3);
    const scores = match.alternatives.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const score of [match.score, ...scores]) expect(score).toBeGreaterThanOrEqual(0);
    for (const score of [match.score, ...scores]) expect(score).toBeLessThanOrEqual(1);
  });

  it('lets the part of the guide the user is at tilt the scores toward that part\'s intents', () => {
    const text = 'ik heb het verkeerde account gekozen';
    const scoreOf = (part: 'authenticator' | 'forticlient' | undefined, intent: string) =>
      matcher.match(text, { part }).alternatives.find((a) => a.intent === intent)?.score ?? 0;
    expect(scoreOf('forticlient', 'fc_werk_of_persoonlijk')).toBeGreaterThan(scoreOf(undefined, 'fc_werk_of_persoonlijk'));
    expect(scoreOf('forticlient', 'auth_persoonlijk_gekozen')).toBeLessThan(scoreOf(undefined, 'auth_persoonlijk_gekozen'));
    expect(scoreOf('authenticator', 'auth_persoonlijk_gekozen')).toBeGreaterThan(scoreOf(undefined, 'auth_persoonlijk_gekozen'));
  });

  it("lets the sub-step's own problems weigh more than the rest of its part, before the thresholds", () => {
    const text = 'de code klopt niet';
    const at = (preferred?: string[]) => matcher.match(text, { part: 'mfasetup', preferred });
    const scoreOf = (match: ReturnType<typeof at>, intent: string) => match.alternatives.find((a) => a.intent === intent)?.score ?? 0;
    expect(scoreOf(at(['mfa_sms_code_ongeldig']), 'mfa_sms_code_ongeldig')).toBeGreaterThan(scoreOf(at(), 'mfa_sms_code_ongeldig'));
    expect(at(['mfa_sms_code_ongeldig']).intent).toBe('mfa_sms_code_ongeldig');
    expect(at(['mfa_getal_klopt_niet']).intent).toBe('mfa_getal_klopt_niet');
    expect(at(['mfa_getal_klopt_niet']).decision).toBe('answer');
  });

  it('answers outright below answerThreshold when the top intent is answerMargin ahead of the next one', () => {
    const withSettings = (answerMargin: number) =>
      new IntentMatcher(trainingData(loadKnowledgeBase()), { ...matcherSettings, answerThreshold: 1.01, answerMargin }, matcher.toModel());
    const text = 'forticlient blijft hangen op 98 procent';
    const [top, next] = matcher.match(text).alternatives;
    expect(top.score - next.score).toBeGreaterThan(0.5);
    expect(withSettings(1.01).match(text).decision).toBe('choose');
    expect(withSettings(0.5).match(text)).toMatchObject({ intent: 'fc_blijft_hangen', decision: 'answer', answered: true });
  });

  it('uses the forced language instead of detecting it', () => {
    expect(matcher.match('saml', { lang: 'nl' }).lang).toBe('nl');
  });
});

describe('npm run kb', () => {
  const run = (args: string[], input?: string) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/kb.ts', ...args], { cwd: root, input, encoding: 'utf8' });

  it('prints one JSON object for one message', () => {
    const result = JSON.parse(run(['--json', 'forticlient blijft hangen op 98 procent']));
    expect(Object.keys(result)).toEqual(['intent', 'score', 'answered', 'lang', 'alternatives']);
    expect(result).toMatchObject({ intent: 'fc_blijft_hangen', answered: true, lang: 'nl' });
  });

  it('reads one message per line from stdin and prints one JSON line each, with --lang and --part', () => {
    const lines = run(['--json', '--lang', 'en', '--part', 'forticlient'], 'stuck at 98%\nmy printer is broken\n').trim().split('\n');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first).toMatchObject({ intent: 'fc_blijft_hangen', lang: 'en' });
    expect(second).toMatchObject({ intent: null, answered: false });
  });

  it('asks at a card of the guide with --step, as the bot does there: one stdin line asked at the number and the SMS step', () => {
    const at = (step: string) => JSON.parse(run(['--json', '--step', step], 'mijn code werkt niet\n'));
    expect(at('mfasetup.enterNumber')).toMatchObject({ intent: 'mfa_getal_klopt_niet', answered: true });
    expect(at('mfasetup.verifyPhone')).toMatchObject({ intent: 'mfa_sms_code_ongeldig' });
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/kb.ts', '--step', 'nowhere', 'x'], { cwd: root, stdio: 'pipe' })).toThrow(/--step must be a position/);
  });

  it('rejects an unknown option value with a message, not a stack trace', () => {
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/kb.ts', '--lang', 'de', 'x'], { cwd: root, stdio: 'pipe' })).toThrow(/--lang must be nl or en/);
  });
});
