/**
 * npm run kb:tune — chooses the classifier by 5-fold cross-validation on the training utterances (intents.json +
 * outOfScope.json), and the confidence settings (temperature, thresholds, margin) on the calibration set
 * (bench/kb-dev.tsv: realistic questions, apart from the training lines). The evaluation set (bench/kb-eval.tsv) is
 * never used here. Prints one table per decision; copy the chosen values into src/knowledge/data/matcherSettings.json.
 */
import { loadKnowledgeBase } from '../src/knowledge/loadKnowledgeBase';
import { trainingData } from '../src/knowledge/loadIntentMatcher';
import { SoftmaxRegressionClassifier, type Example, type LabelScore } from '../src/knowledge/matcher/softmaxRegression';
import { confidences, outOfScopeLabel, tilted, trainingExamples } from '../src/knowledge/matcher/intentMatcher';
import { matcherSettings } from '../src/knowledge/loadIntentMatcher';
import { spawnSync } from 'node:child_process';
import type { Language } from '../src/i18n/language';
import path from 'node:path';
import { trainClassifier, type Classifier, type ClassifierName } from './classifiers';
import { folds, pct } from './crossValidation';
import { allPositions, askedAt, devSetPath, loadEvalSet } from './evalSet';
import { featuresOf, tokenise } from '../src/knowledge/matcher/features';
import { detectLanguage } from '../src/knowledge/matcher/language';
import { normalise } from '../src/knowledge/matcher/normalise';

const k = 5;
const candidates: ClassifierName[] = ['tfidf', 'bayes', 'blend', 'softmax', 'softmax+tfidf', 'logistic'];
// natural's logistic regression trains for many minutes on this data: give it a budget, report if it ran out.
const trainingBudgetMs = Number(process.env.KB_TUNE_BUDGET_MS ?? 120000);
const data = trainingData(loadKnowledgeBase());
const examples = trainingExamples(data).map((example) => ({ example }));
const split = folds(examples, k);

interface Prediction {
  label: string;
  raw: LabelScore[];
  language?: Language;
}

/** Trains on k−1 folds, predicts the held-out fold, k times; the mean training time per fold. */
function predictByFold(train: (examples: Example[]) => Classifier): { predictions: Prediction[]; trainMs: number } {
  const predictions: Prediction[] = [];
  let trainMs = 0;
  split.forEach((testFold, index) => {
    const started = performance.now();
    const classifier = train(split.filter((_, i) => i !== index).flat().map((item) => item.example));
    trainMs += performance.now() - started;
    for (const { example } of testFold) predictions.push({ label: example.label, raw: classifier.scores(example.features), language: example.language });
  });
  return { predictions, trainMs: trainMs / k };
}

function crossValidate(name: ClassifierName): { predictions: Prediction[]; trainMs: number } | undefined {
  if (name === 'logistic' && !trainsWithinBudget()) return undefined;
  return predictByFold((examples) => trainClassifier(name, examples));
}

/** Trains natural's logistic regression once in a child process, killed when it exceeds the budget. */
function trainsWithinBudget(): boolean {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', `
    const { trainClassifier } = require('./bench/classifiers');
    const { trainingExamples } = require('./src/knowledge/matcher/intentMatcher');
    const { trainingData } = require('./src/knowledge/loadIntentMatcher');
    const { loadKnowledgeBase } = require('./src/knowledge/loadKnowledgeBase');
    trainClassifier('logistic', trainingExamples(trainingData(loadKnowledgeBase())));
  `], { cwd: path.join(__dirname, '..'), timeout: trainingBudgetMs, stdio: 'ignore' });
  return result.status === 0;
}

/** The matcher's own confidences; nothing in common with any example counts as certainly out of scope. */
function softmax(raw: LabelScore[], temperature: number): LabelScore[] {
  return raw.length === 0 ? [{ label: outOfScopeLabel, score: 1 }] : confidences(raw, temperature);
}

const inScope = (p: Prediction) => p.label !== outOfScopeLabel;

function accuracy(predictions: Prediction[]) {
  const scoped = predictions.filter(inScope);
  const oos = predictions.filter((p) => !inScope(p));
  return {
    top1: scoped.filter((p) => p.raw[0]?.label === p.label).length / scoped.length,
    rejection: oos.filter((p) => !p.raw[0] || p.raw[0].label === outOfScopeLabel).length / oos.length,
  };
}

/** Expected calibration error: how far the top confidence is from the observed accuracy, in 10 bins. */
function calibrationError(predictions: Prediction[], temperature: number): number {
  const bins = Array.from({ length: 10 }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const p of predictions) {
    const top = softmax(p.raw, temperature)[0];
    const bin = bins[Math.min(9, Math.floor(top.score * 10))];
    bin.count++;
    bin.confidence += top.score;
    bin.correct += top.label === p.label ? 1 : 0;
  }
  return bins.reduce((acc, b) => acc + (b.count ? Math.abs(b.confidence - b.correct) : 0), 0) / predictions.length;
}

/**
 * Share of questions handled well under thresholds: right answer, right intent among the choices, or honest "no".
 * One answer when the top confidence is ≥ answer, or (marginAt) ahead of the next intent's by at least that much.
 */
function decisions(predictions: Prediction[], temperature: number, answer: number, choose: number, noneAt = 1.01, marginAt = Infinity) {
  let answeredRight = 0, answeredWrong = 0, offeredRight = 0, rejectedOos = 0, missed = 0;
  for (const p of predictions) {
    const ranked = softmax(p.raw, temperature);
    const top = ranked[0];
    const noneScore = ranked.find((s) => s.label === outOfScopeLabel)?.score ?? 0;
    const none = top.label === outOfScopeLabel || top.score < choose || noneScore >= noneAt;
    const next = ranked.find((s, i) => i > 0 && s.label !== outOfScopeLabel)?.score ?? 0;
    const answers = top.score >= answer || top.score - next >= marginAt;
    if (!inScope(p)) {
      if (none) rejectedOos++;
      else if (answers) answeredWrong++;
      continue;
    }
    if (none) missed++;
    else if (answers && top.label === p.label) answeredRight++;
    else if (answers) answeredWrong++;
    else if (ranked.slice(0, 3).some((s) => s.label === p.label)) offeredRight++;
    else missed++;
  }
  const n = predictions.length;
  return { answeredRight: answeredRight / n, answeredWrong: answeredWrong / n, offeredRight: offeredRight / n, rejectedOos: rejectedOos / n, missed: missed / n };
}

function main(): void {
  console.log(`${examples.length} training examples, ${k}-fold cross-validation\n`);
  console.log('classifier | top-1 in scope | out-of-scope rejected | train time per fold');
  console.log('---|---|---|---');
  const results = new Map<ClassifierName, Prediction[]>();
  for (const name of candidates) {
    const run = crossValidate(name);
    if (!run) {
      console.log(`${name} | – | – | did not finish training within ${trainingBudgetMs / 1000} s`);
      continue;
    }
    const { predictions, trainMs } = run;
    results.set(name, predictions);
    const { top1, rejection } = accuracy(predictions);
    console.log(`${name} | ${pct(top1)} | ${pct(rejection)} | ${trainMs.toFixed(0)} ms`);
  }
  console.log('\nsoftmax regression: epochs × learning rate | top-1 in scope | out-of-scope rejected | train time per fold');
  console.log('---|---|---|---');
  for (const [epochs, learningRate] of [[12, 1.5], [16, 1.5], [16, 2.5], [24, 2.5]]) {
    const { predictions, trainMs } = predictByFold((examples) => SoftmaxRegressionClassifier.train(examples, { epochs, learningRate }));
    const { top1, rejection } = accuracy(predictions);
    console.log(`${epochs} × ${learningRate} | ${pct(top1)} | ${pct(rejection)} | ${trainMs.toFixed(0)} ms`);
  }

  // Ties (within 0.2 points) go to the earlier, simpler candidate.
  const best = [...results.keys()]
    .map((name) => ({ name, ...accuracy(results.get(name)!) }))
    .reduce((a, b) => (b.top1 + b.rejection > a.top1 + a.rejection + 0.002 ? b : a));
  console.log(`\nbest by top-1 + rejection: ${best.name}\n`);

  const predictions = results.get(best.name)!;
  console.log('cross-validation (training lines): temperature | calibration error (lower is better)');
  console.log('---|---');
  for (const t of [0.5, 0.7, 0.8, 0.9, 1, 1.2, 1.5]) console.log(`${t} | ${calibrationError(predictions, t).toFixed(3)}`);

  const chosen = calibrate();
  const { temperature, answer, choose, noneAt, margin } = chosen;
  console.log('\nthe same settings on the cross-validation folds (training lines, much harder than real questions: for comparison)');
  const folds = decisions(predictions, temperature, answer, choose, noneAt, margin);
  console.log(`answered right ${pct(folds.answeredRight)}, wrong ${pct(folds.answeredWrong)}, right among choices ${pct(folds.offeredRight)}, out of scope rejected ${pct(folds.rejectedOos)}`);
  const preferredBoost = subStepPrior(predictions, temperature, answer, choose, noneAt, margin);
  console.log(
    `\nchosen: classifier ${best.name}, temperature ${temperature}, answerThreshold ${answer}, answerMargin ${margin}, ` +
      `chooseThreshold ${choose}, noneThreshold ${noneAt}, preferredBoost ${preferredBoost}`,
  );
}

/**
 * The prior of the sub-step the user is at: every held-out prediction asked at every sub-step of the guide, tilted as
 * the matcher tilts it there (its part's intents + partBoost, the intents the sub-step lists + preferredBoost), for a
 * range of preferredBoost. Questions about one of the sub-step's own problems ("on the step") and about anything else,
 * out of scope included ("off the step"), weigh the same: there is no record yet of how often each is asked there (the
 * kb.question events, which carry their step, will tell).
 */
function subStepPrior(predictions: Prediction[], temperature: number, answer: number, choose: number, noneAt: number, margin: number): number {
  const partOf = new Map(data.intents.map((intent) => [intent.id, intent.part]));
  const positions = allPositions().map(askedAt);
  const { partBoost } = matcherSettings;
  const value = (d: ReturnType<typeof decisions>) => d.answeredRight + 0.8 * d.offeredRight + d.rejectedOos - 2 * d.answeredWrong;
  console.log(`\nasked at each of the ${positions.length} sub-steps (partBoost ${partBoost})`);
  console.log('preferredBoost | on the step: answered right | wrong | right among choices | off the step: answered right | wrong | right among choices | out-of-scope rejected | score');
  console.log('---|---|---|---|---|---|---|---|---');
  const rows: Array<{ preferredBoost: number; score: number }> = [];
  for (const preferredBoost of [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5]) {
    const on: Prediction[] = [];
    const off: Prediction[] = [];
    for (const p of predictions) {
      for (const at of positions) {
        const raw = tilted(p.raw, at, { partBoost, preferredBoost }, (label) => partOf.get(label));
        (at.preferred.includes(p.label) ? on : off).push({ label: p.label, raw });
      }
    }
    const onStep = decisions(on, temperature, answer, choose, noneAt, margin);
    const offStep = decisions(off, temperature, answer, choose, noneAt, margin);
    const score = value(onStep) + value(offStep);
    rows.push({ preferredBoost, score });
    console.log(
      `${preferredBoost} | ${pct(onStep.answeredRight)} | ${pct(onStep.answeredWrong)} | ${pct(onStep.offeredRight)} | ` +
        `${pct(offStep.answeredRight)} | ${pct(offStep.answeredWrong)} | ${pct(offStep.offeredRight)} | ${pct(offStep.rejectedOos)} | ${score.toFixed(4)}`,
    );
  }
  // Within 0.002 of the best, the smallest boost: the weakest prior that does as well.
  const top = Math.max(...rows.map((r) => r.score));
  return rows.find((r) => r.score >= top - 0.002)!.preferredBoost;
}

/** What the issue asks of the matcher (issue 12), here of the calibration set: this share answered outright and right in each language… */
const minAnsweredRight = 0.92;
/** …at most this many wrong answers, of all lines… */
const maxWrongAnswers = 0.015;
/** …and at least this share of the out-of-scope lines rejected. */
const minOutOfScopeRejected = 0.9;
/** A lead no confidence can reach (they sum to 1): the margin off, only answerThreshold answers. */
const marginOff = 1.01;

/**
 * The confidence settings, chosen on the calibration set (bench/kb-dev.tsv) with the matcher trained on all training
 * lines, as it ships. Cross-validation on the training lines is much harder than real questions (many were written for
 * earlier confusions), so confidence calibrated there is too shy on real ones; the calibration set is written like real
 * questions. Of the settings that meet the targets there (answered outright and right ≥ 92% in each language,
 * wrong answers ≤ 1.5%, out of scope rejected ≥ 90%), the best score wins (right + 0.8 × right among choices + rejected
 * − 2 × wrong): not the most answers, the fewest wrong ones for them. Ties go to the shyer matcher (higher thresholds and
 * margin, "no answer" sooner). When none meets the targets: the most answered right in the weaker language within the
 * bounds on wrong answers and rejection. The threshold between "Bedoel je…?" and no answer is not the and stays.
 */
function calibrate(): { temperature: number; answer: number; choose: number; noneAt: number; margin: number } {
  const lines = loadEvalSet(devSetPath).filter((line) => line.step === undefined);
  const classifier = SoftmaxRegressionClassifier.train(trainingExamples(data));
  const predictions = lines.map((line) => {
    const tokens = tokenise(normalise(line.text));
    const raw = classifier.scores(featuresOf(tokens, detectLanguage(tokens, 'nl')));
    return { label: line.intent ?? outOfScopeLabel, raw, language: line.lang };
  });
  const own = (language: Language) => predictions.filter((p) => p.language === language);
  const scoped = (language: Language) => own(language).filter(inScope).length;
  const outOfScope = predictions.filter((p) => !inScope(p));
  console.log(`\ncalibration set ${devSetPath}: ${lines.length} lines (nl ${scoped('nl')} + ${own('nl').length - scoped('nl')} out of scope, en ${scoped('en')} + ${own('en').length - scoped('en')})`);
  interface Setting {
    temperature: number;
    answer: number;
    margin: number;
    noneAt: number;
    choose: number;
    nl: number;
    en: number;
    wrong: number;
    rejected: number;
    score: number;
  }
  // "Bedoel je…?" or no answer is not what the issue is about: the threshold between them stays as it is.
  const choose = matcherSettings.chooseThreshold;
  const rows: Setting[] = [];
  for (const temperature of [0.7, 0.8, 0.9, 1, 1.1, 1.2]) {
    for (const answer of [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]) {
      for (const margin of [0.3, 0.35, 0.4, 0.45, 0.5, 0.6, marginOff]) {
        for (const noneAt of [0.3, 0.4, 0.5]) {
          const decide = (group: Prediction[]) => decisions(group, temperature, answer, choose, noneAt, margin);
          const all = decide(predictions);
          // Answered right per language, as kb:eval counts it: of the language's lines in scope.
          const right = (language: Language) => (decide(own(language)).answeredRight * own(language).length) / scoped(language);
          const score = all.answeredRight + 0.8 * all.offeredRight + all.rejectedOos - 2 * all.answeredWrong;
          rows.push({ temperature, answer, margin, noneAt, choose, nl: right('nl'), en: right('en'), wrong: all.answeredWrong, rejected: decide(outOfScope).rejectedOos, score });
        }
      }
    }
  }
  const allowed = rows.filter((r) => r.wrong <= maxWrongAnswers + 1e-9 && r.rejected >= minOutOfScopeRejected);
  const meets = (r: Setting) => Math.min(r.nl, r.en) >= minAnsweredRight - 1e-9;
  const shyer = (a: Setting, b: Setting) => b.answer - a.answer || b.margin - a.margin || a.noneAt - b.noneAt || b.temperature - a.temperature;
  const ranked = allowed.sort(
    (a, b) => Number(meets(b)) - Number(meets(a)) || (meets(a) ? b.score - a.score : Math.min(b.nl, b.en) - Math.min(a.nl, a.en)) || shyer(a, b),
  );
  console.log(
    `\n${rows.length} settings tried, ${allowed.length} within wrong answers ≤ ${pct(maxWrongAnswers)} and out of scope rejected ≥ ${pct(minOutOfScopeRejected)}, ` +
      `${allowed.filter(meets).length} of them with ≥ ${pct(minAnsweredRight)} answered right in both languages; the best 12:`,
  );
  console.log('temperature | answer ≥ | or ahead of the next intent by ≥ | no answer when out of scope ≥ | choose ≥ | answered right, nl | en | wrong | out of scope rejected | score');
  console.log('---|---|---|---|---|---|---|---|---|---');
  const row = (r: Setting) =>
    console.log(`${r.temperature} | ${r.answer} | ${r.margin >= marginOff ? '–' : r.margin} | ${r.noneAt} | ${r.choose} | ${pct(r.nl)} | ${pct(r.en)} | ${pct(r.wrong)} | ${pct(r.rejected)} | ${r.score.toFixed(3)}`);
  for (const r of ranked.slice(0, 12)) row(r);
  const current = rows.find(
    (r) => r.temperature === matcherSettings.temperature && r.answer === matcherSettings.answerThreshold && r.margin === matcherSettings.answerMargin &&
      r.noneAt === matcherSettings.noneThreshold && r.choose === matcherSettings.chooseThreshold,
  );
  if (current) {
    console.log('\nthe settings in matcherSettings.json now:');
    row(current);
  }
  const best = ranked[0];
  return { temperature: best.temperature, answer: best.answer, choose: best.choose, noneAt: best.noneAt, margin: best.margin };
}

main();
