/**
 * What the rollout says and sends, on plain data: the Teams edge (src/bot/rolloutMessenger.ts) renders it, in the
 * servicedesk's language for the channel and the user's for their chat.
 */
import type { ChatReference } from '../tickets/chatReference';
import type { RolloutCounts, RolloutFailure, RolloutMember, RolloutPhase } from './model';

/** What a message to a user came to: sent, refused because the user blocked or removed the bot, or failed otherwise. */
export type SendOutcome = 'sent' | 'blocked' | 'failed';

export interface ReminderResult {
  sent: number;
  /** Reminded before in this rollout: never a second time. */
  already: number;
  /** Started and stopped, but could not be reached. */
  failed: number;
}

export interface RolloutMessenger {
  /** The invitation in the user's 1:1 chat: the welcome, in the member's language, with their first name. */
  invite(chat: ChatReference, member: RolloutMember): Promise<SendOutcome>;
  /** "herinner": where the user stopped, and the way on, in their chat. */
  remind(chat: ChatReference): Promise<SendOutcome>;
  /** A progress line in the servicedesk thread where the rollout was started. */
  progress(channel: ChatReference, counts: RolloutCounts, phase: RolloutPhase): Promise<void>;
  /** Why the rollout could not go on. */
  failed(channel: ChatReference, failure: RolloutFailure): Promise<void>;
  /** What "herinner" did. */
  reminded(channel: ChatReference, result: ReminderResult): Promise<void>;
}
