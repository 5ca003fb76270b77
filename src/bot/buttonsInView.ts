import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { readSubmitData, type SubmitData } from '../cards/actions';
import { buttonsOf, type CardButton } from '../cards/cardButtons';
import { buttonForReply } from '../commands/replies';
import type { ButtonsInView } from '../state/botState';

/** The last cards with buttons are remembered: the one on top, and the guide's card under a help, an answer or a rating. */
const cardsRemembered = 4;

/**
 * Remembers the buttons of the cards the bot sends in a chat, so that a typed reply ("gelukt!", "nee toch niet")
 * does what the button it means does: on the last card with buttons, else on the one before, and so on.
 */
export class ButtonsInViewMemory {
  constructor(private readonly accessor: StatePropertyAccessor<ButtonsInView>) {}

  /** From now on in this turn, every card sent is remembered (in the conversation state the turn saves). */
  capture(turn: TurnContext): void {
    turn.onSendActivities(async (context, activities, next) => {
      for (const activity of activities) {
        const buttons = buttonsOf(activity.attachments);
        if (buttons.length === 0) continue;
        const view = await this.accessor.get(context, {});
        const same = JSON.stringify(buttons);
        // The same card again (a step shown twice) counts once, at the top.
        const older = (Array.isArray(view.cards) ? view.cards : []).filter((card) => JSON.stringify(card) !== same);
        view.cards = [buttons, ...older].slice(0, cardsRemembered);
        await this.accessor.set(context, view);
      }
      return next();
    });
  }

  /** The data of the button `text` means on the cards in view, the most recent first; undefined when it is no answer to them. */
  async pressedBy(context: TurnContext, text: string): Promise<SubmitData | undefined> {
    const view = await this.accessor.get(context, {});
    for (const stored of Array.isArray(view.cards) ? view.cards : []) {
      const button = buttonForReply(text, readButtons(stored));
      if (button) return button.data;
    }
    return undefined;
  }
}

/** Stored buttons are read as card data again: the store may hold them from an older version. */
function readButtons(stored: unknown): CardButton[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((button: { title?: unknown; data?: unknown } | null) => {
    const data = readSubmitData(button?.data);
    return data && typeof button?.title === 'string' ? [{ title: button.title, data }] : [];
  });
}
