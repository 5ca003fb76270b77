import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from './dialogLibrary';
import { CardAction, HandoffChoice, stepBoundActions } from '../cards/actions';
import { turnLanguage, turnT } from '../i18n/translator';
import { redact } from '../privacy/redact';
import type { Logger } from '../core/logger';
import type { Ticket } from '../tickets/ticket';
import type { TicketRequest } from '../handoff/userSide';
import type { StateAccessors } from '../state/botState';
import type { ConversationHistory } from '../state/conversationHistory';
import { turnMeaning } from '../commands/meaning';
import { turnUpn } from '../state/turnUser';
import { beginsWithNo, isSmallTalk } from '../commands/replies';
import { DialogIds } from './dialogIds';
import type { GuideCards } from '../cards/guideCards';
import type { TicketCards } from '../cards/ticketCards';

/** What the dialog asks of the servicedesk handoff on the user's turn (src/bot/servicedesk.ts). */
export interface TicketDesk {
  activeTicket(context: TurnContext): Promise<Ticket | undefined>;
  createTicket(context: TurnContext, request: TicketRequest): Promise<Ticket>;
}

export interface HandoffOptions {
  /** Asked from inside the guide: afterwards the user can go back to their step. */
  inFlow: boolean;
}

/** Whether the guide's current card should be shown again when the handoff ends. */
export interface HandoffResult {
  showStep: boolean;
}

type Stage = 'ask' | 'describe' | 'consent';

interface HandoffState {
  stage: Stage;
  inFlow: boolean;
  description?: string;
}

export interface HandoffDialogDeps {
  handoff: TicketDesk;
  ticketCards: TicketCards;
  cards: GuideCards;
  history: ConversationHistory;
  state: StateAccessors;
  logger: Logger;
}

/**
 * "Ik wil een medewerker": ask (with the opening hours), one optional sentence on what goes wrong,
 * then consent to exactly what will be shared. Only after "Ja, verstuur" is a ticket created.
 */
export class HandoffDialog extends Dialog<HandoffOptions> {
  constructor(private readonly deps: HandoffDialogDeps) {
    super(DialogIds.handoff);
  }

  override async beginDialog(dc: DialogContext, options?: HandoffOptions): Promise<DialogTurnResult> {
    const context = dc.context;
    const t = turnT(context);
    const existing = await this.deps.handoff.activeTicket(context);
    if (existing) {
      // One open ticket per chat: show it instead of making a second one.
      await context.sendActivity(t('handoff.alreadyOpen', { number: existing.id, status: this.deps.ticketCards.userStatus(t, existing) }));
      await context.sendActivity({ attachments: [this.deps.ticketCards.alreadyOpen(t, existing, options?.inFlow ?? false)] });
      return dc.endDialog({ showStep: false } satisfies HandoffResult);
    }
    const state = dc.activeDialog!.state as HandoffState;
    state.stage = 'ask';
    state.inFlow = options?.inFlow ?? false;
    this.deps.logger.info('servicedesk handoff offered');
    await this.askStep(context);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const context = dc.context;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state as HandoffState;
    const t = turnT(context);
    const { submit, text } = turnMeaning(context);
    const typed = submit ? undefined : text || undefined;

    // A button of the guide's card, pressed or typed ("gelukt", "ga terug"): the user went back to the guide, so the question lapses.
    if (submit && stepBoundActions.includes(submit.action)) {
      await dc.endDialog({ showStep: false } satisfies HandoffResult);
      return dc.continueDialog();
    }
    // "Nee, ik probeer het zelf nog even" to "Wil je dat een medewerker je helpt?" is a no, not what goes wrong.
    const choice = submit?.action === CardAction.handoff ? submit.choice : state.stage === 'ask' && typed && beginsWithNo(typed) ? HandoffChoice.decline : undefined;
    // "Bedankt!" is no sentence for a ticket: the question is asked again.
    const sentence = typed && !isSmallTalk(typed) ? typed : undefined;

    switch (state.stage) {
      case 'ask':
        if (choice === HandoffChoice.decline) return this.finish(dc, 'handoff.declined', true);
        if (choice === HandoffChoice.confirm) return this.moveTo(dc, state, 'describe');
        if (sentence && !choice) {
          // People often just type what goes wrong: take it as their sentence.
          state.description = redact(sentence);
          return this.moveTo(dc, state, 'consent');
        }
        break;
      case 'describe':
        if (choice === HandoffChoice.describe || choice === HandoffChoice.skip || (sentence && !choice)) {
          const described = choice === HandoffChoice.skip ? undefined : (sentence ?? submit?.description);
          // Masked now, so the consent card shows exactly what would be shared.
          state.description = described ? redact(described) : undefined;
          return this.moveTo(dc, state, 'consent');
        }
        if (choice === HandoffChoice.decline) return this.finish(dc, 'handoff.declined', true);
        break;
      case 'consent':
        if (choice === HandoffChoice.consent) return this.createStep(dc, state);
        if (choice === HandoffChoice.refuse) {
          await context.sendActivity(t('handoff.refused'));
          await context.sendActivity({ attachments: [this.deps.cards.servicedesk(t, turnLanguage(context), state.inFlow)] });
          // The contact details, then the step's card: the way on stays in view.
          return dc.endDialog({ showStep: true } satisfies HandoffResult);
        }
        break;
    }
    await context.sendActivity(t('messages.notUnderstood'));
    await this.showStage(context, state);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.showStage(context, instance.state as HandoffState);
  }

  private async moveTo(dc: DialogContext, state: HandoffState, stage: Stage): Promise<DialogTurnResult> {
    state.stage = stage;
    await this.showStage(dc.context, state);
    return Dialog.EndOfTurn;
  }

  private async showStage(context: TurnContext, state: HandoffState): Promise<void> {
    if (state.stage === 'ask') await this.askStep(context);
    else if (state.stage === 'describe') await this.describeStep(context);
    else await this.consentStep(context, state);
  }

  private async askStep(context: TurnContext): Promise<void> {
    await context.sendActivity({ attachments: [this.deps.ticketCards.ask(turnT(context), turnLanguage(context))] });
  }

  private async describeStep(context: TurnContext): Promise<void> {
    await context.sendActivity({ attachments: [this.deps.ticketCards.describe(turnT(context))] });
  }

  private async consentStep(context: TurnContext, state: HandoffState): Promise<void> {
    const progress = await this.deps.state.progress.get(context);
    const card = this.deps.ticketCards.consent(turnT(context), turnLanguage(context), {
      name: context.activity.from.name ?? '',
      upn: turnUpn(context),
      step: progress?.step,
      completed: progress?.completed,
      authenticator: await this.deps.state.authenticator.get(context),
      description: state.description,
      history: await this.deps.history.read(context),
    });
    await context.sendActivity({ attachments: [card] });
  }

  private async createStep(dc: DialogContext, state: HandoffState): Promise<DialogTurnResult> {
    const context = dc.context;
    const t = turnT(context);
    const progress = await this.deps.state.progress.get(context);
    try {
      const ticket = await this.deps.handoff.createTicket(context, {
        description: state.description,
        step: progress?.step,
        completed: progress?.completed,
        authenticator: await this.deps.state.authenticator.get(context),
        history: await this.deps.history.read(context),
      });
      await context.sendActivity({
        attachments: [this.deps.ticketCards.created(t, ticket, state.inFlow)],
        summary: t('handoff.created.heading', { number: ticket.id }),
      });
    } catch (error) {
      this.deps.logger.error('ticket not created', { error: (error as Error).message });
      return this.finish(dc, 'handoff.failed', true);
    }
    return dc.endDialog({ showStep: false } satisfies HandoffResult);
  }

  private async finish(dc: DialogContext, messageKey: string, showStep: boolean): Promise<DialogTurnResult> {
    await dc.context.sendActivity(turnT(dc.context)(messageKey));
    return dc.endDialog({ showStep } satisfies HandoffResult);
  }
}
