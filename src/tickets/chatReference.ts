/** Someone in a chat: a Teams user or the bot (the shape of the Bot Framework's ChannelAccount). */
interface ChatAccount {
  id: string;
  name: string;
  aadObjectId?: string;
  role?: string;
}

/** A chat or channel conversation (the shape of the Bot Framework's ConversationAccount). */
interface ChatConversation {
  id: string;
  name: string;
  isGroup: boolean;
  conversationType: string;
  tenantId?: string;
}

/**
 * Where to reach a conversation later, outside the turn that saw it: the shape of the Bot Framework's
 * ConversationReference, stored with a ticket (the user's 1:1 chat) and with the servicedesk channel.
 */
export interface ChatReference {
  activityId?: string;
  user?: ChatAccount;
  bot?: ChatAccount;
  conversation?: ChatConversation;
  channelId?: string;
  serviceUrl?: string;
  locale?: string;
}
