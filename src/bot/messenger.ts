import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { withDeadline } from '../core/deadline';
import { OutboundTimeoutError } from '../core/errors';
import { turnLanguage, turnT } from '../i18n/translator';
import type { Position } from '../guide/setupGuide';
import type { Messenger, OutgoingMessage, UserChat } from '../handoff/ports';
import type { ChatReference } from '../tickets/chatReference';
import type { ServicedeskChannel } from '../tickets/servicedeskChannel';
import type { TicketThread } from '../tickets/ticket';
import { StorageError } from '../storage/storageError';
import { asTeamsError } from './teamsErrors';

/**
 * The proactive side of Teams: the servicedesk channel, and a user's 1:1 chat as a turn of its own. Failures
 * come as TeamsApiError (a status and Teams' code) or OutboundTimeoutError (no answer: it may have landed).
 */
export interface TeamsMessenger {
  /** Starts a new thread in the channel with this message; resolves with where it landed. */
  startThread(channel: ServicedeskChannel, message: Partial<Activity>): Promise<TicketThread>;
  postInThread(channel: ServicedeskChannel, thread: TicketThread, message: Partial<Activity>): Promise<void>;
  /** Replaces the ticket card at the root of the thread. */
  updateCard(channel: ServicedeskChannel, thread: TicketThread, message: Partial<Activity>): Promise<void>;
  /** Runs `logic` in a user's 1:1 chat as a turn of its own (with its language), saving state afterwards. */
  inUserChat(reference: ChatReference, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  /** Sends one message into a conversation (a user's chat, a channel thread), without a turn's state. */
  sendTo(reference: ChatReference, message: Partial<Activity>): Promise<void>;
}

/** Runs a turn's logic and saves its state; false when the state kept changing under it (another instance). */
export interface TurnRunner {
  run(context: TurnContext, logic: (context: TurnContext) => Promise<void>): Promise<boolean>;
}

/** Thread replies go to the conversation "<channel id>;messageid=<root id>" (Teams' thread addressing). */
export function threadRootOf(conversationId: string): string | undefined {
  return /;messageid=([^;]+)$/.exec(conversationId)?.[1];
}

const asActivity = (message: OutgoingMessage | Partial<Activity>): Partial<Activity> => ({ type: 'message', ...message });

/** The guide in a user's chat, as the handoff's proactive turns need it (MainDialog and the buttons in view). */
export interface GuideInChat {
  /** Opens the guide at `position` within the turn (MainDialog.resumeAt). */
  resumeAt(context: TurnContext, position: Position): Promise<void>;
  /** Shows the guide's card again when the guide runs (MainDialog.showStepAgain). */
  showStepAgain(context: TurnContext): Promise<void>;
  /** Remembers the buttons of the cards this turn sends, so that the user can answer them by typing. */
  watch(context: TurnContext): void;
  /** Sends without remembering the buttons: what an agent sends is not the bot's card. */
  unwatched(context: TurnContext, send: () => Promise<unknown>): Promise<void>;
}

/**
 * The handoff's Messenger on Teams: the channel calls as they are, and a user's chat as a UserChat in that
 * chat's language, where `resumeGuide` moves the user's dialog (MainDialog.resumeAt) within the same turn.
 */
export function handoffMessenger(teams: TeamsMessenger, guide: GuideInChat): Messenger {
  return {
    startThread: (channel, message) => teams.startThread(channel, asActivity(message)),
    postInThread: (channel, thread, message) => teams.postInThread(channel, thread, asActivity(message)),
    updateCard: (channel, thread, message) => teams.updateCard(channel, thread, asActivity(message)),
    inUserChat: (reference, logic) =>
      teams.inUserChat(reference, async (context) => {
        guide.watch(context);
        const chat: UserChat = {
          language: turnLanguage(context),
          t: turnT(context),
          send: async (message) => {
            await context.sendActivity(typeof message === 'string' ? message : asActivity(message));
          },
          relay: (message) => guide.unwatched(context, () => context.sendActivity(asActivity(message))),
          resumeGuide: (position) => guide.resumeAt(context, position),
          showStepAgain: () => guide.showStepAgain(context),
        };
        await logic(chat);
      }),
  };
}

/**
 * TeamsMessenger over the CloudAdapter's proactive calls; `appId` is empty when the bot runs without an Azure registration.
 * Every call settles within `deadlineMs` (the connector's own timeouts and retries normally end it sooner): a call
 * that did not rejects with OutboundTimeoutError, so a ticket post that hung goes back to the retry queue.
 */
export class BotMessenger implements TeamsMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly turns: TurnRunner,
    private readonly deadlineMs = 45_000,
  ) {}

  async startThread(channel: ServicedeskChannel, message: Partial<Activity>): Promise<TicketThread> {
    let thread: TicketThread | undefined;
    const reference = { ...channel.reference, conversation: { ...channel.reference.conversation, conversationType: 'channel' } as ConversationReference['conversation'] };
    await this.continueWithin('startThread', reference, async (context) => {
      // TeamsInfo.sendMessageToTeamsChannel does this too, but through CloudAdapter it loses the new message's id.
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      const created = await client.conversations.createConversation({
        isGroup: true,
        channelData: { channel: { id: channel.channelId } },
        activity: asActivity(message) as Activity,
        tenantId: channel.reference.conversation?.tenantId,
      } as Parameters<ConnectorClient['conversations']['createConversation']>[0]);
      // Teams answers { id: "<channel>;messageid=<root>", activityId: "<root>" }; replies go to that id.
      const activityId = created.activityId ?? threadRootOf(created.id) ?? created.id;
      // A bare channel id would make every channel message look like part of this ticket's thread.
      const conversationId = created.id && created.id !== channel.channelId ? created.id : `${channel.channelId};messageid=${activityId}`;
      thread = { conversationId, activityId };
    });
    if (!thread) throw new Error('the channel post gave no thread');
    return thread;
  }

  async postInThread(channel: ServicedeskChannel, thread: TicketThread, message: Partial<Activity>): Promise<void> {
    await this.continueWithin('postInThread', threadReference(channel, thread), async (context) => {
      await context.sendActivity(asActivity(message));
    });
  }

  async updateCard(channel: ServicedeskChannel, thread: TicketThread, message: Partial<Activity>): Promise<void> {
    await this.continueWithin('updateCard', threadReference(channel, thread), async (context) => {
      await context.updateActivity({ ...asActivity(message), id: thread.activityId });
    });
  }

  async inUserChat(reference: ChatReference, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.continueWithin('inUserChat', reference, async (context) => {
      // Saved with the eTags it read, like the user's own turns; what it sends waits for that.
      if (!(await this.turns.run(context, logic))) throw new StorageError('conflict', 'the user\'s state kept changing: message not delivered');
    });
  }

  async sendTo(reference: ChatReference, message: Partial<Activity>): Promise<void> {
    await this.continueWithin('sendTo', reference, async (context) => {
      await context.sendActivity(asActivity(message));
    });
  }

  /**
   * The adapter hands a proactive turn's error to onTurnError (which would post an apology into the channel or
   * chat) and resolves; the caller needs the error itself (OutboundTimeoutError, a 403), so it is kept and
   * rethrown, a failure of Teams as TeamsApiError.
   */
  private async continueWithin(operation: string, reference: ChatReference, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | undefined;
    const turn = this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    });
    await withDeadline(turn, this.deadlineMs, () => new OutboundTimeoutError(operation, 1));
    if (failure) throw asTeamsError(operation, failure.error);
  }
}

function threadReference(channel: ServicedeskChannel, thread: TicketThread): ChatReference {
  const conversation = channel.reference.conversation;
  return {
    ...channel.reference,
    activityId: undefined,
    conversation: { ...conversation, id: thread.conversationId, conversationType: 'channel', isGroup: true } as ConversationReference['conversation'],
  };
}
