import type { StatePropertyAccessor } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Language } from '../i18n/language';
import type { AuthenticatorFinding } from '../tickets/ticket';
import type { RecentHistory } from './conversationHistory';

/** Per user, kept across conversations and restarts. */
export interface UserProfile {
  /** Chosen explicitly ("English" / "Nederlands"); wins over the Teams locale. */
  language?: Language;
  /** Last language seen in the Teams locale, for turns that carry none (install events). */
  localeLanguage?: Language;
  welcomed?: boolean;
  /** The sign-in name (UPN) Teams' member record gave, kept only when it is in the organisation's domain: the cards show it. */
  upn?: string;
  /** When Teams is asked for the UPN again (ISO time): a day after it answered, a minute after it could not. */
  upnCheckAfter?: string;
  /** What Microsoft Graph gave (Graph on only): the first name, cleaned and cut (see firstNameOf); escaped when shown. */
  firstName?: string;
  /** The UPN Graph gave, kept only when it is in the organisation's domain: used when Teams' member record gives none. */
  directoryUpn?: string;
  /** The user's preferred language in Entra, as one the bot speaks: used only when Teams gives no locale and the user chose none. */
  preferredLanguage?: Language;
  /** When Graph is asked about the user again (ISO time): a day after it answered, a minute after it could not. */
  directoryCheckAfter?: string;
  /** The chat last kept under the user's object id (src/rollout/peopleStore.ts), so that it is written once per chat. */
  knownChat?: string;
}

/** Where the user is in the guide, per user, so they can leave and continue later. */
export interface Progress {
  step: string;
  updatedAt: string;
  completed: boolean;
}

/**
 * The buttons of the cards in front of the user, as sent (title and data), so that typing what a button means
 * presses it: the last card with buttons, then the lasting ones under it (the guide's step, a rating, an open ticket).
 */
export interface ButtonsInView {
  cards?: { buttons: { title: string; data: unknown }[]; headings: string[] }[];
}

export interface StateAccessors {
  profile: StatePropertyAccessor<UserProfile>;
  progress: StatePropertyAccessor<Progress | undefined>;
  /** What Graph said at the guide's last Authenticator check (per user), for a ticket. */
  authenticator: StatePropertyAccessor<AuthenticatorFinding | undefined>;
  dialogState: StatePropertyAccessor<DialogState>;
  /** The last lines and questions of this conversation, redacted, for a servicedesk ticket. */
  history: StatePropertyAccessor<RecentHistory>;
  buttonsInView: StatePropertyAccessor<ButtonsInView>;
}
