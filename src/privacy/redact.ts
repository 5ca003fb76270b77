import words from './secretWords.json';
import { isEmailAddress, maskPlainEmails } from './emails';
import { normaliseForMasking } from './normaliseText';

/**
 * Masking of what must never reach a log, a ticket or the stored history. One pass over the
 * whitespace-separated tokens with fixed-size windows and no backtracking pattern, so it takes
 * time linear in the text (a 100,000-character message included).
 */

const Mask = { code: '[code]', phone: '[telefoon]', email: '[e-mail]', password: '[wachtwoord]' } as const;
type Kind = keyof typeof Mask;

const maskTexts = Object.values(Mask);
const passwordKeywords = new Set(words.passwordKeywords);
const fillers = new Set(words.fillers);
const afterKeywordNotSecret = new Set(words.afterKeywordNotSecret);
const weakBases = new Set(words.weakPasswordBases);
const aloneShapeNotSecret = new Set(words.aloneShapeNotSecret);
const codeExemptBefore = new Set(words.codeExemptBefore);
const gluedCodePrefixes = new Set(words.gluedCodePrefixes);
const emailAt = new Set(words.emailAt);
const emailDot = new Set(words.emailDot);

// A passphrase is rarely longer; past this the rest is most likely the sentence going on.
const maxPassphraseWords = 5;
// How far a spelled-out address may reach ("jan punt jansen at zorgring punt nl" is 9 tokens).
const maxEmailTokens = 12;

const leadingPunctuation = '([{"\'«“‘<';
const trailingPunctuation = ')]}"\'»”’>.,;:!?';
const sentenceEnd = '.,;:!?';

interface Token {
  text: string;
  /** Whitespace after the token. */
  after: string;
  lead: string;
  core: string;
  trail: string;
  lower: string;
  /** The replacement, once a rule has masked the token. */
  out?: string;
  /** Part of a span masked by an earlier token: dropped with the whitespace before it. */
  swallowed?: boolean;
}

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));

/** Splits on whitespace by hand: a pattern would allocate a match per token. */
function tokenise(text: string): { before: string; tokens: Token[] } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const before = text.slice(0, i);
  while (i < text.length) {
    const start = i;
    while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
    const wordEnd = i;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    let coreStart = start;
    let coreEnd = wordEnd;
    while (coreStart < coreEnd && leadingPunctuation.includes(text[coreStart])) coreStart++;
    while (coreEnd > coreStart && trailingPunctuation.includes(text[coreEnd - 1])) coreEnd--;
    const core = text.slice(coreStart, coreEnd);
    tokens.push({
      text: text.slice(start, wordEnd),
      after: text.slice(wordEnd, i),
      lead: text.slice(start, coreStart),
      core,
      trail: text.slice(coreEnd, wordEnd),
      lower: core.toLowerCase(),
    });
  }
  return { before, tokens };
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isLetter = (c: string) => /\p{L}/u.test(c);
const hasDigit = (text: string) => /\d/.test(text);
// Not letters and not the separators of versions, paths, times and URLs.
const isSpecial = (c: string) => !/[\p{L}\p{N}\s.\-/:,']/u.test(c);

/** Digit groups of a number token: "731-904" → [3, 3], "+31(0)6-12345678" → [2, 1, 1, 8]; undefined for anything else. */
function digitGroups(core: string): number[] | undefined {
  const groups: number[] = [];
  let run = 0;
  for (let i = core.startsWith('+') ? 1 : 0; i < core.length; i++) {
    const c = core[i];
    if (isDigit(c)) run++;
    // One separator between digits; a leading "-" makes it a negative number or an error code ("-7200").
    else if ((c === '-' || c === '(' || c === ')') && i + 1 < core.length && (run > 0 || c === '(')) {
      if (run > 0) groups.push(run);
      run = 0;
    } else return undefined;
  }
  if (run === 0) return undefined;
  groups.push(run);
  return groups;
}

const sum = (groups: number[]) => groups.reduce((a, b) => a + b, 0);
// How Authenticator and SMS show a code: 6–8 digits, or 731 904 / 1234 5678; 2+2+2 only typed with spaces (dates use dashes).
const isCodeShape = (groups: number[], spaced: boolean) =>
  (groups.length === 1 && groups[0] >= 6 && groups[0] <= 8) ||
  (groups.length === 2 && groups[0] === groups[1] && (groups[0] === 3 || groups[0] === 4)) ||
  (spaced && groups.length === 3 && groups.every((g) => g === 2));

/** Strips the trailing run of digits and symbols: "Zomer2024!" → ["Zomer", "2024!"]. */
function splitSuffix(text: string): [string, string] {
  let i = text.length;
  while (i > 0 && !isLetter(text[i - 1])) i--;
  return [text.slice(0, i), text.slice(i)];
}

const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };
const unleet = (text: string) => text.replace(/[013457@$!]/g, (c) => leet[c]);

/** What a password typed without "wachtwoord" in front looks like. */
function looksLikePassword(token: Token, alone: boolean): boolean {
  let text = token.lead.length > 0 ? token.text.slice(token.lead.length) : token.text;
  let end = text.length;
  while (end > 0 && sentenceEnd.includes(text[end - 1])) end--;
  text = text.slice(0, end);
  if (text.length < 6 || text.length > 64) return false;
  const [base, suffix] = splitSuffix(text);
  const plainBase = unleet(base.toLowerCase());
  // A well-known weak password: a common word with digits ("welkom01", "Zomer2024!") or spelled in leet ("P@ssw0rd").
  if (weakBases.has(plainBase) && (hasDigit(suffix) || plainBase !== base.toLowerCase())) return true;
  // A random-looking one: lower and upper case, a digit and a symbol ("Xk9!mQ2#"); product names and versions have no symbol.
  if (text.length >= 8 && /\p{Ll}/u.test(text) && /\p{Lu}/u.test(text) && hasDigit(text) && [...text].some(isSpecial)) return true;
  // A whole message of word + 2–4 digits ("Hond2024!") is a password, unless the word names a product ("Windows11").
  const wordAndNumber = /^\p{L}{3,}$/u.test(base) && /^\d{2,4}[^\p{L}\p{N}\s]{0,3}$/u.test(suffix);
  return alone && wordAndNumber && !aloneShapeNotSecret.has(base.toLowerCase());
}

class Masker {
  readonly found = new Set<Kind>();

  constructor(private readonly tokens: Token[]) {
    // Masks from an earlier pass stay as they are: redact is idempotent.
    for (const token of tokens) if (maskTexts.some((mask) => token.text.includes(mask))) token.out = token.text;
  }

  run(): void {
    this.spelledEmails();
    this.passwordsAfterKeyword();
    this.digitRuns();
    for (const token of this.tokens) this.gluedCode(token);
    const alone = this.tokens.length === 1;
    this.tokens.forEach((token, i) => {
      if (token.out === undefined && looksLikePassword(token, alone)) this.maskRange(i, i, 'password', false);
    });
  }

  private free(index: number): boolean {
    return index >= 0 && index < this.tokens.length && this.tokens[index].out === undefined;
  }

  /** Masks tokens from..to as one; `keepEdges` keeps the punctuation around them ("([code])."), a password takes its own. */
  private maskRange(from: number, to: number, kind: Kind, keepEdges: boolean): void {
    this.tokens[from].out = keepEdges ? `${this.tokens[from].lead}${Mask[kind]}${this.tokens[to].trail}` : `${this.tokens[from].lead}${Mask[kind]}`;
    for (let i = from + 1; i <= to; i++) this.tokens[i].swallowed = true;
    this.found.add(kind);
  }

  /** "jan (at) zorgring (dot) nl", "jan[at]zorgring[dot]nl", "jan apenstaartje zorgring punt nl". */
  private spelledEmails(): void {
    const canon = this.tokens.map((token) => {
      const word = token.lower || token.text.toLowerCase();
      if (emailAt.has(word)) return '@';
      if (emailDot.has(word)) return '.';
      if (!/[([{]/.test(word)) return word;
      return word.replace(/[([{](at|apenstaartje|dot|punt)[)\]}]/g, (_, marker: string) => (marker === 'dot' || marker === 'punt' ? '.' : '@'));
    });
    const joins = (left: string, right: string) => left.endsWith('@') || left.endsWith('.') || right.startsWith('.') || right.startsWith('@');
    for (let i = 0; i < this.tokens.length; i++) {
      if (!this.free(i) || !canon[i].includes('@')) continue;
      let from = i;
      if (canon[i].startsWith('@') && this.free(i - 1)) from--;
      while (this.free(from - 1) && i - from < maxEmailTokens / 2 && (canon[from - 1].endsWith('.') || canon[from].startsWith('.'))) from--;
      // No local part before the "@": not an address, and nothing to join.
      if (canon[from].startsWith('@') || canon[from].startsWith('.')) continue;
      let to = i;
      // An address has one "@": a second one ends the window.
      while (this.free(to + 1) && to - i < maxEmailTokens && !canon[to + 1].includes('@') && joins(canon[to], canon[to + 1])) to++;
      if (from === to && canon[i] === this.tokens[i].lower) continue;
      if (!isEmailAddress(canon.slice(from, to + 1).join(''))) continue;
      this.maskRange(from, to, 'email', true);
      i = to;
    }
  }

  /** "mijn wachtwoord is paard batterij nietje", "ww welkom01", "password: hunter2", "pw=Geheim1". */
  private passwordsAfterKeyword(): void {
    const tokens = this.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const keyword = tokens[i];
      if (!this.free(i)) continue;
      if (this.gluedPassword(keyword)) continue;
      // "wat is mijn wachtwoord?": the sentence ends at the keyword.
      if (!passwordKeywords.has(keyword.lower) || /[.!?]/.test(keyword.trail)) continue;
      let stated = keyword.trail.includes(':');
      let j = i + 1;
      while (this.free(j) && j - i <= 3 && fillers.has(tokens[j].lower || tokens[j].text)) {
        stated = true;
        j++;
      }
      if (!this.free(j)) continue;
      const first = tokens[j];
      const secretish = hasDigit(first.core) || [...first.core].some(isSpecial);
      // "wachtwoord wijzigen", "wachtwoord is verlopen": a plain word after the keyword says something about it, not what it is.
      if (!secretish && (!stated || this.notSecretWord(first))) continue;
      // "mijn wachtwoord is 8 tekens": a short number counts something.
      if (/^\d{1,3}$/.test(first.core)) continue;
      let last = j;
      // After "is" / ":" a passphrase may have several words; it ends with the sentence or a word that goes on with it ("en", "werkt").
      while (stated && last - j + 1 < maxPassphraseWords && !/[.,;!?]/.test(tokens[last].trail) && this.free(last + 1) && !this.notSecretWord(tokens[last + 1])) last++;
      this.maskRange(j, last, 'password', false);
      i = last;
    }
  }

  private notSecretWord(token: Token): boolean {
    const word = token.lower;
    if (hasDigit(word)) return false;
    // Past participles ("gewijzigd", "vergrendeld", "expired") say what happened to the password.
    return afterKeywordNotSecret.has(word) || /^(ge|ver|be|ont|her)\p{L}{3,}(d|t|en)$/u.test(word) || /^\p{L}{3,}ed$/u.test(word);
  }

  /** "password:hunter2", "ww=welkom01": keyword, separator and secret in one token. */
  private gluedPassword(token: Token): boolean {
    const separator = token.core.search(/[:=]/);
    if (separator <= 0 || separator === token.core.length - 1 || !passwordKeywords.has(token.lower.slice(0, separator))) return false;
    token.out = `${token.lead}${token.core.slice(0, separator + 1)}${Mask.password}`;
    this.found.add('password');
    return true;
  }

  /** Runs of number tokens: 9 or more digits are a phone number; code-shaped parts are codes. */
  private digitRuns(): void {
    const tokens = this.tokens;
    const groups = tokens.map((token) => (token.out === undefined ? digitGroups(token.core) : undefined));
    for (let start = 0; start < tokens.length; start++) {
      if (!groups[start]) continue;
      let end = start;
      // A run goes on over single spaces, not past a comma or full stop, and a "+" starts a new number.
      while (groups[end + 1] && tokens[end].after === ' ' && tokens[end].trail === '' && (tokens[end + 1].lead === '' || tokens[end + 1].lead === '(') && !tokens[end + 1].core.startsWith('+')) end++;
      const all = groups.slice(start, end + 1) as number[][];
      if (sum(all.flat()) >= 9) {
        this.maskRange(start, end, 'phone', true);
      } else if (!codeExemptBefore.has(tokens[start - 1]?.lower ?? '')) {
        // "foutcode 80070005", "ticket 100345": the number names an error or a ticket, not a secret.
        const single = (k: number) => (k <= end && all[k - start].length === 1 ? all[k - start][0] : 0);
        for (let k = start; k <= end; k++) {
          let width = 0;
          if (isCodeShape(all[k - start], false)) width = 1;
          else if (single(k) && isCodeShape([single(k), single(k + 1)], true)) width = 2;
          else if (single(k) && isCodeShape([single(k), single(k + 1), single(k + 2)], true)) width = 3;
          if (width === 0) continue;
          this.maskRange(k, k + width - 1, 'code', true);
          k += width - 1;
        }
      }
      start = end;
    }
  }

  /** "code619283", "sms:731904": a code glued to the word that announces it. */
  private gluedCode(token: Token): void {
    if (token.out !== undefined) return;
    const digit = token.core.search(/\d/);
    if (digit <= 0) return;
    const prefix = token.lower.slice(0, digit).replace(/[:=#-]$/, '');
    const groups = digitGroups(token.core.slice(digit));
    if (!gluedCodePrefixes.has(prefix) || !groups || !isCodeShape(groups, false)) return;
    token.out = `${token.lead}${token.core.slice(0, digit)}${Mask.code}${token.trail}`;
    this.found.add('code');
  }

  toText(before: string): string {
    let out = before;
    this.tokens.forEach((token, i) => {
      if (token.swallowed) return;
      out += token.out ?? token.text;
      // The whitespace after a span is the whitespace after its last token.
      let last = i;
      while (this.tokens[last + 1]?.swallowed) last++;
      out += this.tokens[last].after;
    });
    return out;
  }
}

function mask(text: string): { text: string; found: ReadonlySet<Kind> } {
  const normal = normaliseForMasking(text);
  const emails = maskPlainEmails(normal, Mask.email);
  const { before, tokens } = tokenise(emails.text);
  const masker = new Masker(tokens);
  masker.run();
  if (emails.found) masker.found.add('email');
  // Untouched text is returned exactly as typed (emoji joiners and all).
  return { text: masker.found.size === 0 ? text : masker.toText(before), found: masker.found };
}

/**
 * Masks what must never reach a log or a record: verification codes (also "731 904", "code619283"),
 * phone numbers, e-mail addresses (also spelled out), what follows "wachtwoord is" / "ww" / "password:",
 * and tokens that look like a password. Full-width digits and invisible characters do not hide them.
 */
export function redact(text: string): string {
  return mask(text).text;
}

/** True when redact would mask a verification code or a password (phone numbers and e-mail addresses are not secrets). */
export function containsSecret(text: string): boolean {
  const { found } = mask(text);
  return found.has('code') || found.has('password');
}
