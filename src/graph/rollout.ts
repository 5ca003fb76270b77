/**
 * What the rollout ("uitrol <groep>", "status", "herinner") asks of Microsoft Graph, on plain data: no Graph SDK
 * type leaves src/graph. Every call resolves (never rejects) to an outcome; the rollout runs in the background, so a
 * call may be given a longer deadline than a turn's (`timeoutMs`). Without Graph configured it is `rolloutGraphOff`.
 */
import type { Unavailable } from './directory';

/** A user among a group's transitive members, with the fields Graph gave (absent when it gave none): only what the rollout uses. */
export interface GroupMember {
  /** Entra object id. */
  id: string;
  givenName?: string;
  /** As Entra stores it, e.g. "nl-NL". */
  preferredLanguage?: string;
}

/** Per call: background work may wait longer than a turn (the gateway's GRAPH_TIMEOUT_MS by default). */
export interface CallOptions {
  timeoutMs?: number;
}

/**
 * Why a group gave no member list: invalidId (not a GUID, nothing asked), tooLarge (more pages than allowed),
 * or one of Graph's reasons (notFound: no such group). A hostile or broken nextLink is `failed`.
 */
export type MembersUnavailable = Unavailable | 'invalidId' | 'tooLarge';
export type GroupMembersAnswer = { kind: 'members'; members: GroupMember[]; pages: number } | { kind: 'unavailable'; reason: MembersUnavailable };

/** The app's id in the organisation's catalog (not the manifest id); notFound: the app is not in the org catalog. */
export type CatalogAnswer = { kind: 'found'; catalogId: string } | { kind: 'unavailable'; reason: Unavailable };

export type InstalledAnswer = { kind: 'installed'; installationId?: string } | { kind: 'notInstalled' } | { kind: 'unavailable'; reason: Unavailable | 'invalidId' };

/** `already`: Graph said 409, the app was installed for the user before (the install is idempotent). */
export type InstallAnswer = { kind: 'installed'; already: boolean } | { kind: 'unavailable'; reason: Unavailable | 'invalidId' };

/** The user's 1:1 chat with the app (Graph's chat id, usable as the bot's conversation id). */
export type ChatAnswer = { kind: 'chat'; chatId: string } | { kind: 'unavailable'; reason: Unavailable | 'invalidId' };

/** One user's line in the registration report. */
export interface UserRegistration {
  id: string;
  isMfaRegistered: boolean;
  /** Graph's method names, e.g. "microsoftAuthenticatorPush". */
  methodsRegistered: string[];
}

/** Which users the report is asked for: those registered for MFA (any method). */
export type RegistrationFilter = 'mfaRegistered';

/**
 * noLicence: the tenant lacks Entra ID P1/P2, so the caller falls back to per-user authenticator look-ups (the same
 * identity bucket, 5 per 10 s, shared with this report).
 */
export type RegistrationReportAnswer =
  | { kind: 'report'; registrations: UserRegistration[]; pages: number }
  | { kind: 'unavailable'; reason: Unavailable | 'noLicence' | 'tooLarge' };

export interface RolloutGraph {
  /** False when Graph is not configured: the rollout then cannot run, and says so. */
  readonly enabled: boolean;
  /** The group's transitive user members, all pages (bounded). */
  groupMembers(groupId: string, options?: CallOptions): Promise<GroupMembersAnswer>;
  /** The app's catalog id (asked once, then kept). */
  catalogId(options?: CallOptions): Promise<CatalogAnswer>;
  /** Whether the app is installed in the user's personal scope. */
  installed(userId: string, catalogId: string, options?: CallOptions): Promise<InstalledAnswer>;
  /** Installs the app in the user's personal scope; already installed is success. */
  install(userId: string, catalogId: string, options?: CallOptions): Promise<InstallAnswer>;
  /** The chat of the app's installation for the user (from `installed`), where the bot can write first. */
  chat(userId: string, installationId: string, options?: CallOptions): Promise<ChatAnswer>;
  /** The registration report for the filter's users, all pages (bounded). */
  registrationReport(filter: RegistrationFilter, options?: CallOptions): Promise<RegistrationReportAnswer>;
}

/** Graph not configured: every answer is "unavailable: off". */
export const rolloutGraphOff: RolloutGraph = {
  enabled: false,
  groupMembers: async () => ({ kind: 'unavailable', reason: 'off' }),
  catalogId: async () => ({ kind: 'unavailable', reason: 'off' }),
  installed: async () => ({ kind: 'unavailable', reason: 'off' }),
  install: async () => ({ kind: 'unavailable', reason: 'off' }),
  chat: async () => ({ kind: 'unavailable', reason: 'off' }),
  registrationReport: async () => ({ kind: 'unavailable', reason: 'off' }),
};
