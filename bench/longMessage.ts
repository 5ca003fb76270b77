/**
 * What one long message costs, over the real server: the latency of a short question (the baseline) against
 * 28,000-character messages (with and without spaces) and a 100,000-character one (cut to 28,000 at the door),
 * and the latency of GET /healthz while long messages are being handled. Prints a table; targets from issue 9:
 * a 28,000-character message < 100 ms more than a short one, /healthz < 50 ms meanwhile.
 *
 *   npm run bench:long-message            (ROUNDS=30 for more samples)
 */
import { BotProcess } from '../test/helpers/botProcess';
import { FakeConnector } from '../test/helpers/fakeConnector';
import { teamsActivity } from '../test/helpers/teamsActivity';

const rounds = Number(process.env.ROUNDS ?? 15);

const cases: { name: string; text: string }[] = [
  { name: 'short question (baseline)', text: 'mijn code werkt niet' },
  { name: '28,000 chars, with spaces', text: 'mijn authenticator code werkt niet meer '.repeat(700).slice(0, 28_000) },
  { name: '28,000 chars, no spaces', text: 'x'.repeat(28_000) },
  { name: '28,000 chars, no spaces, @ and digits', text: 'jan.jansen1234'.repeat(2000).slice(0, 28_000) },
  { name: '100,000 chars (cut to 28,000)', text: 'y'.repeat(100_000) },
];

let sequence = 0;

async function post(bot: BotProcess, serviceUrl: string, text: string, locale: string): Promise<number> {
  // A fresh user and conversation each time: no flood gate or per-conversation pacing in the figures.
  const n = ++sequence;
  const activity = teamsActivity(serviceUrl, { userId: `29:bench-${n}`, conversationId: `a:bench-${n}`, locale }, { type: 'message', text });
  const started = performance.now();
  const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`POST answered ${response.status}`);
  return performance.now() - started;
}

async function health(bot: BotProcess): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${bot.url}/healthz`);
  await response.arrayBuffer();
  return performance.now() - started;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main(): Promise<void> {
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const bot = new BotProcess();
  await bot.start();
  try {
    for (const locale of ['nl-NL', 'en-US']) for (const { text } of cases) await post(bot, serviceUrl, text, locale); // warm-up

    const samples = new Map<string, number[]>();
    // Interleaved, so a busy neighbour on the machine slows every case alike.
    for (let round = 0; round < rounds; round++) {
      for (const locale of ['nl-NL', 'en-US']) {
        for (const { name, text } of cases) {
          const key = `${name} [${locale}]`;
          samples.set(key, [...(samples.get(key) ?? []), await post(bot, serviceUrl, text, locale)]);
        }
      }
    }

    const idle: number[] = [];
    for (let i = 0; i < rounds * 4; i++) idle.push(await health(bot));
    // /healthz while two senders keep long messages (both kinds, both languages) in flight.
    const busy: number[] = [];
    let sending = true;
    const sender = async (offset: number) => {
      for (let i = offset; sending; i++) await post(bot, serviceUrl, cases[1 + (i % (cases.length - 1))].text, i % 2 ? 'en-US' : 'nl-NL');
    };
    const senders = [sender(0), sender(1)];
    for (let i = 0; i < rounds * 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      busy.push(await health(bot));
    }
    sending = false;
    await Promise.all(senders);

    const rows: string[][] = [['case', 'median ms', 'p95 ms', '+median vs baseline', 'ratio']];
    for (const locale of ['nl-NL', 'en-US']) {
      const base = quantile(samples.get(`${cases[0].name} [${locale}]`)!, 0.5);
      for (const { name } of cases) {
        const values = samples.get(`${name} [${locale}]`)!;
        const median = quantile(values, 0.5);
        rows.push([`${name} [${locale}]`, median.toFixed(1), quantile(values, 0.95).toFixed(1), (median - base).toFixed(1), (median / base).toFixed(2)]);
      }
    }
    const idleMedian = quantile(idle, 0.5);
    for (const [name, values] of [['GET /healthz, idle (baseline)', idle], ['GET /healthz during long messages', busy]] as const) {
      const median = quantile(values, 0.5);
      rows.push([name, median.toFixed(1), quantile(values, 0.95).toFixed(1), (median - idleMedian).toFixed(1), (median / idleMedian).toFixed(2)]);
    }
    rows.push(['GET /healthz during long messages, max', Math.max(...busy).toFixed(1), '', '', '']);
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
    console.log(`\n${rounds} rounds per case; targets: +median < 100 ms for 28,000 characters, /healthz p95 < 50 ms during long messages.`);
  } finally {
    await bot.stop();
    await connector.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
