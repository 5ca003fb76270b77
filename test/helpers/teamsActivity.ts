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
