import { TurnContext } from 'botbuilder';
import { turnT } from '../i18n/translator';
import type { Logger } from '../core/logger';
import { recogniseCommand } from '../commands/commands';
import { CardAction, readSubmitData } from '../cards/actions';
import type { ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import type { TeamsHandoff } from './servicedesk';
import type { AgentDirectory } from './memberDirectory';

export interface ChannelMessageDeps {
  store: ServicedeskChannelStore;
  handoff: Pick<TeamsHandoff, 'agentAction' | 'agentMessage' | 'postPending'>;
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
 * Messages in a team channel. With ChannelMessage.Read.Group the bot sees every message there, so
 * only three things are acted on: a ticket card's buttons, messages in a ticket thread (passed on
 * to the user while an agent has taken over the chat) and "registreer" / "register" (usually with
 * an @mention), which makes that channel the one that receives tickets. The rest is left alone.
 */
export async function handleChannelMessage(context: TurnContext, deps: ChannelMessageDeps): Promise<void> {
  const submit = readSubmitData(context.activity.value);
  if (submit?.action === CardAction.ticket) return deps.handoff.agentAction(context, submit);
  if (recogniseCommand(context.activity)?.name === 'register') return registerChannel(context, deps);
  await deps.handoff.agentMessage(context);
}

async function registerChannel(context: TurnContext, { store, handoff, servicedeskTeamId, agents, logger }: ChannelMessageDeps): Promise<void> {
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
