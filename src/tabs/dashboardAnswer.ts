/**
 * What GET /api/tabs/dashboard answers, shared with the page (web/dashboard): plain types, no imports, so that the
 * page's compiler (DOM, no Node) can read them too.
 */

/** Where a ticket that is not finished stands for the servicedesk: nobody has it yet, or an agent has. */
export type QueueState = 'waiting' | 'taken';

/** GET /api/tabs/dashboard's answer: every text the page shows is in it, in the page's language. */
export interface DashboardBody {
  language: 'nl' | 'en';
  devMode: boolean;
  /** The labels of `tabs.dashboard.*` the page needs, translated. */
  labels: Record<string, string>;
  signedInAs?: string;
  updated: string;
  tickets: Array<{ id: string; state: QueueState; stateText: string; user: string; agent: string; since: string; createdAt: string; waited: string; minutesOpen: number }>;
  counts: { today: number; week: number };
  funnel: DashboardFunnel | { none: string };
  questions: { asked: QuestionLine[]; unresolved: QuestionLine[] };
}

export interface DashboardFunnel {
  rollout: string;
  /** In the guide's order: invited, started, each part, done, registered. */
  stages: Array<{ key: string; label: string; count: number }>;
  registered: { label: string; count?: number };
}

export interface QuestionLine {
  intent: string;
  title: string;
  count: number;
}

/** The body of a 401 or 403: a stable code, the reason, and the sentence the page shows. */
export interface DashboardRefusal {
  code: 'unauthorized' | 'forbidden' | 'unavailable';
  reason: string;
  message: string;
  labels: Record<string, string>;
}
