import type { i18n } from 'i18next';
import type { Logger } from '../core/logger';
import { OutboundTimeoutError, TeamsApiError } from '../core/errors';
import type { Language } from '../i18n/language';
import { translatorFor, turnLanguage, turnT, type Translator } from '../i18n/translator';
import type { StateAccessors } from '../state/botState';
import { turnFirstName } from '../state/turnUser';
import { findPosition } from '../guide/setupGuide';
import type { GuideCards } from '../cards/guideCards';
import type { RolloutCards } from '../cards/rolloutCards';
import type { RolloutCounts, RolloutFailure, RolloutMember, RolloutPhase } from '../rollout/model';
import type { ReminderResult, RolloutMessenger, SendOutcome } from '../rollout/ports';
import type { ChatReference } from '../tickets/chatReference';
import type { TeamsMessenger } from './messenger';

export interface TeamsRolloutMessengerDeps {
  messenger: Pick<TeamsMessenger, 'sendTo' | 'inUserChat'>;
  /** Where the user is in the guide, read in their chat's turn for the reminder. */
  progress: StateAccessors['progress'];
  i18n: i18n;
  cards: GuideCards;
  rolloutCards: RolloutCards;
  /** The servicedesk's language, for the channel. */
  agentLanguage: Language;
  logger: Logger;
}

/** Teams' answer when the user blocked or removed the bot, or the chat is gone: sending again will not help. */
const userGone = (error: unknown) => error instanceof TeamsApiError && (error.status === 403 || error.status === 404);

/**
 * The rollout's messages on Teams: the welcome as invitation and the resume card as reminder in the user's chat (in
 * the member's language), progress and results in the servicedesk thread where the rollout was started.
 */
export class TeamsRolloutMessenger implements RolloutMessenger {
  private readonly agentT: Translator;

  constructor(private readonly deps: TeamsRolloutMessengerDeps) {
    this.agentT = translatorFor(deps.i18n, deps.agentLanguage);
  }

  async invite(chat: ChatReference, member: RolloutMember): Promise<SendOutcome> {
    const language = member.language ?? 'nl';
    const t = translatorFor(this.deps.i18n, language);
    return this.toUser('invite', chat, { attachments: [this.deps.cards.welcome(t, language, member.givenName)], summary: t('rollout.invitation.summary') });
  }

  /** In a turn of the user's own chat: their language and their exact step come from their state. */
  async remind(chat: ChatReference): Promise<SendOutcome> {
    return this.deliver('remind', () =>
      this.deps.messenger.inUserChat(chat, async (context) => {
        const t = turnT(context);
        const progress = await this.deps.progress.get(context);
        const card = this.deps.cards.resume(t, turnLanguage(context), findPosition(progress?.step), turnFirstName(context));
        await context.sendActivity({ type: 'message', text: t('rollout.reminder.intro'), attachments: [card], summary: t('rollout.reminder.summary') });
      }),
    );
  }

  async progress(channel: ChatReference, counts: RolloutCounts, phase: RolloutPhase): Promise<void> {
    await this.deps.messenger.sendTo(channel, { text: this.deps.rolloutCards.progressText(this.agentT, counts, phase) });
  }

  async failed(channel: ChatReference, failure: RolloutFailure): Promise<void> {
    await this.deps.messenger.sendTo(channel, { text: this.deps.rolloutCards.failureText(this.agentT, failure) });
  }

  async reminded(channel: ChatReference, result: ReminderResult): Promise<void> {
    await this.deps.messenger.sendTo(channel, { text: this.agentT('rollout.command.reminded', { sent: result.sent, already: result.already, failed: result.failed }) });
  }

  private async toUser(operation: string, chat: ChatReference, message: Parameters<TeamsMessenger['sendTo']>[1]): Promise<SendOutcome> {
    return this.deliver(operation, () => this.deps.messenger.sendTo(chat, { type: 'message', ...message }));
  }

  private async deliver(operation: string, send: () => Promise<void>): Promise<SendOutcome> {
    try {
      await send();
      return 'sent';
    } catch (error) {
      if (userGone(error)) return 'blocked';
      const reason = error instanceof TeamsApiError ? `${error.status ?? ''} ${error.code}`.trim() : error instanceof OutboundTimeoutError ? 'timeout' : (error as Error).name;
      this.deps.logger.warn('rollout message not delivered', { operation, reason });
      return 'failed';
    }
  }
}
