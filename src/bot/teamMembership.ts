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

const refusedTtlMs = 60_000;
/** Bounds the memory of refusals (valid tokens of many outsiders); past it they are forgotten at once. */
const maxRefusedKept = 10_000;

/**
 * Membership of the servicedesk team for a request that is not a turn (a tab's API): Teams is asked through the bot, on
 * the registered servicedesk channel's reference, for the member by Entra object id (AgentDirectory keeps a yes for a
 * few minutes). No registered channel, or Teams not answering, is never a yes.
 */
export class TeamMembership {
  /** A no, kept a minute, so that someone outside the team refreshing the tab does not cost a member look-up each time. */
  private readonly refused = new Map<string, number>();

  constructor(
    private readonly deps: TeamMembershipDeps,
    private readonly now: () => number = Date.now,
  ) {}

  /** Look-ups under way, by team and user: a burst of requests for one user (a flood with one valid token) asks Teams once. */
  private readonly inFlight = new Map<string, Promise<MembershipOutcome>>();

  async check(oid: string): Promise<MembershipOutcome> {
    const channel = await this.deps.channel.get();
    if (!channel) return { member: false, reason: 'noChannel' };
    const key = `${channel.teamId}|${oid}`;
    if ((this.refused.get(key) ?? 0) > this.now()) return { member: false, reason: 'notMember' };
    const running = this.inFlight.get(key);
    if (running) return running;
    const asked = this.ask(channel, key, oid).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, asked);
    return asked;
  }

  private async ask(channel: NonNullable<Awaited<ReturnType<TeamMembershipDeps['channel']['get']>>>, key: string, oid: string): Promise<MembershipOutcome> {
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
    if (answer) return { member: true };
    if (this.refused.size >= maxRefusedKept) this.refused.clear();
    this.refused.set(key, this.now() + refusedTtlMs);
    return { member: false, reason: 'notMember' };
  }
}
