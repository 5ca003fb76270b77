import { TurnContext } from 'botbuilder';
import { turnT } from '../i18n/translator';
import type { Logger } from '../core/logger';
import type { ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import type { TeamsHandoff } from './servicedesk';
import type { AgentDirectory } from './memberDirectory';

export interface ChannelRegistrationDeps {
  store: ServicedeskChannelStore;
  handoff: Pick<TeamsHandoff, 'postPending'>;
  /** When set (always in production), only this team may register its channel. */
  servicedeskTeamId: string;
  agents: AgentDirectory;
  logger: Logger;
}

interface TeamsChannelData {
  team?: { id?: string };
  channel?: { id?: string };
}

/**
 * "registreer" / "register" in a team channel (usually with an @mention): makes that channel the one that receives
 * tickets. Only the servicedesk team's channels qualify when one is configured, and only a member of the current
 * servicedesk team may move it; tickets that waited for a channel go out after.
 */
export async function registerChannel(context: TurnContext, { store, handoff, servicedeskTeamId, agents, logger }: ChannelRegistrationDeps): Promise<void> {
  const data = (context.activity.channelData ?? {}) as TeamsChannelData;
  const teamId = data.team?.id;
  const channelId = data.channel?.id ?? context.activity.conversation.id;
  const t = turnT(context);
  if (!teamId) {
    await context.sendActivity(t('servicedeskChannel.notInTeam'));
    return;
  }
  if (servicedeskTeamId && teamId !== servicedeskTeamId) {
    logger.warn('servicedesk channel registration refused: not the configured team');
    await context.sendActivity(t('servicedeskChannel.otherTeam'));
    return;
  }
  const previous = await store.get();
  const moved = previous !== undefined && previous.channelId !== channelId;
  // Tickets hold personal data: only a member of the current servicedesk team may send them elsewhere, in or outside that team.
  if (moved && !(await isMemberOf(agents, context, previous.teamId, logger))) {
    logger.warn('servicedesk channel move refused: not a member of the current servicedesk team');
    await context.sendActivity(t('servicedeskChannel.otherTeam'));
    return;
  }
  await store.register({
    reference: TurnContext.getConversationReference(context.activity),
    teamId,
    channelId,
    registeredAt: new Date().toISOString(),
    registeredBy: context.activity.from.aadObjectId,
  });
  logger.info('servicedesk channel registered', { moved, mode: servicedeskTeamId ? 'servicedesk team only (SERVICEDESK_TEAM_ID)' : 'local: any team may register first (SERVICEDESK_TEAM_ID not set)' });
  const key = moved ? 'servicedeskChannel.moved' : 'servicedeskChannel.registered';
  await context.sendActivity(t(key));
  // Tickets that waited for a channel go out now.
  const posted = await handoff.postPending();
  if (posted) logger.info('waiting tickets posted after registration', { posted });
}

async function isMemberOf(agents: AgentDirectory, context: TurnContext, teamId: string, logger: Logger): Promise<boolean> {
  try {
    return await agents.isMember(context, teamId);
  } catch (error) {
    logger.warn('servicedesk membership check failed', { error: (error as Error).message });
    return false;
  }
}
