import stemmerNl from 'natural/lib/natural/stemmers/porter_stemmer_nl';
import stemmerEn from 'natural/lib/natural/stemmers/porter_stemmer';
import stopwordList from '../data/stopwords.json';
import separableVerbList from '../data/separableVerbs.json';
import type { Language } from '../../i18n/language';
import { conceptsOf } from './concepts';

const stemmers: Record<Language, { stem(token: string): string }> = { nl: stemmerNl, en: stemmerEn };
const stopwords = new Set(stopwordList.words);
const separableVerbs = new Map(Object.entries(separableVerbList.verbs).map(([verb, particles]) => [verb, new Map(Object.entries(particles))]));
/** The Porter stemmers' patterns are quadratic in a token's length; no word people type is longer. */
const maxStemmedLength = 40;

export function tokenise(normalised: string): string[] {
  return normalised.split(' ').filter((token) => token.length > 0);
}

/** How much each kind of feature counts, as repetitions (TF-IDF takes the log of the count). */
export const featureWeights = { concept: 2, word: 1, bigram: 0, trigram: 1 };

/**
 * What the classifiers see: bilingual concepts ("k:"), stemmed content words ("w:"), pairs of
 * neighbouring stems ("b:") and character trigrams ("c:"), which keep a typo like "authenticater"
 * close to "authenticator".
 */
export function featuresOf(words: readonly string[], language: Language): string[] {
  const stem = stemmers[language];
  const tokens = [...words, ...joinedVerbs(words)];
  const content = tokens.filter((token) => !stopwords.has(token));
  const stems = content.map((token) => (/^[a-z]+$/.test(token) && token.length > 3 && token.length <= maxStemmedLength ? stem.stem(token) : token));
  const features: string[] = [];
  const repeat = (feature: string, times: number) => {
    for (let i = 0; i < times; i++) features.push(feature);
  };
  for (const token of tokens) for (const concept of conceptsOf(token)) repeat(`k:${concept}`, featureWeights.concept);
  for (const s of stems) repeat(`w:${s}`, featureWeights.word);
  for (let i = 1; i < stems.length; i++) repeat(`b:${stems[i - 1]}_${stems[i]}`, featureWeights.bigram);
  for (const token of content) {
    if (token.length < 4 || !/^[a-z]+$/.test(token)) continue;
    const padded = `<${token}>`;
    for (let i = 0; i + 3 <= padded.length; i++) repeat(`c:${padded.slice(i, i + 3)}`, featureWeights.trigram);
  }
  return features;
}

/** Dutch separable verbs whose parts stand apart ("zet ... uit"), as the whole verb ("uitzetten"): once each. */
export function joinedVerbs(tokens: readonly string[]): string[] {
  const joined = new Set<string>();
  tokens.forEach((token, i) => {
    const particles = separableVerbs.get(token);
    if (!particles) return;
    for (const later of tokens.slice(i + 1)) {
      const verb = particles.get(later);
      if (verb) joined.add(verb);
    }
  });
  return [...joined];
}
