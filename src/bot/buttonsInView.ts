import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { CardAction, readSubmitData, type SubmitData } from '../cards/actions';
import { buttonsOf, type CardButton } from '../cards/cardButtons';
import { buttonForReply } from '../commands/replies';
import type { ButtonsInView } from '../state/botState';

/**
 * Remembers the buttons of the cards the bot sends in a chat, so that a typed reply ("gelukt!", "nee toch niet")
 * does what the button it means does: first the last card with buttons, then the guide's step card, which stays
 * the way on after a help, an answer or a question on top of it.
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
        view.last = buttons;
        if (buttons.some((button) => button.data.action === CardAction.next)) view.step = buttons;
        await this.accessor.set(context, view);
      }
      return next();
    });
  }

  /** The data of the button `text` means on the cards in view; undefined when it is no answer to them. */
  async pressedBy(context: TurnContext, text: string): Promise<SubmitData | undefined> {
    const view = await this.accessor.get(context, {});
    for (const stored of [view.last, view.step]) {
      const button = buttonForReply(text, readButtons(stored));
      if (button) return button.data;
    }
    return undefined;
  }
}

/** Stored buttons are read as card data again: the store may hold them from an older version. */
function readButtons(stored: ButtonsInView['last']): CardButton[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((button) => {
    const data = readSubmitData(button?.data);
    return data && typeof button.title === 'string' ? [{ title: button.title, data }] : [];
  });
}
