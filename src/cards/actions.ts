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
  /** An answer in the servicedesk handoff dialog; `choice` says which. */
  handoff: 'handoff',
  /** The user cancels their ticket. */
  cancelTicket: 'cancelTicket',
  /** The user rates a closed ticket (`score`, and the `comment` input). */
  rateTicket: 'rateTicket',
  /** "Verwijder mijn gegevens", confirmed (`confirmed`) on the card that asks "Weet je het zeker?". */
  forget: 'forget',
  /** "Nee" on a "Weet je het zeker?" card: nothing happens, the user goes on where they were. */
  dismiss: 'dismiss',
  /** "Nog eens controleren": ask Microsoft Graph again whether the user's Authenticator is registered (end of Step 2). */
  checkAuthenticator: 'checkAuthenticator',
  /** An agent's action on a ticket card in the servicedesk channel (`op`). */
  ticket: 'ticket',
} as const;

/** Answers in the handoff dialog. */
export const HandoffChoice = {
  confirm: 'confirm',
  decline: 'decline',
  describe: 'describe',
  skip: 'skip',
  consent: 'consent',
  refuse: 'refuse',
} as const;
export type HandoffChoiceName = (typeof HandoffChoice)[keyof typeof HandoffChoice];

/** What an agent can do with a ticket. */
export const TicketOp = {
  take: 'take',
  relay: 'relay',
  handBack: 'handBack',
  close: 'close',
} as const;
export type TicketOpName = (typeof TicketOp)[keyof typeof TicketOp];

export type CardActionName = (typeof CardAction)[keyof typeof CardAction];

/** Actions that only make sense on the card of the step the user is at. */
export const stepBoundActions: readonly CardActionName[] = [CardAction.next, CardAction.problem, CardAction.back, CardAction.checkAuthenticator];

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
  /** Handoff dialog answer. */
  choice?: HandoffChoiceName;
  /** Ticket number for ticket actions. */
  ticket?: string;
  op?: TicketOpName;
  /** Rating 1–5. */
  score?: number;
  /** On "Weet je het zeker?": the user said yes (restart and forget ask once); on `next`, go on without Graph's confirmation. */
  confirmed?: boolean;
  /** Input values Teams merges into the data: the user's sentence, a rating comment, the agent's hand-back step and note. */
  description?: string;
  comment?: string;
  handBackStep?: string;
  agentNote?: string;
}

const handoffChoices = new Set<string>(Object.values(HandoffChoice));
const ticketOps = new Set<string>(Object.values(TicketOp));
const maxInputLength = 1000;
const maxAlternatives = 5;

// Everything but the typed inputs is something the bot put on the card; a value of another shape is forged
// (or from a card of another version) and is treated as absent. The dialogs then check it against what exists.
/** A guide position as setupGuide names it ("mfasetup.enterNumber"). */
const stepShape = /^[a-z][a-zA-Z]{0,31}\.[a-z][a-zA-Z0-9]{0,47}$/;
/** A knowledge-base intent id (lower_snake_case, as knowledgeBase.ts requires). */
const intentShape = /^[a-z][a-z0-9_]{0,63}$/;
/** A recorded question is named by crypto.randomUUID(). */
const questionShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Ticket numbers count up from 1001. */
const ticketShape = /^[1-9][0-9]{0,9}$/;
const languages = new Set(['nl', 'en']);

function input(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, maxInputLength) : undefined;
}

function shaped(value: unknown, shape: RegExp): string | undefined {
  return typeof value === 'string' && value.length <= 100 && shape.test(value) ? value : undefined;
}

const known = new Set<string>(Object.values(CardAction));

/**
 * Reads the card data Teams puts in `activity.value` for an Action.Submit; undefined for anything else.
 * Fields the bot sent come back only when they have the shape the bot gives them: never log or store them otherwise.
 */
export function readSubmitData(value: unknown): SubmitData | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.action !== 'string' || !known.has(record.action)) return undefined;
  return {
    action: record.action as CardActionName,
    step: shaped(record.step, stepShape),
    language: typeof record.language === 'string' && languages.has(record.language) ? record.language : undefined,
    intent: shaped(record.intent, intentShape),
    solved: typeof record.solved === 'boolean' ? record.solved : undefined,
    confirmed: record.confirmed === true ? true : undefined,
    question: shaped(record.question, questionShape),
    alternatives: Array.isArray(record.alternatives)
      ? record.alternatives
          .slice(0, maxAlternatives)
          .map((alternative) => shaped(alternative, intentShape))
          .filter((alternative): alternative is string => alternative !== undefined)
      : undefined,
    choice: typeof record.choice === 'string' && handoffChoices.has(record.choice) ? (record.choice as HandoffChoiceName) : undefined,
    ticket: shaped(record.ticket, ticketShape),
    op: typeof record.op === 'string' && ticketOps.has(record.op) ? (record.op as TicketOpName) : undefined,
    score: typeof record.score === 'number' && Number.isInteger(record.score) && record.score >= 1 && record.score <= 5 ? record.score : undefined,
    description: input(record.description),
    comment: input(record.comment),
    handBackStep: shaped(input(record.handBackStep), stepShape),
    agentNote: input(record.agentNote),
  };
}
