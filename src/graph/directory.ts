/**
 * What the bot asks Microsoft Graph about a user, on plain data: no Graph SDK type leaves src/graph. Every call
 * resolves (never rejects) within a few seconds, so no Teams turn waits long on Graph; without Graph configured
 * the directory is `graphOff` and every answer is "unavailable: off".
 */

/** Why Graph gave no answer: not configured, throttled, not allowed, no such user, failing, or too slow. */
export type Unavailable = 'off' | 'throttled' | 'forbidden' | 'notFound' | 'failed' | 'timeout';

/** The user as Graph knows them; fields Graph did not give are absent. */
export interface DirectoryUser {
  /** Entra object id (Teams gives it as `from.aadObjectId`). */
  id: string;
  userPrincipalName?: string;
  givenName?: string;
  /** As Entra stores it, e.g. "nl-NL". */
  preferredLanguage?: string;
}

/** A Microsoft Authenticator registration: the name of the device it is on, as the user sees it in "Mijn aanmeldingen". */
export interface AuthenticatorDevice {
  displayName: string;
  createdAt?: string;
}

export type AuthenticatorCheck =
  | { kind: 'registered'; devices: AuthenticatorDevice[] }
  | { kind: 'none' }
  | { kind: 'unavailable'; reason: Unavailable };

export type UserLookUp = { kind: 'found'; user: DirectoryUser } | { kind: 'unavailable'; reason: Unavailable };

export interface UserDirectory {
  /** False when Graph is not configured: callers then behave exactly as without Graph. */
  readonly enabled: boolean;
  /** The user's profile (first name, UPN, preferred language). */
  user(aadObjectId: string): Promise<UserLookUp>;
  /** The user's Microsoft Authenticator registrations; `fresh` asks Graph again instead of a cached answer ("nog eens controleren"). */
  authenticator(aadObjectId: string, options?: { fresh?: boolean }): Promise<AuthenticatorCheck>;
  /** Forgets what was kept of Graph's answers about the user ("verwijder mijn gegevens"); never rejects. */
  forget(aadObjectId: string): Promise<void>;
}

/** Graph not configured: every feature that needs it steps aside. */
export const graphOff: UserDirectory = {
  enabled: false,
  user: async () => ({ kind: 'unavailable', reason: 'off' }),
  authenticator: async () => ({ kind: 'unavailable', reason: 'off' }),
  forget: async () => undefined,
};
