import { ActivityTypes, type Attachment, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogEvents,
  DialogSet,
  DialogTurnStatus,
  type DialogContext,
  type DialogEvent,
  type DialogInstance,
  type DialogState,
  type DialogTurnResult,
} from './dialogLibrary';
import type { i18n } from 'i18next';
import { CardAction, HandoffChoice, stepBoundActions } from '../cards/actions';
import { setTurnTranslation, translatorFor, turnLanguage, turnT } from '../i18n/translator';
import type { Logger } from '../core/logger';
import type { StateAccessors } from '../state/botState';
import type { Command } from '../commands/commands';
import { turnMeaning, typedAgain } from '../commands/meaning';
import { DialogIds } from './dialogIds';
import type { GuideCards } from '../cards/guideCards';
import type { KnowledgeHelp } from './knowledgeHelp';
import { GuideDialog, type GuideDialogDeps, type GuideOptions } from './guideDialog';
import { findPosition, firstPosition, type Position } from '../guide/setupGuide';
import { HandoffDialog, type HandoffDialogDeps, type HandoffOptions, type HandoffResult } from './handoffDialog';
import { AuthenticatorCheckStep } from './authenticatorCheck';
import type { UserDirectory } from '../graph/directory';
import { turnFirstName } from '../state/turnUser';

/** How the root starts: normally from the user's message; `resumeAt` opens the guide at a step (a hand-back from the servicedesk). */
export interface MainOptions {
  resumeAt?: Position;
}

export interface MainDialogDeps {
  handoff: Omit<HandoffDialogDeps, 'cards' | 'state' | 'logger'>;
  cards: GuideCards;
  help: KnowledgeHelp;
  state: StateAccessors;
  i18n: i18n;
  /** Microsoft Graph's view of the user, to confirm Step 2 (graphOff when Graph is not configured). */
  directory: UserDirectory;
  /** Told when the user reaches another part of the guide (the rollout's funnel follows it). */
  progressMade?: GuideDialogDeps['progressMade'];
  logger: Logger;
  now?: () => Date;
}

/** What is going on when a command comes in: the guide, the servicedesk question on top of it, both or neither. */
interface Scene {
  /** The main dialog's own dialogs: the guide and the servicedesk handoff. */
  dc: DialogContext;
  /** The guide runs (perhaps under the handoff). */
  inGuide: boolean;
  /** The servicedesk question is open (always the top dialog). */
  inHandoff: boolean;
}

type Interruption<Name extends Command['name']> = (scene: Scene, command: Extract<Command, { name: Name }>) => Promise<DialogTurnResult>;

/**
 * The conversation's root: answers start, help, stop, greetings, language switches, the servicedesk and knowledge
 * buttons at any moment (in the guide, in the servicedesk question or outside both) from one table, and otherwise
 * hands the turn to the running dialog, or answers it itself when none runs.
 */
export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: MainDialogDeps) {
    super(DialogIds.main);
    const authenticator = new AuthenticatorCheckStep({ directory: deps.directory, state: deps.state, logger: deps.logger, now: deps.now });
    this.addDialog(new GuideDialog({ cards: deps.cards, help: deps.help, state: deps.state, authenticator, progressMade: deps.progressMade, logger: deps.logger }));
    this.addDialog(new HandoffDialog({ ...deps.handoff, cards: deps.cards, state: deps.state, logger: deps.logger }));
  }

  /** Runs one turn: continues the active dialog or starts the root. */
  async run(context: TurnContext): Promise<void> {
    const dc = await this.rootContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /** Shows the guide's card again when the guide is what runs (after a ticket was cancelled or rated). */
  async showStepAgain(context: TurnContext): Promise<void> {
    const dc = await this.rootContext(context);
    const inner = dc.activeDialog?.id === this.id ? innerStack(dc.activeDialog) : undefined;
    if (inner?.at(-1)?.id === DialogIds.guide) await dc.repromptDialog();
  }

  /** Opens the guide at `position`, whatever the conversation was doing (the servicedesk hands the user back). */
  async resumeAt(context: TurnContext, position: Position): Promise<void> {
    const dc = await this.rootContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(this.id, { resumeAt: position } satisfies MainOptions);
  }

  override async continueDialog(outer: DialogContext): Promise<DialogTurnResult> {
    if (canContinue(outer.activeDialog!)) return super.continueDialog(outer);
    // Stored by an older version (its guide was 'setup' with a waterfall per part): start afresh, as if nothing ran.
    // Where the user was in the guide is kept in their progress, so the answer still offers to go on there.
    this.deps.logger.info('dialog stack of an older version cleared');
    outer.activeDialog!.state = {};
    return this.beginDialog(outer);
  }

  /**
   * The SDK flags a stored stack whose set of dialogs differs from this version's; left unhandled that fails the turn.
   * Whether the stack can go on is decided by what it holds instead (continueDialog above).
   */
  protected override async onPreBubbleEvent(dc: DialogContext, event: DialogEvent): Promise<boolean> {
    return event.name === DialogEvents.versionChanged || super.onPreBubbleEvent(dc, event);
  }

  /** Nothing runs yet: a hand-back opens the guide, anything else is a command or a question. */
  protected override async onBeginDialog(inner: DialogContext, options?: MainOptions): Promise<DialogTurnResult> {
    if (options?.resumeAt) return inner.beginDialog(DialogIds.guide, { at: options.resumeAt } satisfies GuideOptions);
    // A guide card's words typed after the guide stopped: "verder" / "gelukt" means going on where the user was;
    // the others are words again, as if no card were there.
    const { typed, submit } = turnMeaning(inner.context);
    if (typed && submit?.action === CardAction.next) {
      if ((await this.progressOf(inner.context)).unfinished) return this.showStep({ dc: inner, inGuide: false, inHandoff: false });
      // "Gelukt!" under the end card: the guide is done, nothing to go on with.
      await inner.context.sendActivity(turnT(inner.context)('messages.smallTalk'));
      return { status: DialogTurnStatus.complete };
    }
    if (typed && submit && stepBoundActions.includes(submit.action)) typedAgain(inner.context);
    return (await this.interrupt({ dc: inner, inGuide: false, inHandoff: false })) ?? this.answerOutsideDialogs(inner.context);
  }

  /** The guide or the handoff runs: a command interrupts it; everything else goes to the running dialog. */
  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    if (inner.context.activity.type !== ActivityTypes.Message) return super.onContinueDialog(inner);
    const scene = {
      dc: inner,
      inGuide: inner.stack.some((instance) => instance.id === DialogIds.guide),
      inHandoff: inner.activeDialog?.id === DialogIds.handoff,
    };
    return (await this.interrupt(scene)) ?? super.onContinueDialog(inner);
  }

  /** The turn's command handled for this scene, or undefined when the message is not an interruption. */
  private async interrupt(scene: Scene): Promise<DialogTurnResult | undefined> {
    const context = scene.dc.context;
    if (!scene.inHandoff && (await this.isRepeatedConsent(context))) {
      return scene.dc.beginDialog(DialogIds.handoff, { inFlow: scene.inGuide } satisfies HandoffOptions);
    }
    const command = turnMeaning(context).command;
    if (!command) return undefined;
    const interruption = this.interruptions[command.name] as Interruption<typeof command.name> | undefined;
    return interruption?.(scene, command);
  }

  /** Every command the conversation answers at any moment: one entry each, told what is running. */
  private readonly interruptions: { [Name in Command['name']]?: Interruption<Name> } = {
    stop: async ({ dc }) => {
      await dc.cancelAllDialogs();
      await dc.context.sendActivity(turnT(dc.context)('messages.stopped'));
      return { status: DialogTurnStatus.cancelled };
    },
    help: async (scene) => {
      await scene.dc.context.sendActivity({ attachments: [this.deps.cards.help(turnT(scene.dc.context), turnLanguage(scene.dc.context), running(scene))] });
      return this.backToStep(scene);
    },
    servicedesk: async (scene) => {
      if (!scene.inHandoff) return scene.dc.beginDialog(DialogIds.handoff, { inFlow: scene.inGuide } satisfies HandoffOptions);
      await scene.dc.repromptDialog();
      return Dialog.EndOfTurn;
    },
    start: async (scene) => {
      const { position, unfinished } = await this.progressOf(scene.dc.context);
      if (running(scene) || unfinished) return this.reply(scene, this.resumeCard(scene.dc.context, position));
      return scene.dc.beginDialog(DialogIds.guide, {} satisfies GuideOptions);
    },
    greeting: async (scene) => {
      const context = scene.dc.context;
      const { position, unfinished } = await this.progressOf(context);
      if (!running(scene) && !unfinished) return this.reply(scene, this.welcomeCard(context));
      await context.sendActivity(this.deps.cards.greeting(turnT(context), turnFirstName(context)));
      if (onlyGuide(scene)) return this.backToStep(scene);
      return this.reply(scene, this.resumeCard(context, position));
    },
    resume: async (scene) => this.showStep(scene),
    showStep: async (scene) => this.showStep(scene),
    restart: async (scene, command) => {
      const { dc } = scene;
      const { position, unfinished } = await this.progressOf(dc.context);
      // Someone on their way loses their place: ask once, and again when they moved on since.
      const mustAsk = unfinished && position !== undefined && position.key !== firstPosition().key;
      if (mustAsk && !(command.confirmed && command.step === position.key)) {
        return this.reply(scene, this.deps.cards.confirmRestart(turnT(dc.context), position));
      }
      await dc.cancelAllDialogs();
      await this.deps.state.progress.delete(dc.context);
      return dc.beginDialog(DialogIds.guide, {} satisfies GuideOptions);
    },
    dismiss: async (scene) => {
      const context = scene.dc.context;
      await context.sendActivity(turnT(context)('confirm.dismissed'));
      if (onlyGuide(scene)) return this.backToStep(scene);
      const { position, unfinished } = await this.progressOf(context);
      return unfinished ? this.reply(scene, this.resumeCard(context, position)) : this.done(scene);
    },
    language: async (scene, command) => {
      const context = scene.dc.context;
      await this.switchLanguage(context, command);
      if (!running(scene)) return this.reply(scene, this.welcomeCard(context));
      await scene.dc.repromptDialog();
      return Dialog.EndOfTurn;
    },
    knowledge: async (scene, command) => {
      if ((await this.deps.help.handleAction(scene.dc.context, command.data, running(scene))) === 'showStep') await scene.dc.repromptDialog();
      return this.done(scene);
    },
  };

  /** After an interruption in the guide, its card again, so the way on is in view (not under the servicedesk question). */
  private async backToStep(scene: Scene): Promise<DialogTurnResult> {
    if (onlyGuide(scene)) await scene.dc.repromptDialog();
    return this.done(scene);
  }

  /** "Verder" / "toon de stap": back to the card of the guide, leaving the servicedesk question. */
  private async showStep(scene: Scene): Promise<DialogTurnResult> {
    const { dc } = scene;
    if (scene.inHandoff && scene.inGuide) return dc.endDialog({ showStep: true } satisfies HandoffResult);
    if (scene.inGuide) {
      await dc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    // The servicedesk question alone, or nothing: drop the question and open the guide where the user was.
    await dc.cancelAllDialogs();
    const { position, unfinished } = await this.progressOf(dc.context);
    return dc.beginDialog(DialogIds.guide, { at: unfinished ? position : undefined } satisfies GuideOptions);
  }

  /** A message that is no command while nothing runs. */
  private async answerOutsideDialogs(context: TurnContext): Promise<DialogTurnResult> {
    const { submit, text } = turnMeaning(context);
    const t = turnT(context);
    const { position, unfinished } = await this.progressOf(context);
    const card = unfinished ? this.resumeCard(context, position) : this.welcomeCard(context);
    if (submit) {
      // A guide button from a conversation that has ended (stopped, finished or restarted).
      this.deps.logger.info('card action outside the guide', { action: submit.action });
      await context.sendActivity(t('messages.staleOutsideFlow'));
    } else if (text) {
      // A question outside the guide: answer it from the knowledge base; the guide stays where it was, and after a
      // dead end its card (or the welcome) comes back.
      if ((await this.deps.help.answerQuestion(context, text)) === 'wait') return { status: DialogTurnStatus.complete };
    } else {
      await context.sendActivity(t(unfinished ? 'messages.notUnderstood' : 'messages.notUnderstoodOutsideFlow'));
    }
    await context.sendActivity({ attachments: [card] });
    return { status: DialogTurnStatus.complete };
  }

  /**
   * "Ja, verstuur" again after its question ended, while the chat has an open ticket: Teams delivered it again
   * after the bot was killed before the answer went out. The handoff then shows that ticket, so the user learns its number.
   */
  private async isRepeatedConsent(context: TurnContext): Promise<boolean> {
    const submit = turnMeaning(context).submit;
    if (submit?.action !== CardAction.handoff || submit.choice !== HandoffChoice.consent) return false;
    return (await this.deps.handoff.handoff.activeTicket(context)) !== undefined;
  }

  /** Sends a card; a running dialog then waits on, while with none running the root is done. */
  private async reply(scene: Scene, attachment: Attachment): Promise<DialogTurnResult> {
    await scene.dc.context.sendActivity({ attachments: [attachment] });
    return this.done(scene);
  }

  private done(scene: Scene): DialogTurnResult {
    return running(scene) ? Dialog.EndOfTurn : { status: DialogTurnStatus.complete };
  }

  private async progressOf(context: TurnContext): Promise<{ position?: Position; unfinished: boolean }> {
    const progress = await this.deps.state.progress.get(context);
    const position = findPosition(progress?.step);
    return { position, unfinished: position !== undefined && !progress?.completed };
  }

  /** "Je was bij stap 2 – verder?", greeting the user by first name when Graph gave one. */
  private resumeCard(context: TurnContext, position: Position | undefined): Attachment {
    return this.deps.cards.resume(turnT(context), turnLanguage(context), position, turnFirstName(context));
  }

  /** The welcome, greeting the user by first name when Graph gave one. */
  private welcomeCard(context: TurnContext): Attachment {
    return this.deps.cards.welcome(turnT(context), turnLanguage(context), turnFirstName(context));
  }

  private async rootContext(context: TurnContext): Promise<DialogContext> {
    const dialogSet = new DialogSet(this.deps.state.dialogState);
    dialogSet.add(this);
    return dialogSet.createContext(context);
  }

  private async switchLanguage(context: TurnContext, command: Extract<Command, { name: 'language' }>): Promise<void> {
    const profile = await this.deps.state.profile.get(context, {});
    profile.language = command.language;
    await this.deps.state.profile.set(context, profile);
    const t = translatorFor(this.deps.i18n, command.language);
    setTurnTranslation(context, command.language, t);
    await context.sendActivity(t('messages.languageChanged'));
  }
}

const running = (scene: Scene): boolean => scene.inGuide || scene.inHandoff;
/** The guide is the dialog on top: its card is the one to come back to. */
const onlyGuide = (scene: Scene): boolean => scene.inGuide && !scene.inHandoff;

/** The dialogs running inside the root (the guide, the handoff on top), as stored; undefined when it holds none. */
function innerStack(root: DialogInstance): DialogInstance[] | undefined {
  const inner = (root.state as { dialogs?: Partial<DialogState> } | undefined)?.dialogs?.dialogStack;
  return Array.isArray(inner) ? inner : undefined;
}

/** Whether the root's stored inner stack holds only dialogs of this version (the guide and the handoff) in a state it knows. */
function canContinue(root: DialogInstance): boolean {
  const inner = innerStack(root);
  if (!inner) return false;
  return inner.every((instance) => instance.id === DialogIds.handoff || (instance.id === DialogIds.guide && GuideDialog.canContinue(instance.state)));
}
