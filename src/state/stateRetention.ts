import type { RetentionRule } from '../storage/retention';

/** Where botbuilder keeps Teams' user and conversation state: `msteams/users/<user id>/`, `msteams/conversations/<conversation id>/`. */
const userStatePrefix = 'msteams/users/';
const conversationStatePrefix = 'msteams/conversations/';

/**
 * A user's and a conversation's state, purged once unchanged for the retention (an active one is saved at least
 * daily, see versionedState.ts). A user's state (language, guide progress) may go while a ticket is open: the
 * ticket keeps its own copy of what the servicedesk and the relay need. A conversation with an open ticket stays
 * (its dialog and the buttons in view), however long the ticket takes.
 */
export function stateRetention(hasOpenTicket: (conversationId: string) => Promise<boolean>): RetentionRule[] {
  return [
    { name: 'users', prefix: userStatePrefix },
    {
      name: 'conversations',
      prefix: conversationStatePrefix,
      keep: (key) => hasOpenTicket(key.slice(conversationStatePrefix.length).replace(/\/$/, '')),
    },
  ];
}
