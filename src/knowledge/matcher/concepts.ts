import data from '../data/concepts.json';

interface Patterns {
  exact: Map<string, string[]>;
  prefix: Array<[string, string]>;
  suffix: Array<[string, string]>;
}

function compile(): Patterns {
  const patterns: Patterns = { exact: new Map(), prefix: [], suffix: [] };
  for (const [concept, words] of Object.entries(data)) {
    if (concept.startsWith('$')) continue;
    for (const word of words as string[]) {
      if (word.endsWith('*')) patterns.prefix.push([word.slice(0, -1), concept]);
      else if (word.startsWith('*')) patterns.suffix.push([word.slice(1), concept]);
      else patterns.exact.set(word, [...(patterns.exact.get(word) ?? []), concept]);
    }
  }
  return patterns;
}

const patterns = compile();

/** The bilingual concepts a word stands for ("werktelefoon" → phone, "gestolen" → lost). */
export function conceptsOf(token: string): string[] {
  const found = new Set(patterns.exact.get(token) ?? []);
  for (const [prefix, concept] of patterns.prefix) if (token.startsWith(prefix)) found.add(concept);
  for (const [suffix, concept] of patterns.suffix) if (token.length > suffix.length && token.endsWith(suffix)) found.add(concept);
  return [...found];
}
