/**
 * The classifiers the tuning bench (npm run kb:tune) measures against the one production uses, softmax
 * regression (src/knowledge/matcher/softmaxRegression.ts): docs/kb-matcher.md has the table.
 */
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier';
import LogisticRegressionClassifier from 'natural/lib/natural/classifiers/logistic_regression_classifier';
import { SoftmaxRegressionClassifier, softmax, type Example, type LabelScore } from '../src/knowledge/matcher/softmaxRegression';

/** Scores every label for one message, best first. Scores are comparable within one model only. */
export interface Classifier {
  scores(features: string[]): LabelScore[];
}

export type ClassifierName = 'tfidf' | 'bayes' | 'logistic' | 'blend' | 'softmax' | 'softmax+tfidf';

function sorted(scores: Map<string, number>): LabelScore[] {
  return [...scores].map(([label, score]) => ({ label, score })).sort((a, b) => b.score - a.score);
}

/**
 * TF-IDF vectors and cosine similarity to every training utterance; a label scores the mean of its
 * two closest utterances. The idf is natural's formula, 1 + ln(N / (1 + df)), counted once here:
 * natural's TfIdf recounts every document per term, which made start-up take over a second.
 */
class TfIdfNearestClassifier implements Classifier {
  private readonly idf = new Map<string, number>();
  private readonly postings = new Map<string, { examples: Int32Array; weights: Float64Array }>();
  private readonly labelOf: Int32Array;
  private readonly labelNames: string[];

  constructor(examples: readonly Example[]) {
    const labelIndex = new Map<string, number>();
    this.labelNames = [];
    this.labelOf = new Int32Array(examples.length);
    examples.forEach((example, index) => {
      let label = labelIndex.get(example.label);
      if (label === undefined) {
        label = this.labelNames.push(example.label) - 1;
        labelIndex.set(example.label, label);
      }
      this.labelOf[index] = label;
    });

    const documentFrequency = new Map<string, number>();
    for (const example of examples) for (const term of new Set(example.features)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    for (const [term, df] of documentFrequency) this.idf.set(term, 1 + Math.log(examples.length / (1 + df)));

    const lists = new Map<string, Array<[number, number]>>();
    examples.forEach((example, index) => {
      for (const [term, weight] of this.vectorOf(example.features)) {
        let list = lists.get(term);
        if (!list) lists.set(term, (list = []));
        list.push([index, weight]);
      }
    });
    for (const [term, list] of lists) {
      this.postings.set(term, { examples: Int32Array.from(list, ([i]) => i), weights: Float64Array.from(list, ([, w]) => w) });
    }
  }

  private vectorOf(features: readonly string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const feature of features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of counts) {
      const weight = (1 + Math.log(count)) * (this.idf.get(term) ?? 0);
      if (weight <= 0) continue;
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  }

  scores(features: string[]): LabelScore[] {
    const similarity = new Float64Array(this.labelOf.length);
    for (const [term, weight] of this.vectorOf(features)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      for (let i = 0; i < posting.examples.length; i++) similarity[posting.examples[i]] += weight * posting.weights[i];
    }
    const first = new Float64Array(this.labelNames.length);
    const second = new Float64Array(this.labelNames.length);
    for (let example = 0; example < similarity.length; example++) {
      const value = similarity[example];
      if (value === 0) continue;
      const label = this.labelOf[example];
      if (value > first[label]) {
        second[label] = first[label];
        first[label] = value;
      } else if (value > second[label]) second[label] = value;
    }
    const out: LabelScore[] = [];
    for (let label = 0; label < this.labelNames.length; label++) {
      if (first[label] > 0) out.push({ label: this.labelNames[label], score: (first[label] + second[label]) / 2 });
    }
    return out.sort((a, b) => b.score - a.score);
  }
}

/** natural's classifiers behind the same interface. */
class NaturalClassifier implements Classifier {
  constructor(private readonly model: { getClassifications(observation: string[]): Array<{ label: string; value: number }> }) {}

  scores(features: string[]): LabelScore[] {
    return this.model.getClassifications(features).map(({ label, value }) => ({ label, score: value }));
  }
}

function trainNatural(model: BayesClassifier | LogisticRegressionClassifier, examples: readonly Example[]): Classifier {
  for (const example of examples) model.addDocument(example.features, example.label);
  model.train();
  return new NaturalClassifier(model);
}

/** Turns a model's logits into probabilities, for blending. */
class ProbabilityClassifier implements Classifier {
  constructor(private readonly inner: Classifier) {}

  scores(features: string[]): LabelScore[] {
    const scores = this.inner.scores(features);
    const probabilities = softmax(Float64Array.from(scores, (s) => s.score));
    return scores.map((s, i) => ({ label: s.label, score: probabilities[i] }));
  }
}

/** Normalises each model's scores to sum 1 and averages them with the given weights. */
class BlendClassifier implements Classifier {
  constructor(private readonly parts: Array<{ classifier: Classifier; weight: number }>) {}

  scores(features: string[]): LabelScore[] {
    const total = new Map<string, number>();
    for (const { classifier, weight } of this.parts) {
      const scores = classifier.scores(features);
      const sum = scores.reduce((acc, s) => acc + Math.max(s.score, 0), 0) || 1;
      for (const s of scores) total.set(s.label, (total.get(s.label) ?? 0) + (weight * Math.max(s.score, 0)) / sum);
    }
    return sorted(total);
  }
}

export function trainClassifier(name: ClassifierName, examples: readonly Example[]): Classifier {
  switch (name) {
    case 'tfidf':
      return new TfIdfNearestClassifier(examples);
    case 'bayes':
      return trainNatural(new BayesClassifier(), examples);
    case 'logistic':
      return trainNatural(new LogisticRegressionClassifier(), examples);
    case 'softmax':
      return SoftmaxRegressionClassifier.train(examples);
    case 'softmax+tfidf':
      return new BlendClassifier([
        { classifier: new ProbabilityClassifier(SoftmaxRegressionClassifier.train(examples)), weight: 0.6 },
        { classifier: new TfIdfNearestClassifier(examples), weight: 0.4 },
      ]);
    case 'blend':
      return new BlendClassifier([
        { classifier: new TfIdfNearestClassifier(examples), weight: 0.7 },
        { classifier: trainNatural(new BayesClassifier(), examples), weight: 0.3 },
      ]);
  }
}
