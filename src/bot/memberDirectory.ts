import { TeamsInfo, type TurnContext } from 'botbuilder';
import { TeamsApiError } from '../core/errors';
import type { MemberDirectory, Person } from '../handoff/ports';
import { callTeams } from './teamsErrors';

/** Who may act on tickets: members of the servicedesk team, never a name or a prefix. */
export interface AgentDirectory {
  /** True when `user` (the sender of this turn when not given) is a member of the team; throws when Teams cannot tell. */
  isMember(context: TurnContext, teamId: string, user?: Person): Promise<boolean>;
}

const memberTtlMs = 5 * 60 * 1000;
const pageSize = 500;
/** A servicedesk team is small; 20 pages of 500 is far beyond it. */
const maxPages = 20;

/**
 * What a failed member look-up means: "not found" (404, or Teams' MemberNotFoundInConversation) and 403
 * (the bot may not see that member in the team) both say the user is not a member we may count on.
 */
const notAMember = (error: unknown): boolean =>
  error instanceof TeamsApiError && (error.status === 404 || error.status === 403 || error.code === 'MemberNotFoundInConversation');

/**
 * Asks Teams (GET /v3/conversations/{teamId}/members/{userId}, then the paged member list when that
 * says no); a yes is remembered for five minutes.
 */
export class TeamAgentDirectory implements AgentDirectory {
  private readonly members = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async isMember(context: TurnContext, teamId: string, user: Person | undefined = context.activity.from): Promise<boolean> {
    if (!user?.id) return false;
    const key = `${teamId}|${user.id}`;
    if ((this.members.get(key) ?? 0) > this.now()) return true;
    const member = (await this.lookUp(context, teamId, user.id)) || (await this.inMemberList(context, teamId, user));
    if (member) this.members.set(key, this.now() + memberTtlMs);
    return member;
  }

  private async lookUp(context: TurnContext, teamId: string, userId: string): Promise<boolean> {
    try {
      await callTeams('getTeamMember', () => TeamsInfo.getTeamMember(context, teamId, userId));
      return true;
    } catch (error) {
      if (notAMember(error)) return false;
      throw error;
    }
  }

  /** A "not found" is checked once more against the team's member list (paged), by Teams id or AAD object id. */
  private async inMemberList(context: TurnContext, teamId: string, { id, aadObjectId }: Person): Promise<boolean> {
    let continuationToken: string | undefined;
    try {
      for (let page = 0; page < maxPages; page++) {
        const result = await callTeams('getPagedTeamMembers', () => TeamsInfo.getPagedTeamMembers(context, teamId, pageSize, continuationToken));
        if (result.members.some((member) => member.id === id || (aadObjectId && member.aadObjectId === aadObjectId))) return true;
        continuationToken = result.continuationToken;
        if (!continuationToken) return false;
      }
    } catch (error) {
      if (notAMember(error)) return false;
      throw error;
    }
    return false;
  }
}

/** The user's sign-in name, from Teams' member record in this turn's conversation (for the ticket and the guide's cards). */
export async function userPrincipalName(context: TurnContext, user: Person): Promise<string | undefined> {
  const member = await callTeams('getMember', () => TeamsInfo.getMember(context, user.id));
  return member.userPrincipalName ?? undefined;
}

/** The handoff's MemberDirectory for one turn: Teams answers member look-ups on that turn's connection. */
export function membersFor(agents: AgentDirectory, context: TurnContext): MemberDirectory {
  return {
    isMember: (teamId, user) => agents.isMember(context, teamId, user),
    userPrincipalName: (user) => userPrincipalName(context, user),
  };
}
