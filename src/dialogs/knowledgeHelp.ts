import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { SubmitData } from '../cards/actions';
import { turnLanguage, turnT } from '../i18n/translator';
import { intentParts, type IntentPart, type KnowledgeBase } from '../knowledge/knowledgeBase';
import type { IntentMatcher } from '../knowledge/matcher/intentMatcher';
import type { Logger } from '../core/logger';
import { redact } from '../privacy/redact';
import { isBareAnswer, isSmallTalk } from '../commands/replies';
import type { EventLog } from '../events/eventLog';
import type { ConversationHistory } from '../state/conversationHistory';
import { turnUpn } from '../state/turnUser';
import type { GuideCards } from '../cards/guideCards';
import { findPosition, type Position } from '../guide/setupGuide';

export interface KnowledgeHelpDeps {
  cards: GuideCards;
  knowledgeBase: Pick<KnowledgeBase, 'get'>;
  matcher: Pick<IntentMatcher, 'match'>;
  events: EventLog;
  /** Remembers the questions and answers of this conversation for a servicedesk ticket. */
  history?: ConversationHistory;
  logger: Logger;
}

/** What the conversation should do after a knowledge-base card action. */
export type AfterHelp = 'showStep' | 'wait';


/**
 * Answers "it doesn't work" from the knowledge base, anywhere in the conversation: free text is
 * matched (one answer, "Bedoel je…?", or an honest "I don't know" with the servicedesk), problem
 * buttons show their answer, and "Opgelost?" feedback either returns to the step or offers the next
 * alternative and then the servicedesk. Every question, choice and feedback is recorded.
 */
export class KnowledgeHelp {
  constructor(private readonly deps: KnowledgeHelpDeps) {}

  /** Answers typed text; 'showStep' when nothing answers it, so the guide's card comes back under the servicedesk. */
  async answerQuestion(context: TurnContext, text: string, position?: Position): Promise<AfterHelp> {
    const t = turnT(context);
    const language = turnLanguage(context);
    const smallTalk = isSmallTalk(text);
    if (smallTalk || isBareAnswer(text)) {
      // "Bedankt!" or a "nee" that answers no card: no question, so no "I have no answer to that".
      await context.sendActivity(t(smallTalk ? 'messages.smallTalk' : 'messages.notUnderstood'));
      return 'showStep';
    }
    const part = position && intentParts.includes(position.part.id as IntentPart) ? (position.part.id as IntentPart) : undefined;
    const match = this.deps.matcher.match(text, { fallbackLang: language, part, preferred: position?.subStep.problems });
    const question = randomUUID();
    await this.deps.events.record({
      type: 'kb.question',
      question,
      at: new Date().toISOString(),
      lang: match.lang,
      step: position?.key,
      text: redact(text),
      intent: match.intent,
      score: match.score,
      decision: match.decision,
      alternatives: match.alternatives,
    });

    await this.deps.history?.asked(
      context,
      {
        text,
        answer: match.decision === 'answer' ? (match.intent ?? undefined) : undefined,
        decision: match.decision === 'answer' && match.intent ? 'answer' : match.decision === 'choose' ? 'choose' : 'none',
      },
      question,
    );

    const stepKey = position?.key;
    if (match.decision === 'answer' && match.intent) {
      const alternatives = match.alternatives.map((a) => a.intent).filter((id) => id !== match.intent);
      await context.sendActivity({ attachments: [this.deps.cards.answer(t, language, match.intent, { question, step: stepKey, alternatives, upn: turnUpn(context) })] });
      return 'wait';
    }
    if (match.decision === 'choose') {
      const choices = match.alternatives.map((a) => a.intent);
      await context.sendActivity({ attachments: [this.deps.cards.suggestions(t, language, choices, { question, step: stepKey })] });
      return 'wait';
    }
    await this.sendServicedesk(context, 'messages.noAnswer', position !== undefined);
    return 'showStep';
  }

  /** Handles answer / feedback / otherProblem buttons. */
  async handleAction(context: TurnContext, data: SubmitData, inFlow: boolean): Promise<AfterHelp> {
    const t = turnT(context);
    const language = turnLanguage(context);
    const at = new Date().toISOString();
    // Card fields may be forged: only a real guide position and a question recorded in this conversation are kept.
    const step = findPosition(data.step)?.key;
    const question = data.question && (await this.deps.history?.recorded(context, data.question)) ? data.question : undefined;

    if (data.action === 'otherProblem') {
      await context.sendActivity(t('messages.describeProblem'));
      return 'wait';
    }
    if (data.action === 'answer' && data.intent && this.known(data.intent)) {
      await this.deps.events.record({ type: 'kb.choice', question, at, intent: data.intent, from: question ? 'suggestions' : 'problems', step });
      await this.deps.history?.picked(context, data.intent, question !== undefined);
      const alternatives = (data.alternatives ?? []).filter((id) => this.known(id));
      await context.sendActivity({ attachments: [this.deps.cards.answer(t, language, data.intent, { question, step, alternatives, upn: turnUpn(context) })] });
      return 'wait';
    }
    if (data.action === 'feedback') {
      const intent = data.intent && this.known(data.intent) ? data.intent : undefined;
      await this.deps.events.record({ type: 'kb.feedback', question, at, intent, solved: data.solved === true, step });
      if (intent) await this.deps.history?.answered(context, intent, data.solved === true);
      if (data.solved === true) {
        await context.sendActivity(t('messages.solved'));
        return inFlow ? 'showStep' : 'wait';
      }
      const [next, ...rest] = (data.alternatives ?? []).filter((id) => this.known(id) && id !== intent);
      if (next) {
        await context.sendActivity(t('messages.tryAlternative'));
        await context.sendActivity({ attachments: [this.deps.cards.answer(t, language, next, { question, step, alternatives: rest, upn: turnUpn(context) })] });
        return 'wait';
      }
      // Feedback without an intent is "Geen van deze" under the "Bedoel je…?" choices.
      await this.sendServicedesk(context, intent ? 'messages.notSolved' : 'messages.noneOfThese', inFlow);
      return inFlow ? 'showStep' : 'wait';
    }
    this.deps.logger.warn('knowledge action without a known intent', { action: data.action });
    await context.sendActivity(t('messages.notUnderstood'));
    return inFlow ? 'showStep' : 'wait';
  }

  private known(id: string): boolean {
    return this.deps.knowledgeBase.get(id) !== undefined;
  }

  private async sendServicedesk(context: TurnContext, messageKey: string, inFlow: boolean): Promise<void> {
    const t = turnT(context);
    const language = turnLanguage(context);
    await context.sendActivity(t(messageKey));
    await context.sendActivity({ attachments: [this.deps.cards.servicedesk(t, language, inFlow)] });
  }
}
