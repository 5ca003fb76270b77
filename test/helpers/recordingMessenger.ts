import type { Activity, TurnContext } from 'botbuilder';
import type { TeamsMessenger } from '../../src/bot/messenger';
import type { ChatReference } from '../../src/tickets/chatReference';
import type { TicketThread } from '../../src/tickets/ticket';
import type { ServicedeskChannel } from '../../src/tickets/servicedeskChannel';

/** A Messenger that keeps what would go to the channel, for in-process dialog tests. */
export class RecordingMessenger implements TeamsMessenger {
  readonly threads: Partial<Activity>[] = [];
  failNextPosts = 0;
  private counter = 0;

  async startThread(_channel: ServicedeskChannel, activity: Partial<Activity>): Promise<TicketThread> {
    if (this.failNextPosts > 0) {
      this.failNextPosts--;
      throw Object.assign(new Error('Service Unavailable'), { statusCode: 503 });
    }
    this.threads.push(activity);
    const activityId = String(++this.counter);
    return { conversationId: `19:servicedesk@thread.tacv2;messageid=${activityId}`, activityId };
  }

  async postInThread(): Promise<void> {}

  async updateCard(): Promise<void> {}

  async inUserChat(_reference: ChatReference, _logic: (context: TurnContext) => Promise<void>): Promise<void> {
    throw new Error('not used in dialog tests');
  }
}
