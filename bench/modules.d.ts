// Deep imports of `natural` (its index loads storage back-ends that print dotenv notices on stdout), and the peer.
declare module 'natural/lib/natural/classifiers/bayes_classifier' {
  class BayesClassifier {
    addDocument(document: string[], label: string): void;
    train(): void;
    getClassifications(observation: string[]): Array<{ label: string; value: number }>;
  }
  export = BayesClassifier;
}
declare module 'natural/lib/natural/classifiers/logistic_regression_classifier' {
  class LogisticRegressionClassifier {
    addDocument(document: string[], label: string): void;
    train(): void;
    getClassifications(observation: string[]): Array<{ label: string; value: number }>;
  }
  export = LogisticRegressionClassifier;
}
declare module 'node-nlp' {
  export class NlpManager {
    constructor(settings: Record<string, unknown>);
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(localeOrText: string, text?: string): Promise<{ intent: string; score: number; locale: string }>;
  }
}
