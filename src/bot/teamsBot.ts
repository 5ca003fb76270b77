import {
  ActivityTypes,
  TeamsActivityHandler,
  TurnContext,
  type ChannelAccount,
  type ConversationState,
  type UserState,
} from 'botbuilder';
import { turnLanguage, turnT } from '../i18n/translator';
import { recogniseCommand } from '../commands/commands';
import { handleChannelMessage, type ChannelMessageDeps } from './channelMessages';
import type { TeamsHandoff } from './servicedesk';
import type { ConversationHistory } from '../state/conversationHistory';
import type { Logger } from '../core/logger';
import type { StateAccessors } from '../state/botState';
import type { GuideCards } from '../cards/guideCards';
import type { MainDialog } from '../dialogs/mainDialog';
import type { VersionedTurns } from './versionedState';

export interface TeamsBotDeps {
  channel: ChannelMessageDeps;
  handoff: Pick<TeamsHandoff, 'cancelByUser' | 'rate' | 'relayFromUser'>;
  history: ConversationHistory;
  /** Deletes the records kept about one conversation (beyond its state), for "verwijder mijn gegevens". */
  forgetRecords?: (channelId: string, conversationId: string) => Promise<number>;
  conversationState: ConversationState;
  userState: UserState;
  /** Runs each turn on versioned state and saves it (replayed when another instance saved in between). */
  turns: Pick<VersionedTurns, 'run'>;
  state: StateAccessors;
  mainDialog: MainDialog;
  cards: GuideCards;
  logger: Logger;
}

/**
 * Thin Teams dispatch (the turn's language is set by LanguageMiddleware): greets once on install, hands messages to the
 * main dialog; each turn runs on versioned state (see VersionedTurns), which saves it.
 */
export class TeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();

    this.onMessage(async (context, next) => {
      TurnContext.removeRecipientMention(context.activity);
      const conversationType = context.activity.conversation.conversationType;
      // The guide lives in 1:1 chats; channels are the servicedesk's (registration and tickets).
      if (conversationType === 'channel') return handleChannelMessage(context, deps.channel).then(next);
      if (conversationType === 'groupChat') return next();
      const command = recogniseCommand(context.activity);
      if (command?.name === 'forget') await this.forget(context);
      else if (command?.name === 'cancelTicket') await deps.handoff.cancelByUser(context, command.ticket);
      else if (command?.name === 'rateTicket') await deps.handoff.rate(context, command.data);
      // While an agent has taken over the chat, what the user types goes to the agent.
      else if (!(await deps.handoff.relayFromUser(context))) await deps.mainDialog.run(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      // The guide lives in 1:1 chats. Added to a team, the bot says how to make a channel the servicedesk channel.
      const conversationType = context.activity.conversation.conversationType;
      if (conversationType === 'personal') await this.welcomeOnce(context);
      else if (conversationType === 'channel') await context.sendActivity(turnT(context)('servicedeskChannel.installed'));
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((member: ChannelAccount) => member.id === context.activity.recipient.id);
      if (botAdded && context.activity.conversation.conversationType === 'personal') await this.welcomeOnce(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    // Remember the chat for a ticket; not the turn that deletes it.
    const type = context.activity.conversation?.conversationType;
    const personal = type !== 'channel' && type !== 'groupChat';
    const saved = await this.deps.turns.run(context, async (turn) => {
      if (personal && recogniseCommand(turn.activity)?.name !== 'forget') await this.deps.history.capture(turn);
      await super.run(turn);
    });
    // Only a person's message gets the refusal; Teams' own events are sent again by Teams or not needed.
    if (!saved && context.activity.type === ActivityTypes.Message) await context.sendActivity(turnT(context)('concurrentTurns.refused'));
  }

  /** "Verwijder mijn gegevens": the user's and this conversation's state are deleted from the store. */
  private async forget(context: TurnContext): Promise<void> {
    const t = turnT(context);
    await this.deps.conversationState.delete(context);
    await this.deps.userState.delete(context);
    const records = (await this.deps.forgetRecords?.(context.activity.channelId, context.activity.conversation.id)) ?? 0;
    this.deps.logger.info('user data deleted on request', { records });
    await context.sendActivity(t('messages.forgotten'));
  }

  /** Teams (and the playground on every page load) may send install events repeatedly: greet once. */
  private async welcomeOnce(context: TurnContext): Promise<void> {
    const profile = await this.deps.state.profile.get(context, {});
    if (profile.welcomed) return;
    profile.welcomed = true;
    await this.deps.state.profile.set(context, profile);
    const language = turnLanguage(context);
    this.deps.logger.info('welcome sent', { language });
    await context.sendActivity({ attachments: [this.deps.cards.welcome(turnT(context), language)] });
  }
}
