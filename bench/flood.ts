/**
 * One user floods the real bot (spawned, as in the HTTP tests) while another chats: how much reaches Teams (the
 * fake connector's timestamps), how long the flooder's requests are held open, and how much slower the other
 * user is answered than without the flood, all measured in the same run.
 *
 *   npm run bench:flood            (FLOOD=300 SERIAL=150 OTHER=10 change the counts)
 *
 * Two floods: `burst` fires every message at once (a script, or Teams delivering a paste of many lines);
 * `serial` sends the next as soon as the previous is answered (a client that waits, as fast as it can).
 * Baselines: the other user's latency without a flood, and as many /healthz requests fired at once as the
 * burst (what this machine needs just to accept that many requests).
 */
import { spawn } from 'node:child_process';
import type { Activity } from 'botbuilder';
import { BotProcess } from '../test/helpers/botProcess';
import { FakeConnector } from '../test/helpers/fakeConnector';
import { teamsActivity, type TeamsUser } from '../test/helpers/teamsActivity';
import nl from '../src/locales/nl/translation.json';

const burstCount = Number(process.env.FLOOD ?? 300);
const serialCount = Number(process.env.SERIAL ?? 150);
const otherCount = Number(process.env.OTHER ?? 10);

type Role = 'healthz' | 'burst' | 'serial';

interface Posted {
  id: string;
  ms: number;
}

const userOf = (name: string): TeamsUser => ({ userId: `29:${name}`, conversationId: `a:${name}`, locale: 'nl-NL' });

async function post(botUrl: string, serviceUrl: string, user: TeamsUser, fields: Partial<Activity>): Promise<Posted> {
  const activity = teamsActivity(serviceUrl, user, { type: 'message', ...fields });
  const started = performance.now();
  const response = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await response.text();
  return { id: activity.id!, ms: performance.now() - started };
}

/** One in three flood messages is a card button press (Action.Submit arrives as a message with a value). */
const floodFields = (i: number): Partial<Activity> => (i % 3 ? { text: `bericht ${i}` } : { value: { action: 'next' } });

/** What a child process does; it prints its requests as JSON. */
async function runRole(role: Role, botUrl: string, serviceUrl: string): Promise<Posted[]> {
  if (role === 'healthz') {
    return Promise.all(
      Array.from({ length: burstCount }, async () => {
        const started = performance.now();
        await (await fetch(`${botUrl}/healthz`)).text();
        return { id: '', ms: performance.now() - started };
      }),
    );
  }
  const flooder = userOf(`flooder-${role}`);
  if (role === 'burst') return Promise.all(Array.from({ length: burstCount }, (_, i) => post(botUrl, serviceUrl, flooder, floodFields(i))));
  const posted: Posted[] = [];
  for (let i = 0; i < serialCount; i++) posted.push(await post(botUrl, serviceUrl, flooder, floodFields(i)));
  return posted;
}

/** Floods come from a process of their own: 300 requests at once would otherwise delay the fake connector's clock. */
async function inChild(role: Role, botUrl: string, serviceUrl: string): Promise<Posted[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename], {
    env: { ...process.env, FLOOD_ROLE: role, FLOOD_BOT_URL: botUrl, FLOOD_SERVICE_URL: serviceUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the ${role} process exited with ${code}`);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Posted[];
}

/** The other user's latencies, one message after another with a short pause, as a person would. */
async function chat(bot: BotProcess, serviceUrl: string, user: TeamsUser): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < otherCount; i++) {
    latencies.push((await post(bot.url, serviceUrl, user, { text: i % 2 ? 'help' : 'hallo' })).ms);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return latencies;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
/** The most timestamps (sorted) in any window of `ms`. */
const busiest = (times: number[], ms: number) => {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j] <= times[i] - ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

/**
 * Waits until the connector has had nothing for the conversation for `quietMs` and the polite message (paced
 * like every send, so it may wait for Teams' 30-s window) has arrived.
 */
async function drained(connector: FakeConnector, conversationId: string, quietMs: number, capMs: number): Promise<void> {
  const deadline = Date.now() + capMs;
  while (Date.now() < deadline) {
    const last = connector.requestsTo(conversationId).at(-1)?.at ?? 0;
    const polite = connector.callsTo(conversationId).some((call) => call.activity.text === nl.flood.tooFast);
    if (polite && Date.now() - last >= quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface FloodResult {
  seconds: number;
  posted: Posted[];
  answered: Posted[];
  dropped: Posted[];
  sends: number[];
  polite: number;
  during: number[];
}

async function measureFlood(role: 'burst' | 'serial', bot: BotProcess, connector: FakeConnector, serviceUrl: string): Promise<FloodResult> {
  const conversationId = userOf(`flooder-${role}`).conversationId;
  const started = performance.now();
  const flood = inChild(role, bot.url, serviceUrl);
  const during = await chat(bot, serviceUrl, userOf(`bystander-${role}`));
  const posted = await flood;
  const seconds = (performance.now() - started) / 1000;
  await drained(connector, conversationId, 3000, 60_000);
  const calls = connector.callsTo(conversationId);
  const answeredIds = new Set(calls.filter((call) => call.activity.text !== nl.flood.tooFast).map((call) => call.activity.replyToId));
  return {
    seconds,
    posted,
    answered: posted.filter((request) => answeredIds.has(request.id)),
    dropped: posted.filter((request) => !answeredIds.has(request.id)),
    sends: connector.requestsTo(conversationId, { sendsOnly: true }).map((request) => request.at),
    polite: calls.filter((call) => call.activity.text === nl.flood.tooFast).length,
    during,
  };
}

async function main(): Promise<void> {
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const bot = new BotProcess({ LOG_LEVEL: 'warn' });
  await bot.start();
  try {
    const baseline = await chat(bot, serviceUrl, userOf('baseline'));
    const healthz = (await inChild('healthz', bot.url, serviceUrl)).map((request) => request.ms);
    const results = { burst: await measureFlood('burst', bot, connector, serviceUrl), serial: await measureFlood('serial', bot, connector, serviceUrl) };

    const ms = (value: number) => `${Math.round(value)} ms`;
    const rows: [string, (result: FloodResult) => string][] = [
      ['activities sent by the flooder', (r) => `${r.posted.length} in ${r.seconds.toFixed(1)} s`],
      ['answered / acknowledged unprocessed', (r) => `${r.answered.length} / ${r.dropped.length}`],
      ['polite messages', (r) => String(r.polite)],
      ['sends reaching the connector', (r) => String(r.sends.length)],
      ['max sends in any 1 s window (Teams: 7)', (r) => String(busiest(r.sends, 1000))],
      ['max sends in any 2 s window (Teams: 8)', (r) => String(busiest(r.sends, 2000))],
      ['max sends in any 30 s window (Teams: 60)', (r) => String(busiest(r.sends, 30_000))],
      ['flooder request held open, max', (r) => ms(Math.max(...r.posted.map((p) => p.ms)))],
      ['flooder request held open, p95', (r) => ms(quantile(r.posted.map((p) => p.ms), 0.95))],
      ['unprocessed request held open, p95', (r) => ms(quantile(r.dropped.map((p) => p.ms), 0.95))],
      [`  ratio to ${burstCount} /healthz at once, p95`, (r) => (quantile(r.dropped.map((p) => p.ms), 0.95) / quantile(healthz, 0.95)).toFixed(2)],
      ['answered request held open, max', (r) => ms(Math.max(0, ...r.answered.map((p) => p.ms)))],
      ['other user: median latency', (r) => `${quantile(r.during, 0.5).toFixed(1)} ms`],
      ['other user: median ratio to no flood', (r) => (quantile(r.during, 0.5) / quantile(baseline, 0.5)).toFixed(2)],
      ['other user: max latency', (r) => ms(Math.max(...r.during))],
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    const column = 22;
    console.log(`\nbaseline: other user median ${quantile(baseline, 0.5).toFixed(1)} ms (max ${ms(Math.max(...baseline))}); ${burstCount} /healthz at once: p95 ${ms(quantile(healthz, 0.95))}\n`);
    console.log(`${'measure'.padEnd(width)} | ${'burst flood'.padEnd(column)} | serial flood`);
    console.log(`${'-'.repeat(width)}-|-${'-'.repeat(column)}-|-${'-'.repeat(column)}`);
    for (const [name, value] of rows) console.log(`${name.padEnd(width)} | ${value(results.burst).padEnd(column)} | ${value(results.serial)}`);
  } finally {
    await bot.stop();
    await connector.stop();
  }
}

const role = process.env.FLOOD_ROLE as Role | undefined;
const run = role
  ? runRole(role, process.env.FLOOD_BOT_URL!, process.env.FLOOD_SERVICE_URL!).then((posted) => void process.stdout.write(JSON.stringify(posted)))
  : main();
run.catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
