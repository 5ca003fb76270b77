import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Language } from '../src/i18n/language';

/** One labelled message of the held-out evaluation set; intent null = out of scope. */
export interface EvalLine {
  lang: Language;
  intent: string | null;
  text: string;
}

export const evalSetPath = path.join(__dirname, 'kb-eval.tsv');

/** bench/kb-eval.tsv: written apart from the training utterances and never used for training or tuning. */
export function loadEvalSet(file = evalSetPath): EvalLine[] {
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  if (header.trim() !== 'lang\tintent\ttext') throw new Error(`${file}: unexpected header "${header}"`);
  return lines.map((line, index) => {
    const [lang, intent, text] = line.split('\t');
    if ((lang !== 'nl' && lang !== 'en') || !intent || !text) throw new Error(`${file}:${index + 2}: expected lang<TAB>intent<TAB>text`);
    return { lang, intent: intent === 'none' ? null : intent, text };
  });
}

export interface Prediction {
  line: EvalLine;
  intent: string | null;
  answered: boolean;
}

export interface Scores {
  top1: Record<Language, number>;
  answeredCorrectly: Record<Language, number>;
  outOfScopeRejected: number;
  wrongAnswers: number;
  confusions: Array<{ expected: string; got: string; count: number }>;
}

/** Top-1: the intent the matcher puts first (answered or offered) is the label; out of scope: nothing put first. */
export function score(predictions: Prediction[]): Scores {
  const share = (list: Prediction[], ok: (p: Prediction) => boolean) => (list.length ? list.filter(ok).length / list.length : 0);
  const scoped = (lang: Language) => predictions.filter((p) => p.line.intent !== null && p.line.lang === lang);
  const confusions = new Map<string, number>();
  for (const p of predictions) {
    if (p.intent === p.line.intent) continue;
    const key = `${p.line.intent ?? 'none'} → ${p.intent ?? 'none'}`;
    confusions.set(key, (confusions.get(key) ?? 0) + 1);
  }
  return {
    top1: { nl: share(scoped('nl'), (p) => p.intent === p.line.intent), en: share(scoped('en'), (p) => p.intent === p.line.intent) },
    answeredCorrectly: {
      nl: share(scoped('nl'), (p) => p.answered && p.intent === p.line.intent),
      en: share(scoped('en'), (p) => p.answered && p.intent === p.line.intent),
    },
    outOfScopeRejected: share(predictions.filter((p) => p.line.intent === null), (p) => p.intent === null),
    wrongAnswers: share(predictions, (p) => p.answered && p.intent !== p.line.intent),
    confusions: [...confusions]
      .map(([key, count]) => {
        const [expected, got] = key.split(' → ');
        return { expected, got, count };
      })
      .sort((a, b) => b.count - a.count),
  };
}
