import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Language } from '../src/i18n/language';
import { intentParts, type IntentPart } from '../src/knowledge/knowledgeBase';
import type { IntentMatcher, MatchOptions } from '../src/knowledge/matcher/intentMatcher';
import { findPosition, positionAt, setupGuide, type Position, type PositionKey } from '../src/guide/setupGuide';

/** One labelled message of the held-out evaluation set; intent null = out of scope; step: the sub-step it is asked at, if bound to one. */
export interface EvalLine {
  lang: Language;
  intent: string | null;
  text: string;
  step?: PositionKey;
}

/** Every sub-step of the guide, in order. */
export const allPositions = (): Position[] => setupGuide.flatMap((part, p) => part.subSteps.map((_, s) => positionAt(p, s)));

/**
 * What the matcher is told about a question asked at `position`, as KnowledgeHelp.answerQuestion tells it: the part
 * (when it is one intents belong to) and the intents the sub-step lists as its problems.
 */
export function askedAt(position: Position): Required<Pick<MatchOptions, 'preferred'>> & Pick<MatchOptions, 'part'> {
  const part = intentParts.includes(position.part.id as IntentPart) ? (position.part.id as IntentPart) : undefined;
  return { part, preferred: position.subStep.problems };
}

export const evalSetPath = path.join(__dirname, 'kb-eval.tsv');

/**
 * bench/kb-dev.tsv, the calibration set: realistic questions written fresh (from the manual and the content catalogue,
 * never from kb-eval.tsv), in the same format. `npm run kb:tune` chooses the temperature and thresholds on it;
 * kb-eval.tsv stays the test set, only reported on.
 */
export const devSetPath = path.join(__dirname, 'kb-dev.tsv');

/**
 * bench/kb-eval.tsv: written apart from the training utterances and never used for training or tuning. A line with
 * a fourth column is asked at that sub-step ("mfasetup.enterNumber"); the others anywhere.
 */
export function loadEvalSet(file = evalSetPath): EvalLine[] {
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  if (header.trim() !== 'lang\tintent\ttext\tstep') throw new Error(`${file}: unexpected header "${header}"`);
  return lines.map((line, index) => {
    const [lang, intent, text, step, ...rest] = line.split('\t');
    if ((lang !== 'nl' && lang !== 'en') || !intent || !text || rest.length > 0) {
      throw new Error(`${file}:${index + 2}: expected lang<TAB>intent<TAB>text[<TAB>step]`);
    }
    const position = step ? findPosition(step) : undefined;
    if (step && !position) throw new Error(`${file}:${index + 2}: no sub-step "${step}" in the guide`);
    return { lang, intent: intent === 'none' ? null : intent, text, ...(position ? { step: position.key } : {}) };
  });
}

/** What the matcher is told about where `line` is asked: its sub-step's part and problems, or nothing. */
export function stepOptions(line: EvalLine): Pick<MatchOptions, 'part' | 'preferred'> {
  const position = findPosition(line.step);
  return position ? askedAt(position) : {};
}

/** What the matcher did with a line: answered `intent` directly, offered it first under "Bedoel je…?", or nothing (null). */
export interface Prediction {
  line: EvalLine;
  intent: string | null;
  answered: boolean;
}

export interface Scores {
  top1: Record<Language, number>;
  answeredCorrectly: Record<Language, number>;
  /** In-scope lines answered directly with their own intent, both languages. */
  answeredRight: number;
  outOfScopeRejected: number;
  /** Of all lines: answered directly with another intent than their own (an out-of-scope line answered at all). */
  wrongAnswers: number;
  /** Of all lines: "Bedoel je…?" offered. */
  suggested: number;
  /** Of all lines: no answer (the servicedesk). */
  unanswered: number;
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
    answeredRight: share(predictions.filter((p) => p.line.intent !== null), (p) => p.answered && p.intent === p.line.intent),
    outOfScopeRejected: share(predictions.filter((p) => p.line.intent === null), (p) => p.intent === null),
    wrongAnswers: share(predictions, (p) => p.answered && p.intent !== p.line.intent),
    suggested: share(predictions, (p) => p.intent !== null && !p.answered),
    unanswered: share(predictions, (p) => p.intent === null),
    confusions: [...confusions]
      .map(([key, count]) => {
        const [expected, got] = key.split(' → ');
        return { expected, got, count };
      })
      .sort((a, b) => b.count - a.count),
  };
}

export interface StepComparison {
  /** Every line asked without telling the matcher where the user is. */
  withoutStep: Scores;
  /** Every line asked at its sub-step (the lines bound to one) or nowhere (the others). */
  withStep: Scores;
  /** The same two, over the step-bound lines only. */
  stepBound: { withoutStep: Scores; withStep: Scores };
  /**
   * The lines bound to no step, each asked at every sub-step that does not list its intent: what the prior costs a
   * question about something else than the step (both scores over the same repeated lines).
   */
  offStep: { withoutStep: Scores; withStep: Scores };
}

/** The held-out set scored twice: without the step, and with each step-bound line asked at its sub-step. */
export function compareWithStep(matcher: Pick<IntentMatcher, 'match'>, lines: EvalLine[]): StepComparison {
  const predict = (line: EvalLine, withStep: boolean): Prediction => {
    const match = matcher.match(line.text, withStep ? stepOptions(line) : {});
    return { line, intent: match.intent, answered: match.answered };
  };
  const without = lines.map((line) => predict(line, false));
  const withStep = lines.map((line) => predict(line, true));
  const bound = (predictions: Prediction[]) => score(predictions.filter((p) => p.line.step !== undefined));
  const unlisted = (line: EvalLine) => allPositions().filter((position) => !position.subStep.problems.includes(line.intent ?? ''));
  const elsewhere = lines.filter((line) => line.step === undefined).flatMap((line) => unlisted(line).map((position) => ({ ...line, step: position.key })));
  return {
    withoutStep: score(without),
    withStep: score(withStep),
    stepBound: { withoutStep: bound(without), withStep: bound(withStep) },
    offStep: { withoutStep: score(elsewhere.map((line) => predict(line, false))), withStep: score(elsewhere.map((line) => predict(line, true))) },
  };
}
