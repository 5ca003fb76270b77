import { BotProcess } from './botProcess';
import { FakeConnector } from './fakeConnector';

export interface LiveBot {
  connector: FakeConnector;
  bot: BotProcess;
  /** The fake connector's address, for the activities' serviceUrl (set once the file's tests start). */
  serviceUrl: string;
}

/** The real bot in its own process and a fake Bot Connector on 127.0.0.1, started before a test file's tests and stopped after them. */
export function liveBot(env: Record<string, string> = {}): LiveBot {
  const live: LiveBot = { connector: new FakeConnector(), bot: new BotProcess(env), serviceUrl: '' };
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
