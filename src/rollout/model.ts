/**
 * The rollout on plain data: a servicedesk member's "uitrol <groep>" invites every user of an Entra group to the
 * guide. A rollout and each of its members are records in the store, so the job survives a restart and never
 * messages anyone twice; `people/<object id>` ties a user's progress in the guide to their Entra object id.
 */
import type { Language } from '../i18n/language';
import type { ChatReference } from '../tickets/chatReference';

/** Why a member was not invited: already through the guide, registered for MFA according to Graph, or invited by an earlier rollout. */
export type SkipReason = 'done' | 'registered' | 'alreadyInvited';

/**
 * Why an invitation failed: Graph would not install the app (installRefused: forbidden, or not in the catalog),
 * Graph did not answer (graphUnavailable), no chat could be found for the user (noChat), the user blocked the bot
 * (blocked), or Teams refused the message (sendFailed).
 */
export type FailReason = 'installRefused' | 'graphUnavailable' | 'noChat' | 'blocked' | 'sendFailed';

/**
 * A member's way through the job: pending → sending → invited when the bot can write to the user's chat; pending →
 * installed → invited when the app was installed for them (Teams then sends the install event, whose welcome is the
 * invitation; without it in time the job writes itself); or skipped, or failed. `sending` is written before the
 * message goes out: one found when a new holder takes the job was cut off by a stop and may have landed, so it becomes
 * `uncertain` and is not sent again.
 */
export type MemberState = 'pending' | 'installed' | 'sending' | 'invited' | 'skipped' | 'failed' | 'uncertain';

export interface RolloutMember {
  /** Entra object id. */
  id: string;
  /** As Graph gave it, cleaned for display (src/state/knownUser.ts firstNameOf): the invitation greets by it. */
  givenName?: string;
  /** The user's preferred language in Entra, when the bot speaks it. */
  language?: Language;
  state: MemberState;
  reason?: SkipReason | FailReason;
  /** When the state last changed (ISO time). */
  at: string;
  /** When "herinner" reminded this member (at most once per rollout). */
  remindedAt?: string;
  /** Graph calls that could not be made yet (throttled, timed out): given up after a few. */
  attempts?: number;
  /** Not tried again before this (ISO time): a little longer after each attempt that found Graph throttled or down. */
  retryAfter?: string;
  /** For "status" without the report's licence: whether Graph found Microsoft Authenticator for them, and when. */
  mfa?: { registered: boolean; at: string };
}

/** listing: reading the group; inviting: working through the members; finished; failed: the group could not be read. */
export type RolloutPhase = 'listing' | 'inviting' | 'finished' | 'failed';

/** Why a whole rollout could not go on. */
export type RolloutFailure = 'groupNotFound' | 'groupUnavailable' | 'groupTooLarge' | 'notInCatalog' | 'catalogUnavailable';

/** Whether the registration report could be used to skip members registered for MFA. */
export type RegistrationSource = 'report' | 'noLicence' | 'unavailable';

export interface Rollout {
  id: string;
  /** The Entra group's object id. */
  groupId: string;
  /** Who started it (Entra object id), and when (ISO time). */
  startedBy?: string;
  startedAt: string;
  /** The servicedesk channel conversation where it was started: progress is posted there. */
  channel: ChatReference;
  phase: RolloutPhase;
  failure?: RolloutFailure;
  /** The instance that works on it, until when (ms since the epoch): another takes over only after that. */
  lease?: { holder: string; until: number };
  registration?: RegistrationSource;
  /** The app's id in the organisation's catalog, found when the group was listed. */
  catalogId?: string;
  /** How many members the registration report counted as registered, and when it was read (at most every 15 minutes for "status"). */
  report?: { registered: number; at: string };
  finishedAt?: string;
}

/** Per state, how many members; skipped and failed per reason. */
export interface RolloutCounts {
  total: number;
  /** Still to do: pending, installed (waiting for Teams' install event) and sending. */
  pending: number;
  invited: number;
  uncertain: number;
  skipped: Partial<Record<SkipReason, number>>;
  failed: Partial<Record<FailReason, number>>;
  /** Members in a state, or skipped or failed for a reason, this version does not know (a newer version's or a damaged record). */
  other?: number;
}

/** What the bot knows of one user across chats, by Entra object id: their 1:1 chat and where they are in the guide. */
export interface Person {
  /** The user's 1:1 chat with the bot, from their last turn there (or the install event). */
  chat?: ChatReference;
  /** The part of the guide the user is in (the key of its first sub-step, such as "mfasetup.openMfaSetup") and whether they completed it. */
  step?: string;
  completed?: boolean;
  /** When the step last changed (ISO time): "herinner" reminds those who stopped. */
  progressAt?: string;
  /** When Teams' install event welcomed the user (ISO time). */
  welcomedAt?: string;
  /** When a rollout invited the user (ISO time), and which: a later rollout skips them, and the install event's welcome gives way. */
  invitedAt?: string;
  invitedBy?: string;
}

/** The "status" card's figures for one rollout. */
export interface RolloutStatus {
  rollout: Pick<Rollout, 'id' | 'groupId' | 'startedAt' | 'phase' | 'finishedAt' | 'failure'>;
  counts: RolloutCounts;
  /** Of the invited members: those who answered at least once, per step where they are now, and those done. */
  started: number;
  atStep: Array<{ step: string; count: number }>;
  done: number;
  /**
   * Registered for MFA according to Graph, among the members: from the report, or (without the licence) per-user
   * look-ups within the throttle budget, `checked` of `counts.total` so far; unavailable when Graph did not answer.
   */
  registered: { source: 'report' | 'perUser' | 'unavailable'; count: number; checked: number };
  /** Since the rollout started: the most asked questions and those most often marked "not solved", by intent. */
  topAsked: Array<{ intent: string; count: number }>;
  topUnresolved: Array<{ intent: string; count: number }>;
}
