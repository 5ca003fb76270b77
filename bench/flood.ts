/**
 * One user floods the real bot (spawned, as in the HTTP tests) while another chats: how much reaches Teams (the
 * fake connector's timestamps), how long the flooder's requests are held open, and how much slower the other
 * user is answered than without the flood, measured in the same run.
 *
 *   npm run bench:flood            (FLOOD=300 OTHER=10 to change the counts)
 */
import { spawn } from 'node:child_process';
import type { Activity } from 'botbuilder';
import { BotProcess } from '../test/helpers/botProcess';
import { FakeConnector } from '../test/helpers/fakeConnector';
import { teamsActivity, type TeamsUser } from '../test/helpers/teamsActivity';
import nl from '../src/locales/nl/translation.json';

const floodCount = Number(process.env.FLOOD ?? 300);
const otherCount = Number(process.env.OTHER ?? 10);

const userOf = (name: string): TeamsUser => ({ userId: `29:${name}`, conversationId: `a:${name}`, locale: 'nl-NL' });

interface Posted {
  id: string;
  ms: number;
}

async function post(botUrl: string, serviceUrl: string, user: TeamsUser, fields: Partial<Activity>): Promise<Posted> {
  const activity = teamsActivity(serviceUrl, user, { type: 'message', ...fields });
  const started = performance.now();
  const response = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await response.text();
  return { id: activity.id!, ms: performance.now() - started };
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
const busiest = (times: number[], ms: number) => {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j] <= times[i] - ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

/** Waits until the connector has had no request for the flooder for `quietMs` (its paced backlog is sent). */
async function drained(connector: FakeConnector, conversationId: string, quietMs: number, capMs: number): Promise<void> {
  const deadline = Date.now() + capMs;
  while (Date.now() < deadline) {
    const last = connector.requestsTo(conversationId).at(-1)?.at ?? 0;
    if (Date.now() - last >= quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every flood message at once, one in three a card button press (Action.Submit arrives as a message with a value). */
function flood(botUrl: string, serviceUrl: string): Promise<Posted[]> {
  const flooder = userOf('flooder');
  return Promise.all(Array.from({ length: floodCount }, (_, i) => post(botUrl, serviceUrl, flooder, i % 3 ? { text: `bericht ${i}` } : { value: { action: 'next' } })));
}

/** The flood is fired from a process of its own: 300 requests at once would otherwise delay the fake connector's clock. */
async function floodFromChild(botUrl: string, serviceUrl: string): Promise<Posted[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename], {
    env: { ...process.env, FLOOD_ROLE: 'flooder', FLOOD_BOT_URL: botUrl, FLOOD_SERVICE_URL: serviceUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the flooding process exited with ${code}`);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Posted[];
}

async function main(): Promise<void> {
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const bot = new BotProcess({ LOG_LEVEL: 'warn' });
  await bot.start();
  try {
    const baseline = await chat(bot, serviceUrl, userOf('baseline'));

    const flooder = userOf('flooder');
    const floodStarted = performance.now();
    const flood = floodFromChild(bot.url, serviceUrl);
    const during = await chat(bot, serviceUrl, userOf('bystander'));
    const posted = await flood;
    const floodSeconds = (performance.now() - floodStarted) / 1000;
    await drained(connector, flooder.conversationId, 3000, 90_000);
    const processedIds = new Set(
      connector.callsTo(flooder.conversationId).filter((call) => call.activity.text !== nl.flood.tooFast).map((call) => call.activity.replyToId),
    );
    const held = posted.map((request) => request.ms);
    const heldDropped = posted.filter((request) => !processedIds.has(request.id)).map((request) => request.ms);
    const heldProcessed = posted.filter((request) => processedIds.has(request.id)).map((request) => request.ms);

    const sends = connector.requestsTo(flooder.conversationId, { sendsOnly: true }).map((request) => request.at);
    const rows: [string, string][] = [
      ['flood: activities sent', `${floodCount} in ${floodSeconds.toFixed(1)} s`],
      ['flood: sends reaching the connector', String(sends.length)],
      ['flood: max sends in any 1 s window (Teams: 7)', String(busiest(sends, 1000))],
      ['flood: max sends in any 2 s window (Teams: 8)', String(busiest(sends, 2000))],
      ['flood: max sends in any 30 s window (Teams: 60)', String(busiest(sends, 30_000))],
      ['flood: request held open, max', `${Math.round(Math.max(...held))} ms`],
      ['flood: request held open, p95', `${Math.round(quantile(held, 0.95))} ms`],
      ['flood: answered / dropped at the door', `${heldProcessed.length} / ${heldDropped.length}`],
      ['flood: dropped request held open, max', `${Math.round(Math.max(0, ...heldDropped))} ms`],
      ['flood: dropped request held open, p95', `${Math.round(quantile(heldDropped, 0.95))} ms`],
      ['flood: dropped request held open, median', `${Math.round(quantile(heldDropped, 0.5))} ms`],
      ['flood: answered request held open, max', `${Math.round(Math.max(0, ...heldProcessed))} ms`],
      ['flood: polite messages', String(connector.callsTo(flooder.conversationId).filter((call) => call.activity.text === nl.flood.tooFast).length)],
      ['other user: median latency, no flood (baseline)', `${quantile(baseline, 0.5).toFixed(1)} ms`],
      ['other user: median latency, during the flood', `${quantile(during, 0.5).toFixed(1)} ms`],
      ['other user: median ratio (during / baseline)', (quantile(during, 0.5) / quantile(baseline, 0.5)).toFixed(2)],
      ['other user: max latency during the flood', `${Math.round(Math.max(...during))} ms`],
      ['other user: p95 ratio (during / baseline)', (quantile(during, 0.95) / quantile(baseline, 0.95)).toFixed(2)],
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    console.log(`\n${'measure'.padEnd(width)} | value`);
    console.log(`${'-'.repeat(width)}-|-${'-'.repeat(20)}`);
    for (const [name, value] of rows) console.log(`${name.padEnd(width)} | ${value}`);
  } finally {
    await bot.stop();
    await connector.stop();
  }
}

const role = process.env.FLOOD_ROLE === 'flooder' ? flood(process.env.FLOOD_BOT_URL!, process.env.FLOOD_SERVICE_URL!).then((posted) => void process.stdout.write(JSON.stringify(posted))) : main();
role.catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
