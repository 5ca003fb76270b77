import type { Activity } from 'botbuilder';

export interface TeamsUser {
  userId: string;
  conversationId: string;
  locale: string;
}

let sequence = 0;

/** An activity shaped the way Teams posts it to /api/messages in a 1:1 chat. */
export function teamsActivity(serviceUrl: string, user: TeamsUser, fields: Partial<Activity>): Partial<Activity> {
  const tenantId = '72f988bf-0000-0000-0000-000000000001';
  return {
    id: `1700000000${String(++sequence).padStart(4, '0')}`,
    timestamp: new Date(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: user.userId, name: 'Jan Jansen', aadObjectId: '8f2b0c2e-0000-0000-0000-000000000002' },
    conversation: { id: user.conversationId, conversationType: 'personal', tenantId, isGroup: false, name: '' },
    recipient: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' },
    locale: user.locale,
    entities: [{ type: 'clientInfo', locale: user.locale, country: 'NL', platform: 'Web', timezone: 'Europe/Amsterdam' }],
    channelData: { tenant: { id: tenantId } },
    ...fields,
  } as Partial<Activity>;
}

/** "@2FA Servicedesk registreer" typed by `from` in the root of a channel of `team`: makes that channel the servicedesk channel. */
export function channelRegistration(
  serviceUrl: string,
  from: { id: string; name?: string; aadObjectId?: string },
  where: { team: { id: string }; tenant: { id: string }; channelId: string },
): Partial<Activity> {
  const bot = { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' };
  return {
    id: '1900000000001',
    timestamp: new Date(),
    serviceUrl,
    channelId: 'msteams',
    from,
    conversation: { id: `${where.channelId};messageid=1700000000001`, conversationType: 'channel', isGroup: true, tenantId: where.tenant.id, name: '' },
    recipient: bot,
    channelData: { team: where.team, channel: { id: where.channelId }, tenant: where.tenant },
    type: 'message',
    text: '<at>2FA Servicedesk</at> registreer',
    entities: [{ type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: bot }],
  } as Partial<Activity>;
}
