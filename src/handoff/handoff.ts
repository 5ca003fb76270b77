import type { TicketStore } from '../tickets/ticketStore';
import { PostQueue } from './postQueue';
import { ServicedeskSide } from './servicedeskSide';
import { TicketChannel, type TicketChannelDeps } from './ticketChannel';
import { UserSide } from './userSide';

export interface HandoffDeps extends TicketChannelDeps {
  tickets: TicketStore;
  now?: () => Date;
  /** How long the user's turn waits for the channel post before answering anyway (ms). */
  postWaitMs?: number;
  /** How long a claim on a ticket's channel post holds (ms); see PostQueue. */
  postLeaseMs?: number;
}

/** The servicedesk in the loop, on plain data: the user's side, the servicedesk's side and the post queue. */
export interface Handoff {
  user: UserSide;
  servicedesk: ServicedeskSide;
  queue: PostQueue;
}

/** Builds the handoff's use cases on one set of ports. */
export function createHandoff(deps: HandoffDeps): Handoff {
  const now = deps.now ?? (() => new Date());
  const { tickets, channel, messenger, agentT, logger } = deps;
  const ticketChannel = new TicketChannel({ channel, messenger, cards: deps.cards, agentT, agentLanguage: deps.agentLanguage, logger });
  const queue = new PostQueue({ tickets, channel, messenger, ticketChannel, logger, now, postLeaseMs: deps.postLeaseMs });
  return {
    queue,
    user: new UserSide({ tickets, channel, messenger, ticketChannel, queue, agentT, logger, now, postWaitMs: deps.postWaitMs }),
    servicedesk: new ServicedeskSide({ tickets, channel, messenger, ticketChannel, cards: deps.cards, agentT, logger, now }),
  };
}
