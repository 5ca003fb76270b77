import { createApp, teamsPace, type App, type AppPorts, type Pace } from '../../src/app';
import { defaultFloodGateOptions } from '../../src/bot/middleware/floodGate';
import { loadConfig, type AppConfig } from '../../src/config';
import { tabsBuildEnv } from './testConfig';
import { createLogger } from '../../src/core/logger';
import { createStorage } from '../../src/storage/createStorage';
import type { BotStorage } from '../../src/storage/botStorage';
import { freePort } from './botProcess';
import { sharedMatcher } from './sharedMatcher';
import { waitUntil } from './waitUntil';


/** A stub connector takes any pace, and a test user presses faster than any person: no limits, only the flood gate's in-flight bound. */
export const unlimitedPace: Pace = {
  perConversation: [],
  perSender: { ...defaultFloodGateOptions, burst: 1e6, refillPerSecond: 1e6 },
};

/**
 * The real app (createApp, started as index.ts starts it: store, channel check, retention, ticket retry,
 * listen) inside the jest process, on a free port of 127.0.0.1, logging to memory. The same surface as
 * BotProcess (start, stop, url, log, waitForLog), for everything that needs no process of its own.
 */
export class InProcessBot {
  readonly lines: string[] = [];
  app!: App;
  config!: AppConfig;
  storage!: BotStorage;
  url = '';
  private stopped = false;

  constructor(
    private readonly env: Record<string, string> = {},
    private readonly ports: Partial<AppPorts> = {},
  ) {}

  async start(): Promise<void> {
    // As BotProcess: a free port, and the screenshots served from the bot itself.
    const port = await freePort();
    this.config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'info', STORAGE: 'memory', ...tabsBuildEnv(), ...this.env });
    const logger = this.ports.logger ?? createLogger(this.config.logLevel, (line) => this.lines.push(line));
    this.storage = this.ports.storage ?? (await createStorage(this.config.storage));
    this.app = createApp(this.config, { matcher: sharedMatcher(), pace: teamsPace, ...this.ports, storage: this.storage, logger });
    this.url = await this.app.start();
  }

  /** Stops as SIGTERM stops the real bot; resolves with 0, the exit code the process would have. */
  async stop(): Promise<number> {
    if (!this.app || this.stopped) return 0;
    this.stopped = true;
    // fetch keeps connections alive; the process would drop them on exit.
    this.app.server.server.closeAllConnections();
    await this.app.stop();
    return 0;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  log(): string {
    return this.lines.join('\n');
  }

  /** Waits until the log contains `text` (some lines are written after the HTTP answer, by background work). */
  async waitForLog(text: string, timeoutMs = 10000): Promise<void> {
    await waitUntil(() => this.log().includes(text), () => `"${text}" not logged:\n${this.log().slice(-3000)}`, timeoutMs);
  }
}
