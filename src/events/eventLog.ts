import type { Language } from '../i18n/language';

/** What the knowledge base records so content owners see what is asked and what fails. No personal data. */
export type KbEvent =
  | {
      type: 'kb.question';
      question: string;
      at: string;
      lang: Language;
      step?: string;
      /** The question with codes, numbers, e-mail addresses and passwords masked. */
      text: string;
      intent: string | null;
      score: number;
      decision: 'answer' | 'choose' | 'none';
      alternatives: Array<{ intent: string; score: number }>;
    }
  | { type: 'kb.choice'; question?: string; at: string; intent: string; from: 'problems' | 'suggestions'; step?: string }
  | { type: 'kb.feedback'; question?: string; at: string; intent?: string; solved: boolean; step?: string };

export interface EventLog {
  record(event: KbEvent): Promise<void>;
}
