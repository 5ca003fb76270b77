import type { Language } from '../i18n/language';
import type { Translator } from '../i18n/translator';
import type { Position } from '../guide/setupGuide';
import type { ChatReference } from '../tickets/chatReference';
import type { ServicedeskChannel } from '../tickets/servicedeskChannel';
import type { TicketThread } from '../tickets/ticket';

/**
 * What the handoff needs from the outside world, on plain data: the Teams edge (src/bot) implements these.
 * Failures of Teams come as TeamsApiError (a status and a code) or OutboundTimeoutError (no answer).
 */

/** A card or file in a message (the shape of the Bot Framework's Attachment). */
export interface MessageAttachment {
  contentType: string;
  contentUrl?: string;
  content?: unknown;
  name?: string;
  thumbnailUrl?: string;
}

/** A message to post: text, cards or files, and the line Teams shows in a notification. */
export interface OutgoingMessage {
  text?: string;
  attachments?: MessageAttachment[];
  summary?: string;
}

/** The user's 1:1 chat during one proactive turn, in the user's language. */
export interface UserChat {
  readonly language: Language;
  readonly t: Translator;
  send(message: OutgoingMessage | string): Promise<void>;
  /** Sends an agent's message: like `send`, but its cards are not the bot's, so typing cannot press their buttons. */
  relay(message: OutgoingMessage): Promise<void>;
  /** Opens the guide at `position` in this chat (the agent's "Terug naar de bot"). */
  resumeGuide(position: Position): Promise<void>;
  /** Shows the guide's current card again when the guide runs in this chat, so the way on is in view. */
  showStepAgain(): Promise<void>;
}

/** How the handoff reaches people outside the current turn: the servicedesk channel and users' 1:1 chats. */
export interface Messenger {
  /** Starts a new thread in the channel with this message; resolves with where it landed. */
  startThread(channel: ServicedeskChannel, message: OutgoingMessage): Promise<TicketThread>;
  postInThread(channel: ServicedeskChannel, thread: TicketThread, message: OutgoingMessage): Promise<void>;
  /** Replaces the ticket card at the root of the thread. */
  updateCard(channel: ServicedeskChannel, thread: TicketThread, message: OutgoingMessage): Promise<void>;
  /** Runs `logic` in a user's 1:1 chat as a turn of its own, saving that chat's state afterwards. */
  inUserChat(reference: ChatReference, logic: (chat: UserChat) => Promise<void>): Promise<void>;
}

/** A Teams user, as the directory needs them. */
export interface Person {
  id: string;
  aadObjectId?: string;
}

/** Teams' member look-ups, for the turn that asks (Teams answers them on that turn's connection). */
export interface MemberDirectory {
  /** Whether `user` is a member of the team; throws when Teams cannot tell. */
  isMember(teamId: string, user: Person): Promise<boolean>;
  /** The user's sign-in name (jan.jansen@…), for the ticket card; throws when Teams cannot tell. */
  userPrincipalName(user: Person): Promise<string | undefined>;
}
