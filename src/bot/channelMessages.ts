import { TurnContext } from 'botbuilder';
import { turnT } from '../i18n';
import type { Logger } from '../logger';
import { recogniseCommand } from '../dialogs/commands';
import type { ServicedeskChannelStore } from '../services/handoff/servicedeskChannel';

interface TeamsChannelData {
  team?: { id?: string };
  channel?: { id?: string };
}

/**
 * Messages in a team channel. With ChannelMessage.Read.Group the bot sees every message there, so
 * only "registreer" / "register" (usually with an @mention) is acted on: that channel becomes the one
 * that receives servicedesk tickets. Everything else in channels is left alone.
 */
export async function handleChannelMessage(context: TurnContext, store: ServicedeskChannelStore, logger: Logger): Promise<void> {
  if (recogniseCommand(context.activity)?.name !== 'register') return;
  const data = (context.activity.channelData ?? {}) as TeamsChannelData;
  const teamId = data.team?.id;
  const channelId = data.channel?.id ?? context.activity.conversation.id;
  const t = turnT(context);
  if (!teamId) {
    await context.sendActivity(t('servicedeskChannel.notInTeam'));
    return;
  }
  const previous = await store.get();
  await store.register({
    reference: TurnContext.getConversationReference(context.activity),
    teamId,
    channelId,
    registeredAt: new Date().toISOString(),
    registeredBy: context.activity.from.aadObjectId,
  });
  logger.info('servicedesk channel registered', { moved: previous !== undefined && previous.channelId !== channelId });
  const key = previous && previous.channelId !== channelId ? 'servicedeskChannel.moved' : 'servicedeskChannel.registered';
  await context.sendActivity(t(key));
}
