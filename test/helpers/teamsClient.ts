import type { Activity } from 'botbuilder';
import type { FakeConnector } from './fakeConnector';
import { teamsActivity, type TeamsUser } from './teamsActivity';

/** Posts activities to a running bot the way Teams does; the bot's replies come back via the fake connector. */
export class TeamsClient {
  constructor(
    private readonly connector: FakeConnector,
    private readonly serviceUrl: string,
    public bot: { url: string },
  ) {}

  async post(user: TeamsUser, fields: Partial<Activity>): Promise<Partial<Activity>[]> {
    return this.postActivity(teamsActivity(this.serviceUrl, user, fields));
  }

  /** Posts an exact activity (for instance the same one twice, as Teams does after a timeout); resolves with the replies in its conversation. */
  async postActivity(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    return postToBot(this.bot.url, this.connector, activity);
  }
}

/** Posts an activity to the bot's /api/messages; resolves, once it is answered, with the replies in its conversation. */
export async function postToBot(botUrl: string, connector: FakeConnector, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  const before = connector.calls.length;
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  if (response.status >= 300) throw new Error(`POST /api/messages answered ${response.status}`);
  return connector.repliesSince(before, activity.conversation?.id);
}
