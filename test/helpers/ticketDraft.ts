import type { Ticket } from '../../src/tickets/ticket';

/** A ticket as the handoff hands it to the store before it has a number: open, from Jan's 1:1 chat `conversationId`. */
export function ticketDraft(conversationId: string): Omit<Ticket, 'id'> {
  const at = new Date().toISOString();
  return {
    status: 'open',
    createdAt: at,
    updatedAt: at,
    user: { name: 'Jan', language: 'nl', reference: { conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' } } },
    questions: [],
    transcript: [],
    postAttempts: 0,
    history: [],
  };
}
