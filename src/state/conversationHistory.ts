import { ActivityTypes, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { redact } from '../privacy/redact';
import type { AskedQuestion, TranscriptLine } from '../tickets/ticket';

/** What the servicedesk gets to see of a conversation: the last lines and questions, all redacted. */
export interface RecentHistory {
  lines: TranscriptLine[];
  questions: AskedQuestion[];
  /** Ids of the questions the bot recorded in this conversation, so a card's `question` can be checked. */
  questionIds?: string[];
}

const maxLines = 12;
const maxQuestions = 5;
// Answer cards with "Opgelost?" stay in the chat; this many of their questions are still recognised.
const maxQuestionIds = 20;
const maxLineLength = 300;

/**
 * Keeps a short, redacted memory of the conversation in its state, for a ticket. Deleted with the
 * conversation state ("verwijder mijn gegevens"); nothing leaves it unless the user agrees to a ticket.
 */
export class ConversationHistory {
  constructor(private readonly accessor: StatePropertyAccessor<RecentHistory>) {}

  async read(context: TurnContext): Promise<RecentHistory> {
    return this.accessor.get(context, { lines: [], questions: [] });
  }

  /** Records what the user typed (their text without @mentions; none for a button) and, as they are sent, the bot's replies in this turn. */
  async capture(context: TurnContext, typed: string | undefined): Promise<void> {
    if (typed) await this.addLine(context, 'user', typed);
    context.onSendActivities(async (ctx, activities, next) => {
      for (const sent of activities) {
        const text = describe(sent);
        if (text) await this.addLine(ctx, 'bot', text);
      }
      return next();
    });
  }

  /** A question typed to the bot, recorded under `id` (the id its answer card carries). */
  async asked(context: TurnContext, question: AskedQuestion, id: string): Promise<void> {
    const history = await this.read(context);
    history.questions = [...history.questions, { ...question, text: shorten(redact(question.text)) }].slice(-maxQuestions);
    history.questionIds = [...(history.questionIds ?? []), id].slice(-maxQuestionIds);
    await this.accessor.set(context, history);
  }

  /** Whether `id` names a question recorded in this conversation (a card field may be forged or stale). */
  async recorded(context: TurnContext, id: string): Promise<boolean> {
    return (await this.read(context)).questionIds?.includes(id) ?? false;
  }

  /** The user picked an intent: from "Bedoel je…?" (the latest open question) or from a problem list (a new entry). */
  async picked(context: TurnContext, intent: string, fromSuggestions: boolean): Promise<void> {
    const history = await this.read(context);
    const open = fromSuggestions ? [...history.questions].reverse().find((q) => q.decision === 'choose' && !q.answer) : undefined;
    if (open) open.answer = intent;
    else history.questions = [...history.questions, { text: '', answer: intent, decision: 'picked' as const }].slice(-maxQuestions);
    await this.accessor.set(context, history);
  }

  /** The user's "Opgelost?" on the answer to their latest question about that intent. */
  async answered(context: TurnContext, intent: string, solved: boolean): Promise<void> {
    const history = await this.read(context);
    const question = [...history.questions].reverse().find((q) => q.answer === intent);
    if (!question) return;
    question.solved = solved;
    await this.accessor.set(context, history);
  }

  private async addLine(context: TurnContext, from: TranscriptLine['from'], text: string): Promise<void> {
    const clean = shorten(redact(text.replace(/\s+/g, ' ').trim()));
    if (!clean) return;
    const history = await this.read(context);
    history.lines = [...history.lines, { from, text: clean, at: new Date().toISOString() }].slice(-maxLines);
    await this.accessor.set(context, history);
  }
}

function shorten(text: string): string {
  return text.length > maxLineLength ? `${text.slice(0, maxLineLength - 1)}…` : text;
}

/** A line for a bot message: its text, or the preview of its card (summary, spoken title or first text). */
function describe(activity: Partial<Activity>): string | undefined {
  if (activity.type && activity.type !== ActivityTypes.Message) return undefined;
  if (activity.summary) return activity.summary;
  if (activity.text) return activity.text;
  const card = activity.attachments?.[0]?.content as { speak?: string; body?: { type?: string; text?: string }[] } | undefined;
  if (!card) return undefined;
  return card.speak ?? card.body?.find((element) => element.type === 'TextBlock' && element.text)?.text;
}
