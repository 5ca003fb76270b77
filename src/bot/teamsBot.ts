import {
  ActivityTypes,
  TeamsActivityHandler,
  type Activity,
  type ChannelAccount,
  type ConversationState,
  TurnContext,
  type UserState,
} from 'botbuilder';
import { turnLanguage, turnT } from '../i18n/translator';
import { turnFirstName } from '../state/turnUser';
import type { Command } from '../commands/commands';
import { pressedByTyping, turnMeaning, type Meaning } from '../commands/meaning';
import { CardAction } from '../cards/actions';
import { registerChannel, type ChannelRegistrationDeps } from './channelRegistration';
import type { TeamsHandoff } from './servicedesk';
import type { ConversationHistory } from '../state/conversationHistory';
import type { Logger } from '../core/logger';
import type { StateAccessors } from '../state/botState';
import type { GuideCards } from '../cards/guideCards';
import type { MainDialog } from '../dialogs/mainDialog';
import type { VersionedTurns } from './versionedState';
import type { ButtonsInViewMemory } from './buttonsInView';
import type { RolloutCommands } from './rolloutCommands';
import type { PeopleStore } from '../rollout/peopleStore';

export interface TeamsBotDeps {
  channel: ChannelRegistrationDeps & { handoff: Pick<TeamsHandoff, 'agentAction' | 'agentMessage'> };
  handoff: Pick<TeamsHandoff, 'cancelByUser' | 'rate' | 'relayFromUser'>;
  history: ConversationHistory;
  /** The buttons in front of the user, so that typing what one means presses it. */
  buttonsInView: ButtonsInViewMemory;
  /** Deletes the records kept about one conversation (beyond its state), for "verwijder mijn gegevens". */
  forgetRecords?: (channelId: string, conversationId: string, userObjectId: string | undefined) => Promise<number>;
  conversationState: ConversationState;
  userState: UserState;
  /** Runs each turn on versioned state and saves it (replayed when another instance saved in between). */
  turns: Pick<VersionedTurns, 'run'>;
  state: StateAccessors;
  mainDialog: MainDialog;
  cards: GuideCards;
  /** "uitrol <groep>", "status" and "herinner" in the servicedesk's channel. */
  rollout: Pick<RolloutCommands, 'rollout' | 'status' | 'remind'>;
  /** What the bot knows of each user by object id: their chat (for a rollout) and their one welcome. */
  people: Pick<PeopleStore, 'rememberChat' | 'welcomeIn'>;
  logger: Logger;
}

/** The kinds of Teams conversation: the guide lives in 1:1 chats, channels are the servicedesk's, group chats no one's. */
type Chat = 'personal' | 'channel' | 'groupChat';
const chats: readonly string[] = ['personal', 'channel', 'groupChat'] satisfies Chat[];

type Route = (context: TurnContext, meaning: Meaning) => Promise<unknown>;
type CommandRoute<Name extends Command['name']> = (context: TurnContext, command: Extract<Command, { name: Name }>) => Promise<unknown>;
type CommandRoutes = { [Name in Command['name']]?: CommandRoute<Name> };

/**
 * The router: each activity's meaning is recognised once (turnMeaning) and one table sends it on, by activity and
 * chat. Commands the edge answers itself have an entry here; the conversation's own (help, stop, language...) are
 * MainDialog's interruptions. Each turn runs on versioned state (see VersionedTurns), which saves it; the turn's
 * language is set by LanguageMiddleware.
 */
export class TeamsBot extends TeamsActivityHandler {
  private readonly routes: { message: Record<Chat, Route>; installed: Partial<Record<Chat, Route>>; botAdded: Partial<Record<Chat, Route>> } = {
    message: {
      personal: (context, meaning) => this.personalMessage(context, meaning),
      channel: (context, meaning) => this.channelMessage(context, meaning),
      groupChat: async () => undefined,
    },
    // Added to a team, the bot says how to make a channel the servicedesk channel.
    installed: {
      personal: (context) => this.welcomeOnce(context),
      channel: (context) => context.sendActivity(turnT(context)('servicedeskChannel.installed')),
    },
    botAdded: {
      personal: (context) => this.welcomeOnce(context),
    },
  };

  /** Commands in a personal chat that the edge answers; the rest goes to the conversation. */
  private readonly personalCommands: CommandRoutes = {
    forget: (context, command) => this.forget(context, command.confirmed === true),
    // After a ticket ends, the guide's card comes back, so the way on is in view.
    cancelTicket: async (context, command) => {
      await this.deps.handoff.cancelByUser(context, command.ticket);
      await this.deps.mainDialog.showStepAgain(context);
    },
    rateTicket: async (context, command) => {
      await this.deps.handoff.rate(context, command.data);
      await this.deps.mainDialog.showStepAgain(context);
    },
  };

  /**
   * Commands in a team channel. With ChannelMessage.Read.Group the bot sees every message there, so only a ticket
   * card's buttons, these commands and messages in a ticket thread (passed on while an agent has taken over the chat)
   * are acted on; the rest is left alone.
   */
  private readonly channelCommands: CommandRoutes = {
    register: (context) => registerChannel(context, this.deps.channel),
    rollout: (context, command) => this.deps.rollout.rollout(context, command.group),
    rolloutStatus: (context) => this.deps.rollout.status(context),
    remind: (context) => this.deps.rollout.remind(context),
  };

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.routes.message[chatOf(context.activity) ?? 'personal'](context, turnMeaning(context));
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.route(this.routes.installed, context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((member: ChannelAccount) => member.id === context.activity.recipient.id);
      if (botAdded) await this.route(this.routes.botAdded, context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const meaning = turnMeaning(context);
    const personal = (chatOf(context.activity) ?? 'personal') === 'personal';
    const saved = await this.deps.turns.run(context, async (turn) => {
      if (personal) {
        const reply = typedText(turn.activity, meaning);
        const pressed = reply ? await this.deps.buttonsInView.pressedBy(turn, reply) : undefined;
        if (pressed) pressedByTyping(turn, pressed);
        // Remember the chat for a ticket; not the turn that deletes it.
        if (turnMeaning(turn).command?.name !== 'forget') await this.deps.history.capture(turn, reply);
        this.deps.buttonsInView.capture(turn);
        await this.rememberChat(turn);
      }
      await super.run(turn);
    });
    // Only a person's message gets the refusal; Teams' own events are sent again by Teams or not needed.
    if (!saved && context.activity.type === ActivityTypes.Message) await context.sendActivity(turnT(context)('concurrentTurns.refused'));
  }

  private async route(routes: Partial<Record<Chat, Route>>, context: TurnContext): Promise<void> {
    const chat = chatOf(context.activity);
    if (chat) await routes[chat]?.(context, turnMeaning(context));
  }

  private async personalMessage(context: TurnContext, { command, typed }: Meaning): Promise<void> {
    if (command && !typed && (await runCommand(this.personalCommands, context, command))) return;
    // While an agent has taken over the chat, what the user types goes to the agent, even when it sounds like a button.
    if (await this.deps.handoff.relayFromUser(context)) return;
    if (command && typed && (await runCommand(this.personalCommands, context, command))) return;
    await this.deps.mainDialog.run(context);
  }

  private async channelMessage(context: TurnContext, { command, submit }: Meaning): Promise<void> {
    if (submit?.action === CardAction.ticket) return this.deps.channel.handoff.agentAction(context, submit);
    const meant = command && (!mentionOnly.has(command.name) || mentionsBot(context.activity));
    if (command && meant && (await runCommand(this.channelCommands, context, command))) return;
    await this.deps.channel.handoff.agentMessage(context);
  }

  /** "Verwijder mijn gegevens", once confirmed: the user's and this conversation's state are deleted from the store. */
  private async forget(context: TurnContext, confirmed: boolean): Promise<void> {
    const t = turnT(context);
    if (!confirmed) {
      await context.sendActivity({ attachments: [this.deps.cards.confirmForget(t)] });
      return;
    }
    await this.deps.conversationState.delete(context);
    await this.deps.userState.delete(context);
    const records = (await this.deps.forgetRecords?.(context.activity.channelId, context.activity.conversation.id, context.activity.from?.aadObjectId)) ?? 0;
    this.deps.logger.info('user data deleted on request', { records });
    await context.sendActivity(t('messages.forgotten'));
  }

  /**
   * The user's chat under their object id, so that a rollout can reach them: once per chat (the profile remembers
   * which), and never at the cost of the turn.
   */
  private async rememberChat(context: TurnContext): Promise<void> {
    const objectId = context.activity.from?.aadObjectId;
    const conversationId = context.activity.conversation?.id;
    if (!objectId || !conversationId || context.activity.type === ActivityTypes.Event) return;
    const profile = await this.deps.state.profile.get(context, {});
    if (profile.knownChat === conversationId) return;
    try {
      await this.deps.people.rememberChat(objectId, TurnContext.getConversationReference(context.activity));
      profile.knownChat = conversationId;
      await this.deps.state.profile.set(context, profile);
    } catch (error) {
      this.deps.logger.warn('chat not kept for the rollout', { error: (error as Error).name });
    }
  }

  /**
   * Teams (and the playground on every page load) may send install events repeatedly: greet once. A rollout's
   * invitation is that welcome too (the person's record says so), so a user it reached is not greeted again.
   */
  private async welcomeOnce(context: TurnContext): Promise<void> {
    const profile = await this.deps.state.profile.get(context, {});
    if (profile.welcomed) return;
    profile.welcomed = true;
    await this.deps.state.profile.set(context, profile);
    if (!(await this.firstWelcome(context))) return;
    const language = turnLanguage(context);
    this.deps.logger.info('welcome sent', { language });
    await context.sendActivity({ attachments: [this.deps.cards.welcome(turnT(context), language, turnFirstName(context))] });
  }

  /** Keeps the welcome in the user's person record; false when a rollout wrote to them (that was the welcome). */
  private async firstWelcome(context: TurnContext): Promise<boolean> {
    const objectId = context.activity.from?.aadObjectId;
    if (!objectId) return true;
    try {
      const first = await this.deps.people.welcomeIn(objectId, TurnContext.getConversationReference(context.activity), new Date().toISOString());
      if (!first) this.deps.logger.info('welcome skipped: a rollout invited the user');
      return first;
    } catch (error) {
      this.deps.logger.warn('welcome claim failed', { error: (error as Error).name });
      return true;
    }
  }
}

/**
 * Channel commands that act on many people: only with the bot @mentioned, so that an everyday "status?" or
 * "herinneren" in a thread (a ticket's too) stays a message.
 */
const mentionOnly: ReadonlySet<Command['name']> = new Set(['rollout', 'rolloutStatus', 'remind']);

const mentionsBot = (activity: Activity): boolean => TurnContext.getMentions(activity).some((mention) => mention.mentioned?.id === activity.recipient?.id);

/** The chat an activity comes from, as Teams names it; undefined when it names none (tools without Teams) or another. */
function chatOf(activity: Activity): Chat | undefined {
  const type = activity.conversation?.conversationType;
  return type !== undefined && chats.includes(type) ? (type as Chat) : undefined;
}

/** The person's typed message for the chat history (not a button's). */
function typedText(activity: Activity, meaning: Meaning): string | undefined {
  return activity.type === ActivityTypes.Message && activity.value === undefined ? meaning.text : undefined;
}

/** Runs the command's entry in `routes`; false when it has none. */
async function runCommand(routes: CommandRoutes, context: TurnContext, command: Command): Promise<boolean> {
  const route = routes[command.name] as CommandRoute<typeof command.name> | undefined;
  if (!route) return false;
  await route(context, command);
  return true;
}
