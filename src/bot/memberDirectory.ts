import { TeamsInfo, type TurnContext } from 'botbuilder';

/** Who may act on tickets: members of the servicedesk team, never a name or a prefix. */
export interface AgentDirectory {
  /** True when the sender of this turn is a member of the team; throws when Teams cannot tell. */
  isMember(context: TurnContext, teamId: string): Promise<boolean>;
}

const memberTtlMs = 5 * 60 * 1000;
const pageSize = 500;
/** A servicedesk team is small; 20 pages of 500 is far beyond it. */
const maxPages = 20;

/**
 * Asks Teams (GET /v3/conversations/{teamId}/members/{userId}, then the paged member list when that
 * says no); a yes is remembered for five minutes.
 */
export class TeamAgentDirectory implements AgentDirectory {
  private readonly members = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async isMember(context: TurnContext, teamId: string): Promise<boolean> {
    const userId = context.activity.from?.id;
    if (!userId) return false;
    const key = `${teamId}|${userId}`;
    if ((this.members.get(key) ?? 0) > this.now()) return true;
    const member = (await this.lookUp(context, teamId, userId)) || (await this.inMemberList(context, teamId));
    if (member) this.members.set(key, this.now() + memberTtlMs);
    return member;
  }

  private async lookUp(context: TurnContext, teamId: string, userId: string): Promise<boolean> {
    try {
      await TeamsInfo.getTeamMember(context, teamId, userId);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** A "not found" is checked once more against the team's member list (paged), by Teams id or AAD object id. */
  private async inMemberList(context: TurnContext, teamId: string): Promise<boolean> {
    const { id, aadObjectId } = context.activity.from;
    let continuationToken: string | undefined;
    try {
      for (let page = 0; page < maxPages; page++) {
        const result = await TeamsInfo.getPagedTeamMembers(context, teamId, pageSize, continuationToken);
        if (result.members.some((member) => member.id === id || (aadObjectId && member.aadObjectId === aadObjectId))) return true;
        continuationToken = result.continuationToken;
        if (!continuationToken) return false;
      }
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    return false;
  }
}

function isNotFound(error: unknown): boolean {
  const { statusCode, code, body } = (error ?? {}) as { statusCode?: number; code?: string; body?: { error?: { code?: string } } };
  return statusCode === 404 || statusCode === 403 || code === 'MemberNotFoundInConversation' || body?.error?.code === 'MemberNotFoundInConversation';
}
