import type { ConversationReference, Storage } from 'botbuilder';

/** The channel that receives tickets: where an agent said "registreer", and who did. */
export interface ServicedeskChannel {
  reference: Partial<ConversationReference>;
  teamId: string;
  channelId: string;
  registeredAt: string;
  /** Teams AAD object id of the agent who registered it (no name stored). */
  registeredBy?: string;
}

const key = 'servicedesk/channel';

/** Keeps the one servicedesk channel in the bot's Storage. */
export class ServicedeskChannelStore {
  constructor(private readonly storage: Storage) {}

  async get(): Promise<ServicedeskChannel | undefined> {
    const item = (await this.storage.read([key]))[key];
    if (!item) return undefined;
    const { eTag: _eTag, ...channel } = item;
    return channel as ServicedeskChannel;
  }

  async register(channel: ServicedeskChannel): Promise<void> {
    await this.storage.write({ [key]: { ...channel, eTag: '*' } });
  }
}
