import words from './commandWords.json';
import { CardAction, type SubmitData } from '../cards/actions';
import type { Language } from '../i18n/language';

/** Things a user can ask for at any moment, by button or by typing. */
export type Command =
  | { name: 'start' | 'help' | 'stop' | 'greeting' | 'resume' | 'showStep' | 'servicedesk' | 'register' | 'dismiss' | 'rolloutStatus' | 'remind' }
  /** "uitrol <groep>" in the servicedesk channel: `group` as typed (checked to be a group's object id later); absent when none was given. */
  | { name: 'rollout'; group?: string }
  /** Back to the start; `confirmed` by "Weet je het zeker?" at the position `step` (asked again once the user moved on). */
  | { name: 'restart'; confirmed?: boolean; step?: string }
  /** "Verwijder mijn gegevens"; `confirmed` by "Weet je het zeker?". */
  | { name: 'forget'; confirmed?: boolean }
  | { name: 'language'; language: Language }
  /** The user cancels their ticket (a button carries its number). */
  | { name: 'cancelTicket'; ticket?: string }
  /** The user rates a closed ticket. */
  | { name: 'rateTicket'; data: SubmitData }
  /** A knowledge-base button: a problem or suggestion chosen, "Opgelost?" answered, "iets anders". */
  | { name: 'knowledge'; data: SubmitData };

function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}?' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const wordIndex = new Map<string, Command>();
const addWords = (list: string[], command: Command) => list.forEach((word) => wordIndex.set(normaliseText(word), command));
addWords(words.start, { name: 'start' });
addWords(words.help, { name: 'help' });
addWords(words.stop, { name: 'stop' });
addWords(words.greeting, { name: 'greeting' });
addWords(words.resume, { name: 'resume' });
addWords(words.restart, { name: 'restart' });
addWords(words.servicedesk, { name: 'servicedesk' });
addWords(words.forget, { name: 'forget' });
addWords(words.register, { name: 'register' });
addWords(words.cancelTicket, { name: 'cancelTicket' });
addWords(words.rollout, { name: 'rollout' });
addWords(words.rolloutStatus, { name: 'rolloutStatus' });
addWords(words.remind, { name: 'remind' });

/** "uitrol <argument>": the command word, then one argument (a group's object id, as typed: normalising would break it). */
const rolloutWords = [...words.rollout].sort((a, b) => b.length - a.length).map(normaliseText);
const maxArgumentLength = 100;

function rolloutWithArgument(text: string): Command | undefined {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  if (space < 0 || trimmed.length > 200) return undefined;
  for (const word of rolloutWords) {
    const head = trimmed.slice(0, word.length);
    const rest = trimmed.slice(word.length);
    if (normaliseText(head) === word && /^\s+\S+$/.test(rest)) {
      const group = rest.trim();
      return group.length <= maxArgumentLength ? { name: 'rollout', group } : undefined;
    }
  }
  return undefined;
}
addWords(words.english, { name: 'language', language: 'en' });
addWords(words.dutch, { name: 'language', language: 'nl' });

/** The command a card button asks for; undefined for the guide's own buttons and forged data. */
export function commandOfButton(data: SubmitData): Command | undefined {
  switch (data.action) {
    case CardAction.start:
    case CardAction.help:
    case CardAction.stop:
    case CardAction.resume:
    case CardAction.showStep:
    case CardAction.servicedesk:
    case CardAction.dismiss:
      return { name: data.action };
    case CardAction.restart:
      return { name: 'restart', confirmed: data.confirmed, step: data.step };
    case CardAction.forget:
      return { name: 'forget', confirmed: data.confirmed };
    case CardAction.answer:
    case CardAction.feedback:
    case CardAction.otherProblem:
      return { name: 'knowledge', data };
    case CardAction.cancelTicket:
      // The button always names its ticket: without a well-formed one it is forged, not "cancel my open ticket".
      return data.ticket ? { name: 'cancelTicket', ticket: data.ticket } : undefined;
    case CardAction.rateTicket:
      return { name: 'rateTicket', data };
    case CardAction.language:
      return data.language === 'en' || data.language === 'nl' ? { name: 'language', language: data.language } : undefined;
    default:
      return undefined;
  }
}

/** Drops trailing "?", "!", "." and spaces by hand: /[?!. ]+$/ is retried from every "?" of a long run (quadratic). */
function withoutTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && '?!. '.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

/** The command a person typed ("help", "ok start", "English"), or undefined when it is something else. */
export function commandOfWords(text: string): Command | undefined {
  const normal = normaliseText(text).replace(/^(ok|oke|okay|ja|yes) /, '');
  return wordIndex.get(normal) ?? wordIndex.get(withoutTrailingPunctuation(normal)) ?? rolloutWithArgument(text);
}
