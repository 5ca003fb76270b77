import type { AppPorts } from '../../src/app';
import { InProcessBot } from './inProcessBot';
import { FakeConnector } from './fakeConnector';

export interface LiveBot {
  connector: FakeConnector;
  bot: InProcessBot;
  /** The fake connector's address, for the activities' serviceUrl (set once the file's tests start). */
  serviceUrl: string;
}

/** The real app (in the jest process, see InProcessBot) and a fake Bot Connector on 127.0.0.1, started before a test file's tests and stopped after them. */
export function liveBot(env: Record<string, string> = {}, ports: Partial<AppPorts> = {}): LiveBot {
  const live: LiveBot = { connector: new FakeConnector(), bot: new InProcessBot(env, ports), serviceUrl: '' };
  beforeAll(async () => {
    live.serviceUrl = await live.connector.start();
    await live.bot.start();
  });
  afterAll(async () => {
    await live.bot.stop();
    await live.connector.stop();
  });
  return live;
}
