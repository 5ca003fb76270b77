import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { tabsBuildEnv } from './testConfig';
import { waitUntil } from './waitUntil';

const root = path.join(__dirname, '../..');

/** The environment variable through which test/setup/globalSetup.ts tells the test files where it compiled src/ to. */
export const botBuildVariable = 'TEST_BOT_BUILD';

/** The Node flags of `npm start` (package.json's start script: `node <flags> dist/src/index.js`): its heap limits. */
export function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const match = /^node((?:\s+--\S+)*)\s+dist\/src\/index\.js$/.exec(start.trim());
  if (!match) throw new Error(`npm start is not "node [--flags] dist/src/index.js": ${start}`);
  return match[1].split(/\s+/).filter(Boolean);
}

/**
 * How to start the bot: the run's compiled build (with the saved matcher model) when jest's globalSetup made one,
 * as `npm start` runs dist/; otherwise the sources through tsx, which compiles on the fly and trains the matcher.
 */
function botCommand(): string[] {
  const build = process.env[botBuildVariable];
  const entry = build && path.join(build, 'src', 'index.js');
  return entry && existsSync(entry) ? [...startFlags(), entry] : [...startFlags(), '--import', 'tsx', 'src/index.ts'];
}

/**
 * The organisation's own values for everything src/organisation.json marks as an example (here: the examples,
 * confirmed as right): without them a production configuration does not load.
 */
export const confirmedExamplesEnv = {
  VPN_CONNECTION_NAME: 'Zorgring VPN',
  VPN_REMOTE_GATEWAY: 'vpn.zorgring.nl',
  VPN_PORT: '443',
  SERVICEDESK_PHONE: '088 123 4567',
  SERVICEDESK_EMAIL: 'servicedesk@zorgring.nl',
  SERVICEDESK_OPENS: '08:00',
  SERVICEDESK_CLOSES: '17:00',
  SERVICEDESK_DAYS: '1-5',
} as const;

/** The keys that make a configuration production: an app id, its secret (which must never show in a log), the servicedesk team. */
export const productionIdentityEnv = {
  MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppType: 'MultiTenant',
  SERVICEDESK_TEAM_ID: '19:team@thread.tacv2',
} as const;

/** A production configuration that starts: the identity and the organisation's confirmed values. */
export const productionEnv = { ...productionIdentityEnv, ...confirmedExamplesEnv } as const;

/** How long start() waits for the bot to answer /healthz: two bots starting at once on a busy 2-core machine can take over 15 s (far longer from the sources: tsx compiles, the matcher trains). */
export const botStartTimeoutMs = 30_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The real bot (src/index.ts, compiled) in its own process, as `npm start` runs it, on a free port of 127.0.0.1. */
export class BotProcess {
  readonly output: string[] = [];
  private child?: ChildProcess;
  port = 0;

  constructor(private readonly env: Record<string, string> = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    this.child = spawn(process.execPath, botCommand(), {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(this.port),
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: `http://127.0.0.1:${this.port}`,
        LOG_LEVEL: 'info',
        STORAGE: 'memory',
        // An empty .env-free environment: the keys below are all the bot sees.
        DOTENV_CONFIG_PATH: path.join(root, 'test/fixtures/empty.env'),
        ...tabsBuildEnv(),
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    const deadline = Date.now() + botStartTimeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`bot exited early:\n${this.output.join('')}`);
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`bot did not start:\n${this.output.join('')}`);
  }

  /** Sends SIGTERM (or another signal) and resolves with the exit code (null when killed by the signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  log(): string {
    return this.output.join('');
  }

  /** Waits until the bot's output contains `text` (its stdout arrives a little after its HTTP answers). */
  async waitForLog(text: string, timeoutMs = 10000): Promise<void> {
    await waitUntil(() => this.log().includes(text), () => `"${text}" not logged:\n${this.log().slice(-3000)}`, timeoutMs);
  }
}
