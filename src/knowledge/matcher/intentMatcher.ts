import { languages, type Language } from '../../i18n/language';
import type { Intent, IntentPart } from '../knowledgeBase';
import { SoftmaxRegressionClassifier, type Example, type LabelScore, type SoftmaxModel } from './softmaxRegression';
import { featuresOf, tokenise } from './features';
import { detectLanguage } from './language';
import { normalise } from './normalise';

/** The label the matcher learns out-of-scope questions under; never an intent id. */
export const outOfScopeLabel = '__none__';

export interface MatcherSettings {
  /** Softmax temperature that turns raw scores into a confidence (chosen so confidence ≈ accuracy). */
  temperature: number;
  /** At or above: one answer. */
  answerThreshold: number;
  /**
   * Also one answer when the top intent's confidence is ahead of the next intent's by at least this much: the rest of
   * the confidence then sits on "out of scope" (held below noneThreshold), not on another answer it could be.
   */
  answerMargin: number;
  /** At or above (and below answerThreshold): offer the top choices. Below: no answer. */
  chooseThreshold: number;
  /** When the out-of-scope label gets at least this confidence, there is no answer even if an intent ranks above it. */
  noneThreshold: number;
  /** Added to the raw score (a logit) of intents of the part of the guide the user is at, to tilt close calls. */
  partBoost: number;
  /**
   * Added to the raw score (a logit) of the intents the sub-step the user is at lists as its problems, before the
   * confidences and so before the thresholds: a prior that makes them e^preferredBoost times likelier there.
   */
  preferredBoost: number;
  /** Below this raw score the message is too far from every example to answer at all (0: off). */
  minRawScore: number;
  maxAlternatives: number;
}

export interface MatchOptions {
  /** Forces the language; detected from the message otherwise. */
  lang?: Language;
  /** Used when the message does not tell its language. */
  fallbackLang?: Language;
  /** The part of the guide the user is at, if any. */
  part?: IntentPart;
  /** The intents the sub-step the user is at lists as its problems: where words are shared, the likelier meaning there. */
  preferred?: readonly string[];
}

export type MatchDecision = 'answer' | 'choose' | 'none';

export interface Match {
  intent: string | null;
  score: number;
  answered: boolean;
  decision: MatchDecision;
  lang: Language;
  alternatives: Array<{ intent: string; score: number }>;
}

export interface TrainingData {
  intents: readonly Intent[];
  outOfScope: Record<Language, readonly string[]>;
}

/** A question is a sentence or two: words beyond this say nothing more about its intent, but cost time on every turn. */
export const maxQuestionLength = 1000;

/** Features of one utterance in its own language. */
export function exampleFeatures(text: string, language: Language): string[] {
  return featuresOf(tokenise(normalise(text)), language);
}

export function trainingExamples(data: TrainingData): Example[] {
  const examples: Example[] = [];
  for (const intent of data.intents) {
    for (const language of languages) {
      for (const utterance of intent.utterances[language]) examples.push({ features: exampleFeatures(utterance, language), label: intent.id, language });
      // The title is how the content owners name the problem: a good extra example.
      examples.push({ features: exampleFeatures(intent.title[language], language), label: intent.id, language });
    }
  }
  for (const language of languages) {
    for (const utterance of data.outOfScope[language]) examples.push({ features: exampleFeatures(utterance, language), label: outOfScopeLabel, language });
  }
  return examples;
}

/** What training produced, as plain data: saved once, loaded instead of training again (the tests share one). */
export type MatcherModel = SoftmaxModel;

/**
 * Matches a free-text message to a knowledge-base intent, offline: normalise, detect the language,
 * stem, score with softmax regression, tilt toward the current part and sub-step, and turn the scores into a
 * confidence that decides between one answer, a choice, or "I don't know".
 */
export class IntentMatcher {
  private readonly classifier: SoftmaxRegressionClassifier;
  private readonly partOf: Map<string, IntentPart>;

  /** Trains on the data, or loads a model an earlier toModel() saved from training on the same data. */
  constructor(
    data: TrainingData,
    private readonly settings: MatcherSettings,
    model?: MatcherModel,
  ) {
    this.classifier = model ? SoftmaxRegressionClassifier.fromModel(model) : SoftmaxRegressionClassifier.train(trainingExamples(data));
    this.partOf = new Map(data.intents.map((intent) => [intent.id, intent.part]));
  }

  toModel(): MatcherModel {
    return this.classifier.toModel();
  }

  match(text: string, options: MatchOptions = {}): Match {
    const tokens = tokenise(normalise(text.slice(0, maxQuestionLength)));
    const lang = options.lang ?? detectLanguage(tokens, options.fallbackLang ?? 'nl');
    if (tokens.length === 0) return { intent: null, score: 0, answered: false, decision: 'none', lang, alternatives: [] };

    const raw = this.classifier.scores(featuresOf(tokens, lang));
    if (raw.length === 0 || raw[0].score < this.settings.minRawScore) {
      return { intent: null, score: 0, answered: false, decision: 'none', lang, alternatives: [] };
    }
    const ranked = confidences(tilted(raw, options, this.settings, (label) => this.partOf.get(label)), this.settings.temperature);
    const intents = ranked.filter((s) => s.label !== outOfScopeLabel);
    const top = ranked[0];
    const alternatives = intents.slice(0, this.settings.maxAlternatives).map((s) => ({ intent: s.label, score: round(s.score) }));

    const none = ranked.find((s) => s.label === outOfScopeLabel)?.score ?? 0;
    if (!top || top.label === outOfScopeLabel || top.score < this.settings.chooseThreshold || none >= this.settings.noneThreshold) {
      return { intent: null, score: round(top && top.label !== outOfScopeLabel ? top.score : 0), answered: false, decision: 'none', lang, alternatives };
    }
    const lead = top.score - (intents[1]?.score ?? 0);
    const decision: MatchDecision = top.score >= this.settings.answerThreshold || lead >= this.settings.answerMargin ? 'answer' : 'choose';
    return { intent: top.label, score: round(top.score), answered: decision === 'answer', decision, lang, alternatives };
  }
}

/**
 * Where the user is, as a prior on the raw scores (logits): the intents of their part of the guide get partBoost,
 * the intents their sub-step lists get preferredBoost (an intent can get both). The scores of the rest are unchanged.
 */
export function tilted(
  scores: LabelScore[],
  at: Pick<MatchOptions, 'part' | 'preferred'>,
  boosts: Pick<MatcherSettings, 'partBoost' | 'preferredBoost'>,
  partOf: (label: string) => IntentPart | undefined,
): LabelScore[] {
  const preferred = new Set(at.preferred ?? []);
  if (!at.part && preferred.size === 0) return scores;
  return scores.map(({ label, score }) => ({
    label,
    score: score + (at.part && partOf(label) === at.part ? boosts.partBoost : 0) + (preferred.has(label) ? boosts.preferredBoost : 0),
  }));
}

/** Softmax with temperature over raw scores: a confidence in [0, 1] per label, best first. */
export function confidences(scores: LabelScore[], temperature: number): LabelScore[] {
  if (scores.length === 0) return [];
  const max = Math.max(...scores.map((s) => s.score));
  const exps = scores.map((s) => ({ label: s.label, score: Math.exp((s.score - max) / temperature) }));
  const sum = exps.reduce((acc, s) => acc + s.score, 0);
  return exps.map((s) => ({ label: s.label, score: s.score / sum })).sort((a, b) => b.score - a.score);
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
