import type { Unavailable } from '../graph/directory';
import type { Language } from '../i18n/language';
import type { ChatReference } from './chatReference';

/**
 * A ticket's life: stored as `posting` first, `open` once its card is in the servicedesk channel,
 * `assigned` when an agent takes it, `relaying` while the agent talks with the user through the bot,
 * `returned` when the agent hands the user back to the guide, and finally `closed` (by an agent) or
 * `cancelled` (by the user).
 */
export type TicketStatus = 'posting' | 'open' | 'assigned' | 'relaying' | 'returned' | 'closed' | 'cancelled';

/** One line of the recent conversation, already redacted. */
export interface TranscriptLine {
  from: 'user' | 'bot';
  text: string;
  at: string;
}

/** A question the user asked the bot and what the bot did with it. */
export interface AskedQuestion {
  /** Redacted; empty when the user picked a problem from a list instead of typing. */
  text: string;
  /** Knowledge-base intent shown as the answer, if any. */
  answer?: string;
  /** What the bot did: answered, offered choices, had no answer, or the user `picked` a listed problem. */
  decision: 'answer' | 'choose' | 'none' | 'picked';
  /** The user's "Opgelost?" on the answer, when given. */
  solved?: boolean;
}

/** A ticket's thread in the servicedesk channel: its conversation and the id of the ticket card at its root. */
export interface TicketThread {
  conversationId: string;
  activityId: string;
}

export interface Agent {
  name: string;
  aadObjectId?: string;
  id: string;
}

export interface TicketEvent {
  at: string;
  /** `postUncertain`: a post that got no answer (killed or timed out in flight), so it may have landed. */
  what: 'created' | 'posted' | 'postFailed' | 'postUncertain' | 'taken' | 'relayStarted' | 'relayEnded' | 'returned' | 'closed' | 'cancelled' | 'rated';
  by?: string;
}

/**
 * What Microsoft Graph said about the user's Microsoft Authenticator when the guide checked it at the end of Step 2:
 * registered on these devices (names as the user gave them, unescaped), no registration, or not checked and why
 * (`noUserId`: Teams gave no Entra object id to ask about). `at` is when the check was made (ISO time).
 */
export type AuthenticatorFinding =
  | { kind: 'registered'; devices: string[]; at: string }
  | { kind: 'none'; at: string }
  | { kind: 'notChecked'; reason: Unavailable | 'noUserId'; at: string };

export interface Ticket {
  /** Short number people can read out on the phone. */
  id: string;
  status: TicketStatus;
  createdAt: string;
  updatedAt: string;
  user: {
    name: string;
    upn?: string;
    aadObjectId?: string;
    language: Language;
    /** The user's 1:1 chat with the bot. */
    reference: ChatReference;
  };
  /** The user's own sentence on what goes wrong (redacted), if they gave one. */
  description?: string;
  /** Guide position reached ("mfasetup.scanQrCode") and whether the guide was finished. */
  step?: string;
  completed?: boolean;
  /** The guide's last Authenticator check, when one was made (Graph configured). */
  authenticator?: AuthenticatorFinding;
  questions: AskedQuestion[];
  transcript: TranscriptLine[];
  /** Where the ticket card lives, once posted. */
  thread?: TicketThread;
  postAttempts: number;
  /**
   * The channel post under way: the attempt that claimed it and until when. Only the holder posts; a
   * claim left by a killed process lapses at `until`. Whoever takes it over counts that attempt as uncertain
   * when it had begun `sending`, and as failed (nothing can have landed) when it had not.
   */
  postClaim?: { by: string; until: string; sending?: true };
  /** Posts that got no answer and may have landed; a post after one carries the "possible duplicate" line. */
  uncertainPosts?: number;
  agent?: Agent & { at: string };
  /** Step the agent handed the user back to. */
  returnedTo?: string;
  rating?: { score: number; comment?: string; at: string };
  history: TicketEvent[];
}
