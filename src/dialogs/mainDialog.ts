import { ActivityTypes, type Attachment, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { i18n } from 'i18next';
import { CardAction, HandoffChoice, readSubmitData } from '../cards/actions';
import { setTurnTranslation, translatorFor, turnLanguage, turnT } from '../i18n/translator';
import type { Logger } from '../core/logger';
import type { StateAccessors } from '../state/botState';
import { recogniseCommand, type Command } from '../commands/commands';
import { DialogIds } from './dialogIds';
import type { GuideCards } from '../cards/guideCards';
import type { KnowledgeHelp } from './knowledgeHelp';
import { SetupDialog, type SetupOptions } from './setupDialog';
import { findPosition, type Position } from '../guide/setupGuide';
import { HandoffDialog, type HandoffDialogDeps, type HandoffOptions, type HandoffResult } from './handoffDialog';

/** How the root starts: normally from the user's message; `resumeAt` opens the guide at a step (a hand-back from the servicedesk). */
export interface MainOptions {
  resumeAt?: string;
}

export interface MainDialogDeps {
  handoff: Omit<HandoffDialogDeps, 'cards' | 'state' | 'logger'>;
  cards: GuideCards;
  help: KnowledgeHelp;
  state: StateAccessors;
  i18n: i18n;
  logger: Logger;
}

/**
 * The conversation's root: answers start, help, stop, greetings and language switches at any
 * moment (also in the middle of the guide) and otherwise hands the turn to the guide.
 */
export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: MainDialogDeps) {
    super(DialogIds.main);
    this.addDialog(new SetupDialog({ cards: deps.cards, help: deps.help, state: deps.state, logger: deps.logger }));
    this.addDialog(new HandoffDialog({ ...deps.handoff, cards: deps.cards, state: deps.state, logger: deps.logger }));
    this.addDialog(new WaterfallDialog(DialogIds.mainRoute, [this.routeStep.bind(this), this.afterSetupStep.bind(this)]));
    this.initialDialogId = DialogIds.mainRoute;
  }

  /** Runs one turn: continues the active dialog or starts the root. */
  async run(context: TurnContext): Promise<void> {
    const dialogSet = new DialogSet(this.deps.state.dialogState);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /** Opens the guide at `position`, whatever the conversation was doing (the servicedesk hands the user back). */
  async resumeAt(context: TurnContext, position: Position): Promise<void> {
    const dialogSet = new DialogSet(this.deps.state.dialogState);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(this.id, { resumeAt: position.key } satisfies MainOptions);
  }

  /** Commands that interrupt the guide; everything else goes to the active part. */
  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    const context = inner.context;
    if (context.activity.type !== ActivityTypes.Message) return super.onContinueDialog(inner);
    if (inner.activeDialog?.id !== DialogIds.handoff && (await this.isRepeatedConsent(context))) {
      return inner.beginDialog(DialogIds.handoff, { inFlow: this.inGuide(inner) } satisfies HandoffOptions);
    }
    const command = recogniseCommand(context.activity);
    const t = () => turnT(context);
    const send = (attachment: Attachment) => context.sendActivity({ attachments: [attachment] });
    switch (command?.name) {
      case 'stop':
        await inner.cancelAllDialogs();
        await context.sendActivity(t()('messages.stopped'));
        return { status: DialogTurnStatus.cancelled };
      case 'help':
        await send(this.deps.cards.help(t(), turnLanguage(context), true));
        return { status: DialogTurnStatus.waiting };
      case 'servicedesk':
        if (inner.activeDialog?.id === DialogIds.handoff) {
          await inner.repromptDialog();
          return { status: DialogTurnStatus.waiting };
        }
        return inner.beginDialog(DialogIds.handoff, { inFlow: this.inGuide(inner) } satisfies HandoffOptions);
      case 'start':
      case 'greeting':
        await this.sendResumeCard(context, command.name === 'greeting');
        return { status: DialogTurnStatus.waiting };
      case 'resume':
      case 'showStep':
        if (inner.activeDialog?.id === DialogIds.handoff) {
          // Back to the guide from the servicedesk question: drop the question.
          if (this.inGuide(inner)) return inner.endDialog({ showStep: true } satisfies HandoffResult);
          await inner.cancelAllDialogs();
          return inner.beginDialog(DialogIds.mainRoute);
        }
        await inner.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'restart':
        await inner.cancelAllDialogs();
        await this.deps.state.progress.delete(context);
        return inner.beginDialog(DialogIds.mainRoute);
      case 'language':
        await this.switchLanguage(context, command);
        await inner.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'knowledge':
        if ((await this.deps.help.handleAction(context, command.data, true)) === 'showStep') await inner.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      default:
        return super.onContinueDialog(inner);
    }
  }

  /**
   * "Ja, verstuur" again after its question ended, while the chat has an open ticket: Teams delivered it again
   * after the bot was killed before the answer went out. The handoff then shows that ticket, so the user learns its number.
   */
  private async isRepeatedConsent(context: TurnContext): Promise<boolean> {
    const submit = readSubmitData(context.activity.value);
    if (submit?.action !== CardAction.handoff || submit.choice !== HandoffChoice.consent) return false;
    return (await this.deps.handoff.handoff.activeTicket(context)) !== undefined;
  }

  private inGuide(inner: DialogContext): boolean {
    return inner.stack.some((instance) => instance.id === DialogIds.setup);
  }

  /** First turn of a conversation with no guide running: decide what the message asks for. */
  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const resumeAt = findPosition((step.options as MainOptions | undefined)?.resumeAt);
    if (resumeAt) return step.beginDialog(DialogIds.setup, { at: resumeAt } satisfies SetupOptions);
    if (await this.isRepeatedConsent(context)) return step.beginDialog(DialogIds.handoff, { inFlow: false } satisfies HandoffOptions);
    const command = recogniseCommand(context.activity);
    const progress = await this.deps.state.progress.get(context);
    const position = findPosition(progress?.step);
    const unfinished = position !== undefined && !progress?.completed;
    const t = turnT(context);
    const language = turnLanguage(context);

    switch (command?.name) {
      case 'start':
        if (unfinished) return this.endWith(step, this.deps.cards.resume(t, language, position));
        return step.beginDialog(DialogIds.setup, {} satisfies SetupOptions);
      case 'resume':
      case 'showStep':
        return step.beginDialog(DialogIds.setup, { at: unfinished ? position : undefined } satisfies SetupOptions);
      case 'restart':
        await this.deps.state.progress.delete(context);
        return step.beginDialog(DialogIds.setup, {} satisfies SetupOptions);
      case 'help':
        return this.endWith(step, this.deps.cards.help(t, language, false));
      case 'servicedesk':
        return step.beginDialog(DialogIds.handoff, { inFlow: false } satisfies HandoffOptions);
      case 'stop':
        await context.sendActivity(t('messages.stopped'));
        return step.endDialog();
      case 'language':
        await this.switchLanguage(context, command);
        return this.endWith(step, this.deps.cards.welcome(turnT(context), turnLanguage(context)));
      case 'greeting':
        if (unfinished) {
          await context.sendActivity(t('messages.greeting'));
          return this.endWith(step, this.deps.cards.resume(t, language, position));
        }
        return this.endWith(step, this.deps.cards.welcome(t, language));
      case 'knowledge':
        await this.deps.help.handleAction(context, command.data, false);
        return step.endDialog();
      default: {
        const submit = readSubmitData(context.activity.value);
        if (submit) {
          // A guide button from a conversation that has ended (stopped, finished or restarted).
          this.deps.logger.info('card action outside the guide', { action: submit.action });
          await context.sendActivity(t('messages.staleOutsideFlow'));
          return this.endWith(step, unfinished ? this.deps.cards.resume(t, language, position) : this.deps.cards.welcome(t, language));
        }
        if (context.activity.text?.trim()) {
          // A question outside the guide: answer it from the knowledge base; the guide stays where it was.
          await this.deps.help.answerQuestion(context, context.activity.text.trim());
          return step.endDialog();
        }
        await context.sendActivity(t(unfinished ? 'messages.notUnderstood' : 'messages.notUnderstoodOutsideFlow'));
        return this.endWith(step, unfinished ? this.deps.cards.resume(t, language, position) : this.deps.cards.welcome(t, language));
      }
    }
  }

  private async afterSetupStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }

  private async endWith(step: WaterfallStepContext, attachment: Attachment): Promise<DialogTurnResult> {
    await step.context.sendActivity({ attachments: [attachment] });
    return step.endDialog();
  }

  private async sendResumeCard(context: TurnContext, greet: boolean): Promise<void> {
    const progress = await this.deps.state.progress.get(context);
    const t = turnT(context);
    if (greet) await context.sendActivity(t('messages.greeting'));
    await context.sendActivity({ attachments: [this.deps.cards.resume(t, turnLanguage(context), findPosition(progress?.step))] });
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
