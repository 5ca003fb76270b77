/**
 * npm run playground: starts the bot in local mode (no Azure, no auth) and the Microsoft 365 Agents
 * Playground (channel msteams) pointed at it, with its telemetry fully off. Open the printed URL and
 * click through the guide as in Teams. Ctrl+C stops both.
 *
 * The bot speaks Dutch from the start: the Playground says en-US on every activity and has no setting for it,
 * so a relay (scripts/localeRelay.ts) gives its activities PLAYGROUND_LOCALE (default nl-NL), as a Dutch Teams
 * client does. Typing English (or Nederlands) switches, as in Teams.
 *
 * PORT (bot, default 3978) and PLAYGROUND_PORT (default 56150) choose the ports;
 * PLAYGROUND_BROWSER=none keeps it from opening a browser.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/core/paths';
import { languageFromLocale } from '../src/i18n/translator';
import { startLocaleRelay } from './localeRelay';

const root = projectRoot();
const botPort = Number(process.env.PORT ?? 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const locale = process.env.PLAYGROUND_LOCALE?.trim() || 'nl-NL';
const children: ChildProcess[] = [];

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, prefix: string, onLine: (line: string) => void = () => {}): ChildProcess {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .forEach((line) => {
        stream.write(`[${prefix}] ${line}\n`);
        onLine(line);
      });
  child.stdout!.on('data', forward(process.stdout));
  child.stderr!.on('data', forward(process.stderr));
  child.on('exit', (code) => {
    process.stdout.write(`[${prefix}] exited with ${code}\n`);
    stopAll(code ?? 0);
  });
  children.push(child);
  return child;
}

function stopAll(code: number): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}

async function waitForBot(): Promise<void> {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${botPort}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the bot did not answer on port ${botPort} within 30 s`);
}

/** The one line to look for: where to open the chat, which language the bot starts in, and how to switch. */
function openLine(port: string): string {
  const url = `http://localhost:${port}`;
  const start = languageFromLocale(locale) === 'en'
    ? 'the bot speaks English; type Nederlands for Dutch (PLAYGROUND_LOCALE=nl-NL starts in Dutch)'
    : 'de bot praat Nederlands; typ English voor Engels (PLAYGROUND_LOCALE=en-US start in het Engels)';
  return `\n  Open ${url} — ${start}\n\n`;
}

async function main(): Promise<void> {
  run(
    process.execPath,
    ['--import', 'tsx', 'src/index.ts'],
    // Local mode: the playground sends no tokens, so no app id, whatever .env says.
    { ...process.env, PORT: String(botPort), PUBLIC_BASE_URL: `http://localhost:${botPort}`, MicrosoftAppId: '', MicrosoftAppPassword: '' },
    root,
    'bot',
  );
  await waitForBot();
  const relay = await startLocaleRelay(`http://127.0.0.1:${botPort}/api/messages`, locale);

  // The playground writes its log and reads its config in its working folder: keep that out of the repo.
  const workDir = path.join(root, 'build', 'playground');
  mkdirSync(workDir, { recursive: true });
  run(
    path.join(root, 'node_modules', '.bin', 'agentsplayground'),
    [
      'start',
      '-e', relay.url,
      '-c', 'msteams',
      '-p', String(playgroundPort),
      '--service-url', `http://127.0.0.1:${playgroundPort}/_connector`,
      '--disable-telemetry',
    ],
    {
      ...process.env,
      // --disable-telemetry alone still leaves an Application Insights heartbeat and statsbeat.
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      APPLICATIONINSIGHTS_CONFIGURATION_CONTENT: JSON.stringify({ enableAutoCollectHeartbeat: false, disableStatsbeat: true }),
      ...(process.env.PLAYGROUND_BROWSER === 'none' ? { TEAMSAPPTESTER_BROWSER: 'none' } : {}),
    },
    workDir,
    'playground',
    // The Playground takes another port when this one is busy: print the one it says it listens on.
    (line) => {
      const listening = /Listening on (\d+)/.exec(line);
      if (listening) process.stdout.write(openLine(listening[1]));
    },
  );
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  stopAll(1);
});
