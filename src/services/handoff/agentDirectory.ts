import { TeamsInfo, type TurnContext } from 'botbuilder';

/** Who may act on tickets: members of the servicedesk team, never a name or a prefix. */
export interface AgentDirectory {
  /** True when the sender of this turn is a member of the team; throws when Teams cannot tell. */
  isMember(context: TurnContext, teamId: string): Promise<boolean>;
}

const memberTtlMs = 5 * 60 * 1000;

/** Asks Teams (GET /v3/conversations/{teamId}/members/{userId}); a yes is remembered for five minutes. */
export class TeamAgentDirectory implements AgentDirectory {
  private readonly members = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async isMember(context: TurnContext, teamId: string): Promise<boolean> {
    const userId = context.activity.from?.id;
    if (!userId) return false;
    const key = `${teamId}|${userId}`;
    if ((this.members.get(key) ?? 0) > this.now()) return true;
    try {
      await TeamsInfo.getTeamMember(context, teamId, userId);
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    this.members.set(key, this.now() + memberTtlMs);
    return true;
  }
}

function isNotFound(error: unknown): boolean {
  const { statusCode, code, body } = (error ?? {}) as { statusCode?: number; code?: string; body?: { error?: { code?: string } } };
  return statusCode === 404 || statusCode === 403 || code === 'MemberNotFoundInConversation' || body?.error?.code === 'MemberNotFoundInConversation';
}
