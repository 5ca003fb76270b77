import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { CardAction, readSubmitData, type CardActionName, type SubmitData } from '../cards/actions';
import { buttonsOf, headingsOf, type CardButton, type CardInView } from '../cards/cardButtons';
import { buttonForReply } from '../commands/replies';
import type { ButtonsInView } from '../state/botState';

/**
 * Cards whose buttons still count once another card came on top of them, by the action that makes them so: the
 * guide's step card (under a help, an answer, a ticket), the rating of a closed ticket and an open ticket's card.
 * A question's card (the servicedesk question, "Weet je het zeker?", "Opgelost?") counts only while it is the last.
 */
const lastingActions: readonly CardActionName[] = [CardAction.next, CardAction.rateTicket, CardAction.cancelTicket];
const lastingKind = (card: CardInView) => lastingActions.find((action) => card.buttons.some((button) => button.data.action === action));

const unwatchedKey = Symbol('buttonsUnwatched');

/**
 * Remembers the buttons of the cards the bot sends in a chat, so that a typed reply ("gelukt!", "nee toch niet")
 * does what the button it means does: on the last card with buttons, else on the lasting cards under it.
 */
export class ButtonsInViewMemory {
  constructor(private readonly accessor: StatePropertyAccessor<ButtonsInView>) {}

  /** From now on in this turn, every card the bot sends is remembered (in the conversation state the turn saves). */
  capture(turn: TurnContext): void {
    turn.onSendActivities(async (context, activities, next) => {
      if (context.turnState.get(unwatchedKey)) return next();
      for (const activity of activities) {
        const card: CardInView = { buttons: buttonsOf(activity.attachments), headings: headingsOf(activity.attachments) };
        if (card.buttons.length === 0) continue;
        const view = await this.accessor.get(context, {});
        const kind = lastingKind(card);
        // Under the new card stay the lasting ones, the most recent of each kind.
        const lasting = readCards(view.cards).filter((older) => lastingKind(older) !== undefined && lastingKind(older) !== kind);
        view.cards = [card, ...lasting.filter((older, index) => lasting.findIndex((other) => lastingKind(other) === lastingKind(older)) === index)];
        await this.accessor.set(context, view);
      }
      return next();
    });
  }

  /** Sends what is not the bot's own (an agent's message and its attachments) without remembering its buttons. */
  async unwatched(turn: TurnContext, send: () => Promise<unknown>): Promise<void> {
    turn.turnState.set(unwatchedKey, true);
    try {
      await send();
    } finally {
      turn.turnState.delete(unwatchedKey);
    }
  }

  /** The data of the button `text` means on the cards in view, the most recent first; undefined when it is no answer to them. */
  async pressedBy(context: TurnContext, text: string): Promise<SubmitData | undefined> {
    const view = await this.accessor.get(context, {});
    for (const card of readCards(view.cards)) {
      const button = buttonForReply(text, card);
      if (button) return button.data;
    }
    return undefined;
  }
}

/** Stored cards are read as card data again: the store may hold them from an older version. */
function readCards(stored: unknown): CardInView[] {
  if (!Array.isArray(stored)) return [];
  return stored.map((card: { buttons?: unknown; headings?: unknown } | null) => ({
    buttons: readButtons(card?.buttons),
    headings: Array.isArray(card?.headings) ? card.headings.filter((heading): heading is string => typeof heading === 'string') : [],
  }));
}

function readButtons(stored: unknown): CardButton[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((button: { title?: unknown; data?: unknown } | null) => {
    const data = readSubmitData(button?.data);
    return data && typeof button?.title === 'string' ? [{ title: button.title, data }] : [];
  });
}
