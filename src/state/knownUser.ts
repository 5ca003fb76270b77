import { withDeadline } from '../core/deadline';
import { OutboundTimeoutError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { Unavailable, UserDirectory, UserLookUp } from '../graph/directory';
import { languageFromLocale } from '../i18n/translator';
import type { UserProfile } from './botState';
import { upnInDomain } from './turnUser';
import { displayText } from '../privacy/displayText';

/** Graph's answer about a user (found, or no such user) holds for a day. */
const answeredMs = 24 * 60 * 60 * 1000;
/** A look-up that failed is tried again a minute later; a missing permission is an operator's matter, asked again the next day. */
const retryMs: Record<Unavailable, number> = { off: answeredMs, forbidden: answeredMs, notFound: answeredMs, throttled: 60_000, failed: 60_000, timeout: 60_000 };

/** A first name is shown in a greeting line: longer than this is no first name, and is cut. */
export const maxFirstNameLength = 40;

/**
 * `givenName` as a first name fit to show: control, format and bidi characters removed (they could reorder or hide the
 * text around it), spaces collapsed, cut to maxFirstNameLength characters (never inside a surrogate pair); undefined
 * when nothing is left. Markdown is escaped where it is shown, not here.
 */
export function firstNameOf(givenName: string | undefined): string | undefined {
  return displayText(givenName, maxFirstNameLength);
}

/** Whether Graph is to be asked about this user now (never asked, or its answer's day is over). */
export function directoryDue(profile: UserProfile, now: Date): boolean {
  return !profile.directoryCheckAfter || !(Date.parse(profile.directoryCheckAfter) > now.getTime());
}

/** Keeps what Graph said in the profile: a found user replaces the fields, "no such user" clears them, a failure keeps them. */
export function applyLookUp(profile: UserProfile, lookUp: UserLookUp, upnDomain: string, now: Date): void {
  if (lookUp.kind === 'found') {
    const { givenName, userPrincipalName, preferredLanguage } = lookUp.user;
    setOrDelete(profile, 'firstName', firstNameOf(givenName));
    setOrDelete(profile, 'directoryUpn', upnInDomain(userPrincipalName, upnDomain));
    setOrDelete(profile, 'preferredLanguage', languageFromLocale(preferredLanguage));
  } else if (lookUp.reason === 'notFound') {
    delete profile.firstName;
    delete profile.directoryUpn;
    delete profile.preferredLanguage;
  }
  const wait = lookUp.kind === 'found' ? answeredMs : retryMs[lookUp.reason];
  profile.directoryCheckAfter = new Date(now.getTime() + wait).toISOString();
}

/** What the middlewares need to ask Graph about the user of a turn. */
export interface KnownUserSource {
  directory: UserDirectory;
  upnDomain: string;
  /** The directory's own deadline (GRAPH_TIMEOUT_MS): the turn waits no longer than this. */
  timeoutMs: number;
  logger: Logger;
  now?: () => Date;
}

/**
 * Asks the directory about the user when their profile says it is due, and keeps the answer in `profile`; true when
 * it did (the caller saves the profile). With Graph off, or no AAD object id, nothing is asked or changed. Never
 * rejects; an answer later than `timeoutMs` counts as a timeout (the directory still caches it for the next try).
 */
export async function learnFromDirectory(source: KnownUserSource, profile: UserProfile, aadObjectId: string | undefined): Promise<boolean> {
  const now = source.now?.() ?? new Date();
  if (!source.directory.enabled || !aadObjectId || !directoryDue(profile, now)) return false;
  let lookUp: UserLookUp;
  try {
    lookUp = await withDeadline(source.directory.user(aadObjectId), source.timeoutMs, () => new OutboundTimeoutError('graphUser', 1));
  } catch (error) {
    lookUp = { kind: 'unavailable', reason: error instanceof OutboundTimeoutError ? 'timeout' : 'failed' };
  }
  // The reason only: never the user's id, name or UPN.
  if (lookUp.kind === 'unavailable') source.logger.info('Microsoft Graph user look-up unavailable', { reason: lookUp.reason });
  applyLookUp(profile, lookUp, source.upnDomain, now);
  return true;
}

function setOrDelete<Key extends 'firstName' | 'directoryUpn' | 'preferredLanguage'>(profile: UserProfile, key: Key, value: UserProfile[Key]): void {
  if (value === undefined) delete profile[key];
  else profile[key] = value;
}
