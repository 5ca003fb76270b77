import type { Logger } from '../core/logger';
import type { BotStorage } from '../storage/botStorage';
import type { ChatReference } from './chatReference';

/** The channel that receives tickets: where an agent said "registreer", and who did. */
export interface ServicedeskChannel {
  reference: ChatReference;
  teamId: string;
  channelId: string;
  registeredAt: string;
  /** Teams AAD object id of the agent who registered it (no name stored). */
  registeredBy?: string;
}

const key = 'servicedesk/channel';

/**
 * Keeps the one servicedesk channel in the bot's Storage. With a `servicedeskTeamId` (SERVICEDESK_TEAM_ID)
 * a registration stored by any other team is never handed out, so no ticket can reach that team.
 */
export class ServicedeskChannelStore {
  constructor(
    private readonly storage: BotStorage,
    private readonly servicedeskTeamId = '',
  ) {}

  async get(): Promise<ServicedeskChannel | undefined> {
    const channel = await this.stored();
    return channel && this.belongsToServicedesk(channel) ? channel : undefined;
  }

  async register(channel: ServicedeskChannel): Promise<void> {
    await this.storage.write({ [key]: { ...channel, eTag: '*' } });
  }

  /** Deletes a registration made by another team than SERVICEDESK_TEAM_ID (stored before it was set); returns it when it did. */
  async dropForeign(): Promise<ServicedeskChannel | undefined> {
    const channel = await this.stored();
    if (!channel || this.belongsToServicedesk(channel)) return undefined;
    await this.storage.delete([key]);
    return channel;
  }

  private belongsToServicedesk(channel: ServicedeskChannel): boolean {
    return !this.servicedeskTeamId || channel.teamId === this.servicedeskTeamId;
  }

  private async stored(): Promise<ServicedeskChannel | undefined> {
    const item = (await this.storage.read([key]))[key];
    if (!item) return undefined;
    const { eTag: _eTag, ...channel } = item;
    return channel as ServicedeskChannel;
  }
}

/**
 * At start-up: drops a registration by a foreign team, and says in the log who may register. A store
 * that cannot be read now is left alone (get() filters foreign registrations on every read anyway).
 */
export async function checkServicedeskChannel(store: ServicedeskChannelStore, servicedeskTeamId: string, logger: Logger): Promise<void> {
  if (!servicedeskTeamId) {
    logger.info('servicedesk channel: local mode, the first team to register receives the tickets (SERVICEDESK_TEAM_ID not set)');
    return;
  }
  try {
    const dropped = await store.dropForeign();
    if (dropped) logger.warn('servicedesk channel registration of another team dropped: only SERVICEDESK_TEAM_ID receives tickets', { registeredAt: dropped.registeredAt });
  } catch (error) {
    logger.error('could not check the stored servicedesk channel at start-up', { error: (error as Error).name, detail: (error as Error).message });
  }
}
