import type { Language } from '../../i18n/language';

/** One training example: the features of an utterance and its intent id (or the out-of-scope label). */
export interface Example {
  features: string[];
  label: string;
  /** The language it is written in: the classifier does not use it, `npm run kb:tune` measures per language with it. */
  language?: Language;
}

export interface LabelScore {
  label: string;
  score: number;
}

/**
 * A trained SoftmaxRegressionClassifier as plain data (JSON-able), so a test run trains once and every test file
 * loads the same model. Weights are row-major: term × label.
 */
export interface SoftmaxModel {
  terms: string[];
  idf: number[];
  labels: string[];
  weights: ArrayLike<number>;
  bias: number[];
}

/** Sparse TF-IDF vectors over a fixed vocabulary (idf as natural computes it), shared by the linear model. */
class Vectoriser {
  private readonly index: Map<string, number>;

  private constructor(
    readonly terms: readonly string[],
    readonly idf: readonly number[],
  ) {
    this.index = new Map(terms.map((term, i) => [term, i]));
  }

  static fit(documents: ReadonlyArray<readonly string[]>): Vectoriser {
    const documentFrequency = new Map<string, number>();
    for (const features of documents) for (const term of new Set(features)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    const terms: string[] = [];
    const idf: number[] = [];
    for (const [term, df] of documentFrequency) {
      terms.push(term);
      idf.push(1 + Math.log(documents.length / (1 + df)));
    }
    return new Vectoriser(terms, idf);
  }

  static of(terms: readonly string[], idf: readonly number[]): Vectoriser {
    return new Vectoriser(terms, idf);
  }

  get size(): number {
    return this.idf.length;
  }

  /** Indices and L2-normalised weights of the known features; unknown features are dropped. */
  vector(features: readonly string[]): { indices: Int32Array; values: Float64Array } {
    const counts = new Map<number, number>();
    for (const feature of features) {
      const i = this.index.get(feature);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys());
    const values = Float64Array.from(indices, (i) => (1 + Math.log(counts.get(i)!)) * this.idf[i]);
    const norm = Math.sqrt(values.reduce((acc, v) => acc + v * v, 0)) || 1;
    for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { indices, values };
  }
}

/**
 * Multinomial logistic regression (softmax) on TF-IDF vectors, trained by seeded SGD. Its scores are
 * logits. natural's own LogisticRegressionClassifier does not finish training on this data in minutes.
 */
export class SoftmaxRegressionClassifier {
  private constructor(
    private readonly vectoriser: Vectoriser,
    private readonly labels: readonly string[],
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
  ) {}

  static train(examples: readonly Example[], { epochs = 16, learningRate = 2.5, seed = 7 } = {}): SoftmaxRegressionClassifier {
    const vectoriser = Vectoriser.fit(examples.map((e) => e.features));
    const labels = [...new Set(examples.map((e) => e.label))];
    const labelIndex = new Map(labels.map((label, i) => [label, i]));
    const L = labels.length;
    const model = new SoftmaxRegressionClassifier(vectoriser, labels, new Float64Array(vectoriser.size * L), new Float64Array(L));
    const { weights, bias } = model;
    const data = examples.map((e) => ({ ...vectoriser.vector(e.features), y: labelIndex.get(e.label)! }));
    const order = data.map((_, i) => i);
    let state = seed;
    const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 4294967296);
    const logits = new Float64Array(L);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const rate = learningRate / (1 + epoch * 0.2);
      for (const n of order) {
        const { indices, values, y } = data[n];
        model.logitsInto(indices, values, logits);
        const probabilities = softmax(logits);
        for (let l = 0; l < L; l++) {
          const gradient = probabilities[l] - (l === y ? 1 : 0);
          if (Math.abs(gradient) < 1e-3) continue;
          bias[l] -= rate * gradient * 0.1;
          for (let k = 0; k < indices.length; k++) weights[indices[k] * L + l] -= rate * gradient * values[k];
        }
      }
    }
    return model;
  }

  /** The classifier a toModel() call saved; throws when the model's parts do not fit together. */
  static fromModel(model: SoftmaxModel): SoftmaxRegressionClassifier {
    const { terms, idf, labels, weights, bias } = model;
    if (idf.length !== terms.length || bias.length !== labels.length || weights.length !== terms.length * labels.length) {
      throw new Error(`softmax model: ${terms.length} terms, ${idf.length} idf values, ${labels.length} labels, ${bias.length} biases and ${weights.length} weights do not fit together`);
    }
    return new SoftmaxRegressionClassifier(Vectoriser.of(terms, idf), labels, Float64Array.from(weights), Float64Array.from(bias));
  }

  toModel(): SoftmaxModel {
    return {
      terms: [...this.vectoriser.terms],
      idf: [...this.vectoriser.idf],
      labels: [...this.labels],
      weights: Array.from(this.weights),
      bias: Array.from(this.bias),
    };
  }

  private logitsInto(indices: Int32Array, values: Float64Array, out: Float64Array): void {
    const L = this.labels.length;
    out.set(this.bias);
    for (let k = 0; k < indices.length; k++) {
      const row = indices[k] * L;
      for (let l = 0; l < L; l++) out[l] += values[k] * this.weights[row + l];
    }
  }

  scores(features: string[]): LabelScore[] {
    const { indices, values } = this.vectoriser.vector(features);
    if (indices.length === 0) return [];
    const logits = new Float64Array(this.labels.length);
    this.logitsInto(indices, values, logits);
    return Array.from(logits, (score, l) => ({ label: this.labels[l], score })).sort((a, b) => b.score - a.score);
  }
}

/** Turns scores into probabilities that sum to 1, in place. */
export function softmax(values: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] = Math.exp(values[i] - max);
  for (let i = 0; i < values.length; i++) values[i] /= sum;
  return values;
}
