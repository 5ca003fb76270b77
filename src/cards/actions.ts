/** The `action` field of every Action.Submit; cards, dialogs and tests share these verbs. */
export const CardAction = {
  start: 'start',
  next: 'next',
  problem: 'problem',
  back: 'back',
  stop: 'stop',
  resume: 'resume',
  restart: 'restart',
  showStep: 'showStep',
  help: 'help',
  servicedesk: 'servicedesk',
  language: 'language',
  /** Show the answer of one knowledge-base intent (a problem button, a "Bedoel je…?" choice). */
  answer: 'answer',
  /** "Opgelost?" yes or no on an answer. */
  feedback: 'feedback',
  /** None of the offered problems: the user describes it in their own words. */
  otherProblem: 'otherProblem',
} as const;

export type CardActionName = (typeof CardAction)[keyof typeof CardAction];

/** Actions that only make sense on the card of the step the user is at. */
export const stepBoundActions: readonly CardActionName[] = [CardAction.next, CardAction.problem, CardAction.back];

export interface SubmitData {
  action: CardActionName;
  /** The guide position the card was drawn for ("mfasetup.enterNumber"). */
  step?: string;
  /** Target language for `language`. */
  language?: string;
  /** Knowledge-base intent id for `answer` and `feedback`. */
  intent?: string;
  /** For `feedback`: did the answer solve it. */
  solved?: boolean;
  /** The recorded question this answer belongs to, so feedback can be tied to it. */
  question?: string;
  /** Intents still to offer when this answer does not help, best first. */
  alternatives?: string[];
}

const known = new Set<string>(Object.values(CardAction));

/** Reads the card data Teams puts in `activity.value` for an Action.Submit; undefined for anything else. */
export function readSubmitData(value: unknown): SubmitData | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.action !== 'string' || !known.has(record.action)) return undefined;
  return {
    action: record.action as CardActionName,
    step: typeof record.step === 'string' ? record.step : undefined,
    language: typeof record.language === 'string' ? record.language : undefined,
    intent: typeof record.intent === 'string' ? record.intent : undefined,
    solved: typeof record.solved === 'boolean' ? record.solved : undefined,
    question: typeof record.question === 'string' ? record.question : undefined,
    alternatives: Array.isArray(record.alternatives)
      ? record.alternatives.filter((a): a is string => typeof a === 'string').slice(0, 5)
      : undefined,
  };
}
