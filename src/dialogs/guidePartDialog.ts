import { ActivityTypes, type TurnContext } from 'botbuilder';
import {
  Dialog,
  DialogReason,
  WaterfallDialog,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { randomUUID } from 'node:crypto';
import { CardAction, readSubmitData, stepBoundActions } from '../cards/actions';
import { turnLanguage, turnT } from '../i18n/translator';
import type { Logger } from '../core/logger';
import type { StateAccessors } from '../state/botState';
import { DialogIds } from './dialogIds';
import type { GuideCards } from '../cards/guideCards';
import type { KnowledgeHelp } from './knowledgeHelp';
import { findPosition, positionAt, setupGuide, type Position } from '../guide/setupGuide';

export interface PartOptions {
  /** Sub-step to open at: an index, or "last" when the user stepped back from the next part. */
  startAt?: number | 'last';
}

/** Result of the whole guide, returned when the user reaches the end. */
export interface SetupResult {
  completed: true;
}

interface WaterfallState {
  stepIndex: number;
  options: PartOptions;
  values: Record<string, unknown>;
}

export interface GuidePartDeps {
  cards: GuideCards;
  help: KnowledgeHelp;
  state: StateAccessors;
  logger: Logger;
}

/**
 * One part of the manual as a waterfall: each waterfall step shows one sub-step card and waits.
 * The card's buttons steer it: next runs the following step, back the previous one (across parts),
 * problem shows that sub-step's known problems and stays.
 */
export class GuidePartDialog extends WaterfallDialog<PartOptions> {
  private readonly partIndex: number;

  constructor(
    partIndex: number,
    private readonly deps: GuidePartDeps,
  ) {
    const part = setupGuide[partIndex];
    super(DialogIds.part(part.id));
    this.partIndex = partIndex;
    part.subSteps.forEach((subStep, subStepIndex) => {
      const showStep = async (step: WaterfallStepContext<PartOptions>): Promise<DialogTurnResult> => {
        await this.showSubStep(step.context, subStepIndex);
        // The last part only congratulates: it ends the guide without waiting for a button.
        return part.id === 'done' ? step.next() : Dialog.EndOfTurn;
      };
      Object.defineProperty(showStep, 'name', { value: `${subStep.id}Step` });
      this.addStep(showStep);
    });
  }

  private get part() {
    return setupGuide[this.partIndex];
  }

  override async beginDialog(dc: DialogContext, options?: PartOptions): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as WaterfallState;
    state.options = options ?? {};
    state.values = { instanceId: randomUUID() };
    const last = this.part.subSteps.length - 1;
    const start = options?.startAt === 'last' ? last : Math.min(Math.max(options?.startAt ?? 0, 0), last);
    return this.runStep(dc, start, DialogReason.beginCalled);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const index = (dc.activeDialog!.state as WaterfallState).stepIndex;
    const current = positionAt(this.partIndex, index);
    const submit = readSubmitData(dc.context.activity.value);

    if (submit && stepBoundActions.includes(submit.action) && submit.step !== current.key) {
      // A forged or unknown step is logged as absent, never as sent.
      this.deps.logger.info('stale card action', { action: submit.action, cardStep: findPosition(submit.step)?.key, currentStep: current.key });
      await dc.context.sendActivity(turnT(dc.context)('messages.staleButton'));
      return this.runStep(dc, index, DialogReason.continueCalled);
    }

    switch (submit?.action) {
      case CardAction.next:
        return index + 1 < this.part.subSteps.length ? this.runStep(dc, index + 1, DialogReason.continueCalled) : this.leavePart(dc, 'forward');
      case CardAction.back:
        return index > 0 ? this.runStep(dc, index - 1, DialogReason.continueCalled) : this.leavePart(dc, 'back');
      case CardAction.problem:
        await this.showProblems(dc.context, current);
        return Dialog.EndOfTurn;
      case CardAction.showStep:
      case CardAction.resume:
        return this.runStep(dc, index, DialogReason.continueCalled);
      default: {
        const text = dc.context.activity.text?.trim();
        if (text && !submit) await this.deps.help.answerQuestion(dc.context, text, current);
        else await dc.context.sendActivity(turnT(dc.context)('messages.notUnderstood'));
        return Dialog.EndOfTurn;
      }
    }
  }

  /** Shows the current card again (after help, a language switch or "verder"). */
  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.showSubStep(context, (instance.state as WaterfallState).stepIndex);
  }

  private async leavePart(dc: DialogContext, direction: 'forward' | 'back'): Promise<DialogTurnResult> {
    const target = this.partIndex + (direction === 'forward' ? 1 : -1);
    if (target >= setupGuide.length) return dc.endDialog({ completed: true } satisfies SetupResult);
    if (target < 0) {
      await dc.context.sendActivity(turnT(dc.context)('messages.alreadyAtFirstStep'));
      return this.runStep(dc, 0, DialogReason.continueCalled);
    }
    const options: PartOptions = { startAt: direction === 'forward' ? 0 : 'last' };
    return dc.replaceDialog(DialogIds.part(setupGuide[target].id), options);
  }

  private async showSubStep(context: TurnContext, subStepIndex: number): Promise<void> {
    const position = positionAt(this.partIndex, subStepIndex);
    const t = turnT(context);
    await context.sendActivity({
      attachments: [this.deps.cards.step(t, turnLanguage(context), position)],
      // Shown in notifications and chat previews, where the card itself is not.
      summary: `${this.deps.cards.progressLabel(t, position)}: ${this.deps.cards.stepTitle(t, turnLanguage(context), position)}`,
    });
    await this.deps.state.progress.set(context, {
      step: position.key,
      updatedAt: new Date().toISOString(),
      completed: position.part.id === 'done',
    });
  }

  private async showProblems(context: TurnContext, position: Position): Promise<void> {
    this.deps.logger.info('problem shown', { step: position.key, intents: position.subStep.problems });
    await context.sendActivity({ attachments: [this.deps.cards.problems(turnT(context), turnLanguage(context), position)] });
  }
}
