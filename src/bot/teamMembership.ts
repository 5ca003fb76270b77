import type { CloudAdapter } from 'botbuilder';
import { withDeadline } from '../core/deadline';
import type { Logger } from '../core/logger';
import type { ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import type { AgentDirectory } from './memberDirectory';

/** Whether someone signed in to a tab is in the servicedesk team, or why that could not be told. */
export type MembershipOutcome = { member: true } | { member: false; reason: 'notMember' | 'noChannel' | 'teamsUnavailable' };

export interface TeamMembershipDeps {
  adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  appId: string;
  channel: Pick<ServicedeskChannelStore, 'get'>;
  agents: AgentDirectory;
  logger: Logger;
  /** How long Teams may take to answer. */
  deadlineMs?: number;
}

/**
 * Membership of the servicedesk team for a request that is not a turn (a tab's API): Teams is asked through the bot, on
 * the registered servicedesk channel's reference, for the member by Entra object id (AgentDirectory keeps a yes for a
 * few minutes). No registered channel, or Teams not answering, is never a yes.
 */
export class TeamMembership {
  constructor(private readonly deps: TeamMembershipDeps) {}

  async check(oid: string): Promise<MembershipOutcome> {
    const channel = await this.deps.channel.get();
    if (!channel) return { member: false, reason: 'noChannel' };
    let answer: boolean | undefined;
    let failure: unknown;
    try {
      const turn = this.deps.adapter.continueConversationAsync(this.deps.appId, channel.reference, async (context) => {
        try {
          answer = await this.deps.agents.isMember(context, channel.teamId, { id: oid, aadObjectId: oid });
        } catch (error) {
          failure = error;
        }
      });
      await withDeadline(turn, this.deps.deadlineMs ?? 10_000, () => new Error('membership look-up timed out'));
    } catch (error) {
      failure ??= error;
    }
    if (answer === undefined) {
      this.deps.logger.warn('servicedesk membership unknown', { error: (failure as Error | undefined)?.name ?? 'no answer' });
      return { member: false, reason: 'teamsUnavailable' };
    }
    return answer ? { member: true } : { member: false, reason: 'notMember' };
  }
}
