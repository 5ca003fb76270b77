import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Dialog, DialogReason, type DialogContext, type DialogInstance, type DialogTurnResult } from './dialogLibrary';
import { CardAction, stepBoundActions } from '../cards/actions';
import { turnMeaning } from '../commands/meaning';
import { turnLanguage, turnT } from '../i18n/translator';
import type { Logger } from '../core/logger';
import type { StateAccessors } from '../state/botState';
import { turnUpn } from '../state/turnUser';
import { DialogIds } from './dialogIds';
import type { GuideCards } from '../cards/guideCards';
import type { KnowledgeHelp } from './knowledgeHelp';
import type { HandoffResult } from './handoffDialog';
import { findPosition, firstPosition, nextPosition, previousPosition, type Position, type PositionKey } from '../guide/setupGuide';
import { authenticatorCheckedAt, type AuthenticatorCheckStep } from './authenticatorCheck';

export interface GuideOptions {
  /** Where to open the guide; the start when absent. */
  at?: Position;
}

/** The guide's state in the dialog stack: the sub-step whose card the user has in front of them. */
export interface GuideState {
  position: PositionKey;
}

export interface GuideDialogDeps {
  cards: GuideCards;
  help: KnowledgeHelp;
  state: StateAccessors;
  /** Asks Graph whether Step 2 really registered the Authenticator (steps aside when Graph is off). */
  authenticator: AuthenticatorCheckStep;
  /** Told when the user enters another part of the guide or finishes it; never fails the turn. */
  progressMade?: (context: TurnContext, step: string, completed: boolean) => Promise<void>;
  logger: Logger;
}

/**
 * The guided 2FA setup, one card per sub-step of the manual (checklist, Authenticator, MFA setup, FortiClient, done).
 * The card's buttons move the position: next and back (across parts), problem shows that sub-step's known problems
 * and stays. Showing the "done" card ends the guide.
 */
export class GuideDialog extends Dialog<GuideOptions> {
  constructor(private readonly deps: GuideDialogDeps) {
    super(DialogIds.guide);
  }

  /** Whether a stored guide state is one this version can continue (its position still exists). */
  static canContinue(state: unknown): boolean {
    return findPosition((state as Partial<GuideState> | undefined)?.position) !== undefined;
  }

  override async beginDialog(dc: DialogContext, options?: GuideOptions): Promise<DialogTurnResult> {
    return this.moveTo(dc, options?.at ?? firstPosition());
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const context = dc.context;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const current = this.positionOf(dc.activeDialog!);
    const { submit, text, typed } = turnMeaning(context);

    // A typed "gelukt" answers the card the user is at; only a pressed button can be an old one.
    if (submit && !typed && stepBoundActions.includes(submit.action) && submit.step !== current.key) {
      // A forged or unknown step is logged as absent, never as sent.
      this.deps.logger.info('stale card action', { action: submit.action, cardStep: findPosition(submit.step)?.key, currentStep: current.key });
      await context.sendActivity(turnT(context)('messages.staleButton'));
      return this.moveTo(dc, current);
    }

    switch (submit?.action) {
      case CardAction.next:
        // At the end of Step 2, Graph confirms the registration first; "Toch verder" (confirmed) goes on without it.
        if (current.key === authenticatorCheckedAt && !submit.confirmed && this.deps.authenticator.enabled) return this.confirmAuthenticator(dc, current);
        return this.moveTo(dc, nextPosition(current));
      case CardAction.checkAuthenticator:
        // Only the card of the end of Step 2 has it, and only with Graph configured: anything else is an old or forged button.
        if (current.key !== authenticatorCheckedAt || !this.deps.authenticator.enabled) {
          await context.sendActivity(turnT(context)('messages.staleButton'));
          return this.moveTo(dc, current);
        }
        return this.confirmAuthenticator(dc, current);
      case CardAction.back: {
        const previous = previousPosition(current);
        if (!previous) await context.sendActivity(turnT(context)('messages.alreadyAtFirstStep'));
        return this.moveTo(dc, previous ?? current);
      }
      case CardAction.problem:
        await this.showProblems(context, current);
        return Dialog.EndOfTurn;
      case CardAction.showStep:
      case CardAction.resume:
        return this.moveTo(dc, current);
      default:
        if (!text || submit) {
          await context.sendActivity(turnT(context)('messages.notUnderstood'));
          return this.moveTo(dc, current);
        }
        // A question at this step: its answer, and the step's card again when the answer is a dead end.
        if ((await this.deps.help.answerQuestion(context, text, current)) === 'showStep') await this.showSubStep(context, current);
        return Dialog.EndOfTurn;
    }
  }

  /**
   * "Gelukt" at the end of Step 2 with Graph configured: a registration found is confirmed by device name and the
   * guide goes on; none found keeps the user here with the likely causes; no answer from Graph trusts the user.
   */
  private async confirmAuthenticator(dc: DialogContext, current: Position): Promise<DialogTurnResult> {
    const context = dc.context;
    const t = turnT(context);
    // Always asked afresh: this is the moment a day-old "registered" (an old phone's) would mislead.
    const finding = await this.deps.authenticator.check(context, true);
    if (finding.kind === 'none') {
      await context.sendActivity({
        attachments: [this.deps.cards.authenticatorMissing(t, turnLanguage(context), current)],
        summary: t('authenticator.missing.heading'),
      });
      return Dialog.EndOfTurn;
    }
    if (finding.kind === 'registered') await context.sendActivity(this.deps.cards.authenticatorRegistered(t, turnLanguage(context), finding.devices));
    return this.moveTo(dc, nextPosition(current));
  }

  /** Shows the current card again (after help, a language switch or "verder"). */
  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.showSubStep(context, this.positionOf(instance));
  }

  /** Back from the servicedesk handoff on top: show the step again, unless the handoff said not to. */
  override async resumeDialog(dc: DialogContext, _reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    if ((result as HandoffResult | undefined)?.showStep !== false) await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  /** Shows the card of `position` and waits there; the "done" card (or none after it) ends the guide. */
  private async moveTo(dc: DialogContext, position: Position | undefined): Promise<DialogTurnResult> {
    if (!position) return dc.endDialog();
    (dc.activeDialog!.state as GuideState).position = position.key;
    await this.showSubStep(dc.context, position);
    // The last part only congratulates: it ends the guide without waiting for a button.
    return position.part.id === 'done' ? dc.endDialog() : Dialog.EndOfTurn;
  }

  private positionOf(instance: DialogInstance): Position {
    // MainDialog clears stacks whose position this version does not know, so it is found here.
    return findPosition((instance.state as GuideState).position)!;
  }

  private async showSubStep(context: TurnContext, position: Position): Promise<void> {
    const t = turnT(context);
    await context.sendActivity({
      attachments: [this.deps.cards.step(t, turnLanguage(context), position, turnUpn(context))],
      // Shown in notifications and chat previews, where the card itself is not.
      summary: this.deps.cards.summary(t, turnLanguage(context), position),
    });
    const completed = position.part.id === 'done';
    const before = findPosition((await this.deps.state.progress.get(context))?.step);
    await this.deps.state.progress.set(context, { step: position.key, updatedAt: new Date().toISOString(), completed });
    if (before?.part.id !== position.part.id) await this.deps.progressMade?.(context, position.key, completed);
  }

  private async showProblems(context: TurnContext, position: Position): Promise<void> {
    this.deps.logger.info('problem shown', { step: position.key, intents: position.subStep.problems });
    await context.sendActivity({ attachments: [this.deps.cards.problems(turnT(context), turnLanguage(context), position)] });
  }
}
