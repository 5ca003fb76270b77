import { TeamsApiError } from '../../src/core/errors';
import { translatorFor } from '../../src/i18n/translator';
import { silentLogger } from '../../src/core/logger';
import { createHandoff } from '../../src/handoff/handoff';
import type { MemberDirectory, Messenger, OutgoingMessage, UserChat } from '../../src/handoff/ports';
import { MemoryStore } from '../../src/storage/botStorage';
import { ServicedeskChannelStore } from '../../src/tickets/servicedeskChannel';
import { StorageTicketStore } from '../../src/tickets/ticketStore';
import { testCards } from '../helpers/testCards';

/** The ticket cards need the guide's cards, not the matcher. */
const { i18n, ticketCards } = testCards();
const agentT = translatorFor(i18n, 'nl');
const now = new Date('2026-12-01T09:00:00Z');

/** A user's chat that receives messages, or refuses them with `failWith`. */
class FakeMessenger implements Messenger {
  readonly toUser: (OutgoingMessage | string)[] = [];
  readonly relayed: OutgoingMessage[] = [];
  readonly resumedAt: string[] = [];
  stepsShown = 0;
  failWith?: Error;

  async startThread() {
    return { conversationId: '19:sd@thread.tacv2;messageid=1', activityId: '1' };
  }
  async postInThread() {}
  async updateCard() {}
  async inUserChat(_reference: unknown, logic: (chat: UserChat) => Promise<void>) {
    if (this.failWith) throw this.failWith;
    await logic({
      language: 'nl',
      t: agentT,
      send: async (message) => void this.toUser.push(message),
      relay: async (message) => void this.relayed.push(message),
      resumeGuide: async (position) => void this.resumedAt.push(position.key),
      showStepAgain: async () => void this.stepsShown++,
    });
  }
}

const member: MemberDirectory = { isMember: async () => true, userPrincipalName: async () => undefined };
const agent = { id: '29:piet', name: 'Piet', teamId: 'team' };

async function setUp() {
  const storage = new MemoryStore();
  const tickets = new StorageTicketStore(storage);
  const channel = new ServicedeskChannelStore(storage);
  await channel.register({ reference: {}, teamId: 'team', channelId: '19:sd@thread.tacv2', registeredAt: now.toISOString() });
  const messenger = new FakeMessenger();
  const { servicedesk } = createHandoff({ tickets, channel, messenger, cards: ticketCards, agentT, agentLanguage: 'nl', logger: silentLogger, now: () => now });
  const { ticket } = await tickets.escalate({ conversationId: 'a:jan', activityId: 'consent-1' }, async () => ({
    status: 'open',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    user: { name: 'Jan', language: 'nl', reference: { conversation: { id: 'a:jan', isGroup: false, conversationType: 'personal', name: '' } } },
    step: 'forticlient.openVpn',
    questions: [],
    transcript: [],
    thread: { conversationId: '19:sd@thread.tacv2;messageid=1', activityId: '1' },
    postAttempts: 1,
    history: [],
  }));
  await tickets.linkThread(ticket);
  return { tickets, servicedesk, messenger, ticket };
}

describe('the servicedesk side', () => {
  it('takes a ticket and tells the user, in their chat', async () => {
    const { servicedesk, messenger, ticket } = await setUp();
    const outcome = await servicedesk.agentAction(agent, member, { ticket: ticket.id, op: 'take' });
    expect(outcome).toEqual(expect.objectContaining({ kind: 'moved', move: 'take', delivery: 'delivered' }));
    expect(messenger.toUser).toEqual([agentT('handoff.taken', { agent: 'Piet', number: ticket.id })]);
  });

  it('reads a 403 on the user\'s chat as "the user is gone", any other failure as "not delivered"', async () => {
    const { servicedesk, messenger, ticket } = await setUp();
    messenger.failWith = new TeamsApiError('inUserChat', 403, 'Forbidden');
    expect(await servicedesk.agentAction(agent, member, { ticket: ticket.id, op: 'take' })).toEqual(expect.objectContaining({ delivery: 'userGone' }));
    messenger.failWith = new TeamsApiError('inUserChat', 404, 'ConversationNotFound');
    expect(await servicedesk.agentAction(agent, member, { ticket: ticket.id, op: 'relay' })).toEqual(expect.objectContaining({ delivery: 'notDelivered' }));
    // A message that says 403 is still not a 403: only the status counts.
    messenger.failWith = new Error('403 Forbidden');
    expect(await servicedesk.agentAction(agent, member, { ticket: ticket.id, op: 'close' })).toEqual(expect.objectContaining({ delivery: 'notDelivered' }));
  });

  it('hands the user back to the guide at the chosen step, with the agent\'s line first', async () => {
    const { servicedesk, messenger, ticket } = await setUp();
    const outcome = await servicedesk.agentAction(agent, member, { ticket: ticket.id, op: 'handBack', handBackStep: 'mfasetup.scanQrCode', agentNote: 'Probeer het opnieuw' });
    expect(outcome).toEqual(expect.objectContaining({ kind: 'moved', move: 'handBack', delivery: 'delivered' }));
    expect(messenger.toUser[0]).toBe(agentT('handoff.agentSays', { agent: 'Piet', text: 'Probeer het opnieuw' }));
    expect(messenger.resumedAt).toEqual(['mfasetup.scanQrCode']);
  });

  it('refuses someone outside the servicedesk team, or when Teams cannot say, and changes nothing', async () => {
    const { servicedesk, tickets, ticket } = await setUp();
    expect(await servicedesk.agentAction({ ...agent, teamId: 'other' }, member, { ticket: ticket.id, op: 'take' })).toEqual({ kind: 'notAgent' });
    expect(await servicedesk.agentAction(agent, { ...member, isMember: async () => false }, { ticket: ticket.id, op: 'take' })).toEqual({ kind: 'notAgent' });
    const failing = { ...member, isMember: () => Promise.reject(new TeamsApiError('getTeamMember', 503)) };
    expect(await servicedesk.agentAction(agent, failing, { ticket: ticket.id, op: 'take' })).toEqual({ kind: 'memberCheckFailed' });
    expect((await tickets.get(ticket.id))?.status).toBe('open');
  });

  it('keeps notes among agents and messages outside a taken-over chat in the thread', async () => {
    const { servicedesk, messenger, ticket } = await setUp();
    const message = { conversationId: ticket.thread!.conversationId, rootId: ticket.thread!.activityId, text: 'Hallo', attachments: [] };
    expect(await servicedesk.agentMessage(agent, member, message)).toEqual({ kind: 'kept' });
    await servicedesk.agentAction(agent, member, { ticket: ticket.id, op: 'relay' });
    messenger.toUser.length = 0;
    expect(await servicedesk.agentMessage(agent, member, { ...message, text: '// alleen voor ons' })).toEqual({ kind: 'kept' });
    expect(await servicedesk.agentMessage(agent, member, message)).toEqual(expect.objectContaining({ kind: 'relayed', delivery: 'delivered' }));
    expect(messenger.relayed).toEqual([{ text: agentT('handoff.agentSays', { agent: 'Piet', text: 'Hallo' }), attachments: [] }]);
    expect(await servicedesk.agentMessage(agent, member, { ...message, conversationId: '19:other', rootId: undefined })).toEqual({ kind: 'notInThread' });
  });
});
