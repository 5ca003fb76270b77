/**
 * npm run --silent kb -- --json "<text>"   → one JSON object for the message
 * npm run --silent kb -- --json < lines.txt → one JSON line per input line
 * Options: --lang nl|en (skip language detection), --part prerequisites|authenticator|mfasetup|forticlient|general,
 *          --step <position> (asked at that card of the guide, e.g. mfasetup.enterNumber: its part and its problems, as the bot does).
 * Without --json it prints a short human-readable line instead.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadKnowledgeBase } from '../src/knowledge/loadKnowledgeBase';
import { loadIntentMatcher } from '../src/knowledge/loadIntentMatcher';
import type { Language } from '../src/i18n/language';
import { intentParts, type IntentPart } from '../src/knowledge/knowledgeBase';
import { findPosition, firstPosition } from '../src/guide/setupGuide';
import type { IntentMatcher, MatchOptions } from '../src/knowledge/matcher/intentMatcher';


function fail(message: string): never {
  process.stderr.write(`kb: ${message}\n`);
  process.exit(2);
}

function options(): { json: boolean; match: MatchOptions; text?: string } {
  const { values, positionals } = parseArgs({
    options: { json: { type: 'boolean', default: false }, lang: { type: 'string' }, part: { type: 'string' }, step: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.lang !== undefined && values.lang !== 'nl' && values.lang !== 'en') fail(`--lang must be nl or en, got "${values.lang}"`);
  if (values.part !== undefined && !intentParts.includes(values.part as IntentPart)) fail(`--part must be one of ${intentParts.join(', ')}`);
  const position = values.step === undefined ? undefined : findPosition(values.step);
  if (values.step !== undefined && !position) fail(`--step must be a position of the guide, such as ${firstPosition().key}`);
  const stepPart = position && intentParts.includes(position.part.id as IntentPart) ? (position.part.id as IntentPart) : undefined;
  return {
    json: values.json ?? false,
    match: { lang: values.lang as Language | undefined, part: (values.part as IntentPart | undefined) ?? stepPart, preferred: position?.subStep.problems },
    text: positionals.length > 0 ? positionals.join(' ') : undefined,
  };
}

function describe(matcher: IntentMatcher, text: string, match: MatchOptions, json: boolean): string {
  const { intent, score, answered, lang, alternatives } = matcher.match(text, match);
  if (json) return JSON.stringify({ intent, score, answered, lang, alternatives });
  const others = alternatives.map((a) => `${a.intent} ${a.score}`).join(', ');
  return `${intent ?? '(no answer)'}  score ${score}  ${answered ? 'answered' : 'not answered'}  [${lang}]  alternatives: ${others}`;
}

async function main(): Promise<void> {
  const { json, match, text } = options();
  const matcher = loadIntentMatcher(loadKnowledgeBase());
  if (text !== undefined) {
    process.stdout.write(describe(matcher, text, match, json) + '\n');
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) process.stdout.write(describe(matcher, line, match, json) + '\n');
}

main().catch((error: Error) => fail(error.message));
