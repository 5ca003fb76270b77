import words from '../data/languageWords.json';
import type { Language } from '../../i18n/language';

const dutch = new Set(words.nl);
const english = new Set(words.en);

/** The language of one message, by its frequent short words; the fallback when it does not tell. */
export function detectLanguage(tokens: readonly string[], fallback: Language): Language {
  let nl = 0;
  let en = 0;
  for (const token of tokens) {
    if (dutch.has(token)) nl++;
    if (english.has(token)) en++;
  }
  if (nl === en) return fallback;
  return nl > en ? 'nl' : 'en';
}
