import nlReplies from '../locales/nl/replies.json';
import enReplies from '../locales/en/replies.json';
import commandWords from './commandWords.json';
import { CardAction, type SubmitData } from '../cards/actions';
import type { CardButton, CardInView } from '../cards/cardButtons';

interface ReplyWords {
  fillers: string[];
  groups: Record<string, string[]>;
  buttons: Record<string, string[]>;
}

/** Typed replies longer than this are questions, not answers to a card. */
const maxReplyWords = 12;
const maxReplyLength = 200;
const maxButtonPhrases = 2000;

/**
 * What a button means, as the reply words name it: its action, refined where one action has several meanings
 * ("Opgelost?" yes and no, "Geen van deze", each answer in the servicedesk question, a confirmed restart).
 */
export function buttonMeaning(data: SubmitData): string {
  if (data.action === CardAction.feedback) return data.intent ? (data.solved ? 'feedback.solved' : 'feedback.notSolved') : 'feedback.noneOfThese';
  if (data.action === CardAction.handoff) return `handoff.${data.choice}`;
  if (data.confirmed) return `${data.action}.confirmed`;
  return data.action;
}

/** Lower case, no accents, emoji for yes and no as words, apostrophes dropped ("doesn't" is "doesnt"), then words. */
export function replyTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\p{Extended_Pictographic}/gu, (emoji) => (emojiWords[emoji] ? ` ${emojiWords[emoji]} ` : ' '))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

const emojiWords: Record<string, string> = { '👍': 'ok', '👌': 'ok', '✅': 'ok', '✔': 'ok', '🙂': '', '😊': '', '🎉': '', '👎': 'nee', '❌': 'nee' };

/** A word as compared: letters typed twice or more count once ("jaaa", "neee"). Every word is compared in this form. */
const squeezed = (word: string) => word.replace(/(.)\1+/g, '$1');
const squeezedTokens = (text: string) => replyTokens(text).map(squeezed);

/**
 * How well a typed word is a known one: 2 the same (letters typed twice aside), 1 with one typo (a letter wrong,
 * missing, extra or two swapped) in words of four letters or more, two from eight, the first letter right; 0 not.
 * A word that is itself one the bot knows is never a typo of another: "dont" is not "done", "menu" not "mens".
 */
function wordMatch(a: string, b: string): number {
  if (a === b) return 2;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4 || a[0] !== b[0]) return 0;
  const limit = shorter >= 8 ? 2 : 1;
  if (Math.abs(a.length - b.length) > limit || vocabulary.knows(a)) return 0;
  return editDistance(a, b, limit) <= limit ? 1 : 0;
}

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early above `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
      best = Math.min(best, current[j]);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/** The reply words of both languages, as word lists: people answer a Dutch card in English and the other way round. */
class ReplyVocabulary {
  private readonly fillers = new Set<string>();
  private readonly noWords = new Set<string>();
  /** Every word of the yes and no groups ("ja", "nope", "of course"). */
  private readonly answerWords = new Set<string>();
  private readonly phrases = new Map<string, string[][]>();
  /** Every word of a reply phrase, of small talk and of a typed command. */
  private readonly words = new Set<string>();
  private readonly buttonPhrases = new Map<string, string[][]>();

  constructor(sources: ReplyWords[], commands: string[]) {
    for (const source of sources) {
      for (const filler of source.fillers) this.fillers.add(squeezed(filler));
      for (const no of source.groups.no ?? []) replyTokens(no).slice(0, 1).forEach((word) => this.noWords.add(squeezed(word)));
      for (const phrase of Object.values(source.groups).flat()) replyTokens(phrase).forEach((word) => this.answerWords.add(squeezed(word)));
      for (const [meaning, list] of Object.entries(source.buttons)) {
        const expanded = list.flatMap((phrase) => (phrase.startsWith('@') ? (source.groups[phrase.slice(1)] ?? []) : [phrase]));
        this.phrases.set(meaning, [...(this.phrases.get(meaning) ?? []), ...expanded.map(squeezedTokens)]);
      }
    }
    for (const phrase of [...this.phrases.values()].flat()) phrase.forEach((word) => this.words.add(word));
    for (const command of commands) squeezedTokens(command).forEach((word) => this.words.add(word));
    this.fillers.forEach((word) => this.words.add(word));
  }

  /** Small talk; `word` is squeezed, as every word compared here. */
  isFiller(word: string): boolean {
    return this.fillers.has(word);
  }

  isNo(word: string): boolean {
    return this.noWords.has(word);
  }

  isAnswer(word: string): boolean {
    return this.answerWords.has(word);
  }

  knows(squeezedWord: string): boolean {
    return this.words.has(squeezedWord);
  }

  /** The phrases that press a button: its own title and the words its meaning has, longest first (kept per button). */
  phrasesOf(button: CardButton): string[][] {
    const key = `${buttonMeaning(button.data)}\u0000${button.title}`;
    let phrases = this.buttonPhrases.get(key);
    if (!phrases) {
      phrases = [squeezedTokens(button.title), ...(this.phrases.get(buttonMeaning(button.data)) ?? [])]
        .filter((phrase) => phrase.length > 0)
        .sort((a, b) => b.length - a.length);
      // Titles come from the bot's own cards: a few hundred at most; the bound keeps odd stored ones from piling up.
      if (this.buttonPhrases.size < maxButtonPhrases) this.buttonPhrases.set(key, phrases);
    }
    return phrases;
  }
}

const vocabulary = new ReplyVocabulary(
  [nlReplies, enReplies],
  Object.entries(commandWords).flatMap(([key, list]) => (key.startsWith('$') ? [] : (list as string[]))),
);

/** Words that may surround a reply on this card: small talk, and the card's own heading ("ik heb de QR-code gescand"). */
type Context = (word: string) => boolean;

/**
 * Where `phrase` ends when it starts at `words[at]`, and how well it matched (2 a word, 1 a word with a typo), small talk allowed between its words ("nee, ik heb geen
 * smartphone" is "Nee, geen smartphone"); undefined when it does not start there.
 */
function phraseAt(words: string[], at: number, phrase: string[], context: Context): { end: number; score: number } | undefined {
  let next = at;
  let score = 0;
  for (const [index, word] of phrase.entries()) {
    if (index > 0) while (next < words.length && wordMatch(words[next], word) === 0 && context(words[next])) next++;
    const match = next < words.length ? wordMatch(words[next], word) : 0;
    if (match === 0) return undefined;
    score += match;
    next++;
  }
  return { end: next, score };
}

/**
 * How well the button's phrases account for the typed words (2 a word, 1 a word with a typo: "done" is "Done",
 * not "dont"), or 0 when a word is left that is neither one of
 * its phrases nor small talk ("nee, ik krijg geen sms" is a question, not the "Nee" button).
 */
function coverage(words: string[], phrases: string[][], context: Context): number {
  let covered = 0;
  let at = 0;
  while (at < words.length) {
    let found: { end: number; score: number } | undefined;
    for (const phrase of phrases) if ((found = phraseAt(words, at, phrase, context))) break;
    if (found) {
      covered += found.score;
      at = found.end;
    } else if (context(words[at])) {
      at += 1;
    } else {
      return 0;
    }
  }
  return covered;
}

/** Two buttons that do the same (a card may offer the servicedesk twice). */
const sameButton = (a: CardButton, b: CardButton) => buttonMeaning(a.data) === buttonMeaning(b.data) && a.data.intent === b.data.intent;

/**
 * The card's heading words as context: the words of its title that are no reply word themselves ("QR-code" on
 * "Scan de QR-code", never a "niet" or "geen" from a title).
 */
function contextOf(card: CardInView): Context {
  const topic = new Set(card.headings.flatMap(squeezedTokens).filter((word) => !vocabulary.knows(word)));
  return (word) => vocabulary.isFiller(word) || topic.has(word);
}

/**
 * The button a typed reply presses on the card in front of the user ("het is gelukt!" is "Gelukt", "nee dat lukt
 * niet" is "Lukt niet"); undefined when the text is no answer to the card, asks something ("is het gelukt?"), or
 * fits two buttons equally well.
 */
export function buttonForReply(text: string, card: CardInView): CardButton | undefined {
  if (text.length > maxReplyLength || text.trim().endsWith('?')) return undefined;
  const words = squeezedTokens(text);
  if (words.length === 0 || words.length > maxReplyWords) return undefined;
  const context = contextOf(card);
  let best: CardButton | undefined;
  let bestScore = 0;
  let tied = false;
  for (const button of card.buttons) {
    const score = coverage(words, vocabulary.phrasesOf(button), context);
    if (score === 0) continue;
    if (score > bestScore) {
      best = button;
      bestScore = score;
      tied = false;
    } else if (score === bestScore && !sameButton(button, best!)) {
      tied = true;
    }
  }
  return tied ? undefined : best;
}

/** Only small talk ("bedankt!", "thanks"): no answer and no description of a problem. */
export function isSmallTalk(text: string): boolean {
  return squeezedTokens(text).every((word) => vocabulary.isFiller(word));
}

/** Begins with a no ("nee, ik probeer het zelf nog even"): to a yes/no question, that is the answer. */
export function beginsWithNo(text: string): boolean {
  const [first] = squeezedTokens(text);
  return first !== undefined && vocabulary.isNo(first);
}

/** Just a yes or a no ("nee hoor", "ok") with no card asking anything: no question for the knowledge base. */
export function isBareAnswer(text: string): boolean {
  const words = squeezedTokens(text);
  return words.some((word) => vocabulary.isAnswer(word)) && words.every((word) => vocabulary.isAnswer(word) || vocabulary.isFiller(word));
}
