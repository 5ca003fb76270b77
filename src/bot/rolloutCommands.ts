import { TurnContext, type Activity } from 'botbuilder';
import type { Logger } from '../core/logger';
import type { Language } from '../i18n/language';
import type { Translator } from '../i18n/translator';
import type { RolloutCards } from '../cards/rolloutCards';
import type { RolloutStatus } from '../rollout/model';
import type { RolloutJobs } from '../rollout/rolloutJobs';
import type { RolloutStatusQuery } from '../rollout/rolloutStatusQuery';
import type { ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import type { AgentDirectory } from './memberDirectory';
import type { TeamsMessenger } from './messenger';

export interface RolloutCommandsDeps {
  jobs: Pick<RolloutJobs, 'start' | 'remind'>;
  status: Pick<RolloutStatusQuery, 'latest'>;
  rolloutCards: RolloutCards;
  messenger: Pick<TeamsMessenger, 'sendTo'>;
  agents: AgentDirectory;
  /** The registered servicedesk channel: only its team may run rollouts. */
  channel: ServicedeskChannelStore;
  agentT: Translator;
  agentLanguage: Language;
  logger: Logger;
  /** How long "status" waits for its figures within the turn before it says the card follows (ms). */
  statusWaitMs?: number;
}

const teamOf = (context: TurnContext) => (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
const wait = (ms: number) => new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms).unref());

/**
 * "uitrol <groep>", "status" and "herinner" in the servicedesk's team, by its members only: each answers in the turn
 * and leaves the long work (the job, a slow status) to the background, which reports in the same thread.
 */
export class RolloutCommands {
  constructor(private readonly deps: RolloutCommandsDeps) {}

  async rollout(context: TurnContext, group: string | undefined): Promise<void> {
    const at = this.deps.agentT;
    if (!(await this.allowed(context))) return;
    if (!group) {
      await context.sendActivity(at('rollout.command.noGroup'));
      return;
    }
    const outcome = await this.deps.jobs.start(group, context.activity.from?.aadObjectId, TurnContext.getConversationReference(context.activity));
    this.deps.logger.info('rollout command', { outcome: outcome.kind });
    if (outcome.kind === 'started' || outcome.kind === 'alreadyRunning') {
      await context.sendActivity(at(`rollout.command.${outcome.kind}`, { group: outcome.rollout.groupId }));
      return;
    }
    await context.sendActivity(at(`rollout.command.${outcome.kind}`));
  }

  async status(context: TurnContext): Promise<void> {
    if (!(await this.allowed(context))) return;
    const reference = TurnContext.getConversationReference(context.activity);
    const figures = this.deps.status.latest();
    const first = await Promise.race([figures.then((status) => ({ status })), wait(this.deps.statusWaitMs ?? 3000)]).catch((error: Error) => ({ error }));
    if (first !== 'late') {
      if ('error' in first) {
        this.deps.logger.warn('rollout status failed', { error: first.error.name });
        await context.sendActivity(this.deps.agentT('rollout.command.statusFailed'));
        return;
      }
      await context.sendActivity(this.statusMessage(first.status));
      return;
    }
    await context.sendActivity(this.deps.agentT('rollout.command.statusComing'));
    figures
      .then((status) => this.deps.messenger.sendTo(reference, this.statusMessage(status)))
      .catch((error: Error) => this.deps.logger.warn('rollout status not posted', { error: error.name }));
  }

  async remind(context: TurnContext): Promise<void> {
    if (!(await this.allowed(context))) return;
    const outcome = await this.deps.jobs.remind();
    await context.sendActivity(this.deps.agentT(outcome.kind === 'started' ? 'rollout.command.remindStarted' : 'rollout.command.noRollout'));
  }

  private statusMessage(status: RolloutStatus | undefined): Partial<Activity> {
    if (!status) return { text: this.deps.agentT('rollout.command.noRollout') };
    return { attachments: [this.deps.rolloutCards.status(this.deps.agentT, this.deps.agentLanguage, status)] };
  }

  /** In the registered servicedesk channel's team, by one of its members; says why not otherwise. */
  private async allowed(context: TurnContext): Promise<boolean> {
    const at = this.deps.agentT;
    const registered = await this.deps.channel.get();
    if (!registered) {
      await context.sendActivity(at('rollout.command.noChannel'));
      return false;
    }
    let member = false;
    if (teamOf(context) === registered.teamId) {
      try {
        member = await this.deps.agents.isMember(context, registered.teamId);
      } catch (error) {
        this.deps.logger.warn('servicedesk membership check failed', { error: (error as Error).name });
      }
    }
    if (!member) {
      this.deps.logger.warn('rollout command refused: not a servicedesk member');
      await context.sendActivity(at('rollout.command.notServicedesk'));
    }
    return member;
  }
}
