import type { Activity } from 'botbuilder';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InProcessBot } from '../helpers/inProcessBot';
import { findAction, textOf } from '../helpers/cardText';
import { FakeConnector } from '../helpers/fakeConnector';
import { TeamsClient } from '../helpers/teamsClient';
import type { TeamsUser } from '../helpers/teamsActivity';
import nl from '../../src/locales/nl/translation.json';

jest.setTimeout(90000);

const tenant = { id: '72f988bf-0000-0000-0000-000000000001' };
const servicedesk = { team: '19:team-servicedesk@thread.tacv2', channel: '19:servicedesk@thread.tacv2', other: '19:servicedesk-2@thread.tacv2' };
const firstComer = { team: '19:team-first-comer@thread.tacv2', channel: '19:first-comer@thread.tacv2' };
const piet = { id: '29:agent-piet', name: 'Piet de Vries', aadObjectId: 'aad-piet' };
const outsider = { id: '29:outsider', name: 'Olaf Buiten', aadObjectId: 'aad-olaf' };
const mention = { type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' } };

const connector = new FakeConnector();
const dir = mkdtempSync(path.join(os.tmpdir(), 'servicedesk-channel-'));
// One SQLite file across restarts; always open, so a ticket is posted at once at any hour.
const env = { STORAGE: 'sqlite', SQLITE_PATH: path.join(dir, 'bot.sqlite'), SERVICEDESK_DAYS: '0-6', SERVICEDESK_OPENS: '00:00', SERVICEDESK_CLOSES: '24:00', TICKET_RETRY_SECONDS: '1' };
let serviceUrl = '';
let sequence = 0;

/** "registreer" typed by `from` in a channel of `team`. */
function register(from: typeof piet, team: string, channel: string): Partial<Activity> {
  return {
    type: 'message',
    text: '<at>2FA Servicedesk</at> registreer',
    entities: [mention],
    id: `1900000000${String(++sequence).padStart(4, '0')}`,
    timestamp: new Date(),
    serviceUrl,
    channelId: 'msteams',
    from,
    conversation: { id: `${channel};messageid=17000000000${sequence}`, conversationType: 'channel', isGroup: true, tenantId: tenant.id, name: '' },
    recipient: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' },
    locale: 'nl-NL',
    channelData: { team: { id: team }, channel: { id: channel }, tenant },
  } as Partial<Activity>;
}

const replyTexts = (replies: Partial<Activity>[]) => replies.map((reply) => reply.text);
const threadsIn = (channel: string, since = 0) => connector.callsTo(channel, since).filter((call) => call.path === '/v3/conversations');

beforeAll(async () => {
  serviceUrl = await connector.start();
  connector.addMember(servicedesk.team, piet);
  connector.addMember(firstComer.team, piet);
});
afterAll(async () => {
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the servicedesk channel belongs to SERVICEDESK_TEAM_ID', () => {
  it('in local mode lets the first team register, and says it is local mode', async () => {
    const local = new InProcessBot(env);
    await local.start();
    try {
      await local.waitForLog('local mode');
      const replies = await new TeamsClient(connector, serviceUrl, local).postActivity(register(piet, firstComer.team, firstComer.channel));
      expect(replyTexts(replies)).toEqual([nl.servicedeskChannel.registered]);
    } finally {
      await local.stop();
    }
  });

  describe('once SERVICEDESK_TEAM_ID is set', () => {
    const bot = new InProcessBot({ ...env, SERVICEDESK_TEAM_ID: servicedesk.team });
    let client: TeamsClient;
    beforeAll(async () => {
      await bot.start();
      client = new TeamsClient(connector, serviceUrl, bot);
    });
    afterAll(() => bot.stop());

    it('drops the registration another team stored earlier, at start-up, with a log line', async () => {
      await bot.waitForLog('registration of another team dropped');
    });

    it('posts no ticket to that team: it waits until the servicedesk registers, then goes there', async () => {
      const user: TeamsUser = { userId: '29:channel-user-1', conversationId: 'a:channel-conversation-1', locale: 'nl-NL' };
      connector.addMember(user.conversationId, { id: user.userId, name: 'Jan Jansen', userPrincipalName: 'jan.jansen@central.zorgring.nl', aadObjectId: 'aad-user-1' });
      const before = connector.calls.length;
      const [ask] = await client.post(user, { type: 'message', text: 'ik wil een medewerker' });
      expect(textOf(ask)).toContain(nl.handoff.ask.question);
      await client.post(user, { type: 'message', value: { action: 'handoff', choice: 'confirm' } });
      await client.post(user, { type: 'message', value: { action: 'handoff', choice: 'describe', description: 'mijn code werkt niet' } });
      const created = await client.post(user, { type: 'message', value: { action: 'handoff', choice: 'consent' } });
      expect(findAction(created.at(-1), 'cancelTicket').data.ticket).toBeDefined();

      const registered = await client.postActivity(register(piet, servicedesk.team, servicedesk.channel));
      // A first registration, not a move: the first comer's is gone.
      expect(replyTexts(registered)).toEqual([nl.servicedeskChannel.registered]);
      await connector.waitFor((call) => call.path === '/v3/conversations' && call.conversationId === servicedesk.channel, before);
      expect(threadsIn(firstComer.channel, before)).toEqual([]);
    });

    it('refuses a registration by another team', async () => {
      const replies = await client.postActivity(register(piet, firstComer.team, firstComer.channel));
      expect(replyTexts(replies)).toEqual([nl.servicedeskChannel.otherTeam]);
    });

    it('lets only a member of the servicedesk team move the channel within the team', async () => {
      const refused = await client.postActivity(register(outsider, servicedesk.team, servicedesk.other));
      expect(replyTexts(refused)).toEqual([nl.servicedeskChannel.otherTeam]);
      const moved = await client.postActivity(register(piet, servicedesk.team, servicedesk.other));
      expect(replyTexts(moved)).toEqual([nl.servicedeskChannel.moved]);
    });
  });
});
