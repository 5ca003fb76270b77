/**
 * npm run bench: the bot's turn latency and throughput against botbuilder's plain echo bot and "the floor" (an
 * echo bot with state on the same SQLite store and a card reply of the same size), measured in one run over
 * HTTP with a fake Bot Connector, plus start-up, memory, store growth and the largest card. See docs/speed.md.
 *
 *   npm run bench               the full run (a few minutes)
 *   npm run bench -- --quick    one short round, for trying a change
 *
 * Every process is its own: the runner (this file), the driver, the connector, the bot and both baselines. The
 * runner forks the driver and the connector from this same file (SPEED_ROLE says which), starts the bots beside
 * each other, and alternates them turn kind by turn kind, rotating who goes first each round. Progress goes to
 * stderr, the table to stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startFlags } from '../test/helpers/botProcess';
import { sleep } from '../src/core/deadline';
import { runConnector, wallClock, type ConnectorRequest, type ConnectorTake } from './speed/connector';
import { Driver, turnKinds, type DriverRequest, type LevelResult, type Sample, type Target, type TurnKind } from './speed/driver';
import { runBaseline } from './speed/baselines';
import { Helper, serve } from './speed/ipc';
import { fixed, markdownTable, median, medianRatios, medianStats, turnStats, verdict, type TurnStats } from './speed/report';
import { ensureBuild } from './ensureBuild';

const root = path.join(__dirname, '..');
const quick = process.argv.includes('--quick');
const plan = {
  rounds: quick ? 1 : 5,
  levels: [1, 50, 200],
  /** Turns per kind, bot and round at each level. */
  turns: (quick ? { 1: 40, 50: 200, 200: 300 } : { 1: 100, 50: 400, 200: 500 }) as Record<number, number>,
  /** Conversations each bot is driven with: enough that each gets a turn at most every `gapMs` at the echo's pace. */
  pool: quick ? 800 : 1500,
  gapMs: 1200,
  /** The conversations for memory and store size ("after 10,000 conversations"; the quick run scales up from fewer). */
  fill: quick ? 1000 : 10_000,
  startups: quick ? 1 : 3,
  /** Past the flood gate's minute between sweeps (the pacer keeps a conversation for Teams' hourly window). */
  settleMs: 65_000,
  /** No new round starts after this. */
  capMs: (quick ? 3 : 12) * 60_000,
};
const botNames = ['bot', 'echo', 'floor'] as const;
type BotName = (typeof botNames)[number];

const progress = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const kilobytesOf = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
};

/** One bot process of the run: the bot under test (compiled, local mode, SQLite) or a baseline. */
class RunningBot {
  private child?: ChildProcess;
  private output = '';
  spawnedAt = 0;
  target!: Target;
  readonly sqlitePath: string;
  /** The largest RSS seen while it was driven. */
  peakRssKb = 0;

  constructor(
    readonly name: BotName,
    private readonly serviceBase: string,
    dir: string,
    private readonly floorCardBytes = 0,
  ) {
    this.sqlitePath = path.join(dir, `${name}.sqlite`);
  }

  async start(): Promise<void> {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      STORAGE: 'sqlite',
      SQLITE_PATH: this.sqlitePath,
      DOTENV_CONFIG_PATH: path.join(root, 'test/fixtures/empty.env'),
      SPEED_ROLE: this.name,
      FLOOR_CARD_BYTES: String(this.floorCardBytes),
    };
    // The bot as `npm start` runs it (with its flags), plus a preloaded probe that reports its heap over IPC (src/ has no endpoint for it).
    const args =
      this.name === 'bot'
        ? ['--expose-gc', '--require', path.join(__dirname, 'speed/heapProbe.cjs'), ...startFlags(), ...nodeFlagsToTry(), ...(process.env.SPEED_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SPEED_CPU_PROF}`] : []), 'dist/src/index.js']
        : ['--import', 'tsx', path.join(__dirname, 'speed.ts')];
    this.spawnedAt = wallClock();
    this.child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.child.once('exit', (code, signal) => {
      if (code && !signal) progress(`${this.name} exited with ${code}:\n${this.output}`);
    });
    this.target = { name: this.name, url: `http://127.0.0.1:${port}`, serviceUrl: `${this.serviceBase}/${this.name}/` };
  }

  get pid(): number {
    return this.child!.pid!;
  }

  sampleRss(): void {
    this.peakRssKb = Math.max(this.peakRssKb, kilobytesOf(this.pid, 'VmRSS'));
  }

  /** The bot's heap after a full collection, and the largest heap total and off-heap memory the probe saw. */
  async heap(): Promise<HeapProbe> {
    if (this.name !== 'bot') throw new Error(`${this.name} has no heap probe`);
    return new Promise((resolve) => {
      this.child!.once('message', (message: HeapProbe) => resolve(message));
      this.child!.send('heap');
    });
  }

  async stop(): Promise<void> {
    const child = this.child!;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  }

  storeBytes(): number {
    return ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(this.sqlitePath + suffix) ? statSync(this.sqlitePath + suffix).size : 0), 0);
  }
}

/** The turns of one measurement, checked against what the connector saw: every turn got a reply, and none after its HTTP answer. */
interface Checked {
  latencies: number[];
  unanswered: number;
  late: number;
  failed: number;
}

const check = (samples: Sample[], take: ConnectorTake): Checked => {
  const checked: Checked = { latencies: [], unanswered: 0, late: 0, failed: 0 };
  for (const sample of samples) {
    const reply = take.replies[sample.id];
    if (sample.status !== 200) checked.failed++;
    if (!reply) checked.unanswered++;
    // The turn's last reply reached the connector before the bot answered the POST (1 ms for the two processes' clocks).
    else if (reply.lastAt > sample.endAt + 1) checked.late++;
    checked.latencies.push(Math.max(sample.endAt, reply?.lastAt ?? 0) - sample.startAt);
  }
  return checked;
};

async function main(): Promise<void> {
  ensureBuild(progress);
  const started = Date.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-speed-'));
  const connector = new Helper('connector');
  const driver = new Helper('driver');
  const { url: serviceBase } = (await connector.ready) as { url: string };
  const totals = { unanswered: 0, late: 0, failed: 0, turns: 0 };
  const drive = async (bot: RunningBot, request: DriverRequest): Promise<Checked & { result: LevelResult }> => {
    const result = await driver.call<LevelResult>(request);
    const checked = check(result.samples, await connector.call<ConnectorTake>({ type: 'take', bot: bot.name } satisfies ConnectorRequest));
    totals.unanswered += checked.unanswered;
    totals.late += checked.late;
    totals.failed += checked.failed;
    totals.turns += result.samples.length;
    return { ...checked, result };
  };

  // Start-up: spawn → the first "start" answered, each bot on a new store. The bot's first card sets the floor's card size.
  const startups: Record<BotName, number[]> = { bot: [], echo: [], floor: [] };
  let stepCardBytes = 0;
  for (let run = 0; run < plan.startups; run++) {
    for (const name of botNames) {
      const bot = new RunningBot(name, serviceBase, mkdtempSync(path.join(dir, 'start-')), stepCardBytes);
      await bot.start();
      const first = await driver.call<Sample>({ type: 'firstTurn', target: bot.target } satisfies DriverRequest);
      if (name === 'bot') stepCardBytes = await connector.call<number>({ type: 'cardBytes', bot: name, replyToId: first.id } satisfies ConnectorRequest);
      const { unanswered } = check([first], await connector.call<ConnectorTake>({ type: 'take', bot: name }));
      if (unanswered) throw new Error(`${name}: the first turn got no reply`);
      startups[name].push(first.endAt - bot.spawnedAt);
      progress(`start-up ${name}: ${Math.round(first.endAt - bot.spawnedAt)} ms${name === 'bot' ? `, step card ${stepCardBytes} bytes` : ''}`);
      await bot.stop();
    }
  }

  const bots = botNames.map((name) => new RunningBot(name, serviceBase, dir, stepCardBytes));
  const startRssKb: number[] = [];
  for (const bot of bots) {
    await bot.start();
    await driver.call({ type: 'firstTurn', target: bot.target } satisfies DriverRequest);
    await connector.call({ type: 'take', bot: bot.name });
    startRssKb.push(kilobytesOf(bot.pid, 'VmRSS'));
  }
  const sampler = setInterval(() => bots.forEach((bot) => bot.sampleRss()), 200);
  try {
    for (const bot of bots) {
      const { result } = await drive(bot, { type: 'prepare', target: bot.target, pool: 'main', count: plan.pool, concurrency: 50 });
      progress(`${bot.name}: ${plan.pool} conversations started in ${fixed(result.seconds)} s`);
    }

    // results[level][kind][bot][round]
    const results = new Map<string, TurnStats[]>();
    const key = (level: number, kind: TurnKind, name: BotName) => `${level}/${kind}/${name}`;
    let rounds = 0;
    for (let round = 0; round < plan.rounds; round++) {
      if (round > 0 && Date.now() - started > plan.capMs) {
        progress(`time cap reached: ${round} of ${plan.rounds} rounds`);
        break;
      }
      for (const level of plan.levels) {
        for (const kind of turnKinds) {
          // Alternated: each kind is run by the three bots in turn, and who goes first rotates with the round.
          const order = bots.map((_, i) => bots[(i + round) % bots.length]);
          for (const bot of order) {
            // A level starts with unmeasured turns, so that opening its connections does not count as its p99.
            if (kind === turnKinds[0]) await drive(bot, { type: 'level', target: bot.target, pool: 'main', kind: 'help', concurrency: level, turns: 2 * level, gapMs: plan.gapMs });
            const turns = plan.turns[level];
            const measured = await drive(bot, { type: 'level', target: bot.target, pool: 'main', kind, concurrency: level, turns, gapMs: plan.gapMs });
            const stats = turnStats(measured.latencies, measured.result.seconds);
            results.set(key(level, kind, bot.name), [...(results.get(key(level, kind, bot.name)) ?? []), stats]);
            const issues = [measured.unanswered && `${measured.unanswered} unanswered`, measured.late && `${measured.late} late`, measured.failed && `${measured.failed} failed`, measured.result.waitedMs > 0 && `waited ${Math.round(measured.result.waitedMs)} ms for the pace`].filter(Boolean);
            progress(`round ${round + 1} c=${level} ${kind.padEnd(8)} ${bot.name.padEnd(5)} p50 ${fixed(stats.p50, 2)} ms p99 ${fixed(stats.p99, 2)} ms ${fixed(stats.turnsPerSecond, 0)}/s ${issues.join(', ')}`);
          }
        }
      }
      rounds++;
    }
    const underLoadRssKb = bots.map((bot) => bot.peakRssKb);

    // Memory and store size: `plan.fill` new conversations on the bot under test, each "start" and one button press.
    const bot = bots[0];
    const storeBefore = bot.storeBytes();
    const heapBefore = await bot.heap();
    const fill = await drive(bot, { type: 'prepare', target: bot.target, pool: 'fill', count: plan.fill, concurrency: 50 });
    await drive(bot, { type: 'level', target: bot.target, pool: 'fill', kind: 'button', concurrency: 50, turns: plan.fill, gapMs: 0 });
    progress(`bot: ${plan.fill} more conversations in ${fixed(fill.result.seconds)} s (+ one press each)`);
    const fillScale = 10_000 / plan.fill;
    const storePer10k = (bot.storeBytes() - storeBefore) * fillScale;
    const rssAfterKb = kilobytesOf(bot.pid, 'VmRSS');
    const heapAfter = await bot.heap();
    // The flood gate forgets a calm sender after a minute, at the next turn; the pacer keeps each conversation's send
    // times for Teams' hourly window (1,800 sends an hour), by design. A minute later, what the heap holds beyond the
    // heap before the fill is what the bot keeps per conversation for that hour.
    progress(`bot: waiting ${plan.settleMs / 1000} s for the per-conversation windows to expire`);
    await sleep(plan.settleMs);
    await drive(bot, { type: 'level', target: bot.target, pool: 'fill', kind: 'help', concurrency: 1, turns: 1, gapMs: 0 });
    const heapSettled = await bot.heap();
    const largestCard = await connector.call<ConnectorTake>({ type: 'take', bot: 'bot' });

    print({ results, rounds, startups, startRssKb, underLoadRssKb, rssAfterKb, heapBefore, heapAfter, heapSettled, storePer10k, fillScale, largestCardBytes: largestCard.largestCardBytes, stepCardBytes, totals, seconds: (Date.now() - started) / 1000 });
  } finally {
    clearInterval(sampler);
    for (const bot of bots) await bot.stop();
    driver.stop();
    connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** V8 or Node flags to try on the bot under test (`SPEED_BOT_FLAGS='--max-semi-space-size=8' npm run bench -- --quick`). */
const nodeFlagsToTry = (): string[] => (process.env.SPEED_BOT_FLAGS ?? '').split(' ').filter(Boolean);

/** What bench/speed/heapProbe.cjs answers, in bytes. */
interface HeapProbe {
  heapUsed: number;
  peakHeapTotal: number;
  peakExternal: number;
}

interface Outcome {
  results: Map<string, TurnStats[]>;
  rounds: number;
  startups: Record<BotName, number[]>;
  startRssKb: number[];
  underLoadRssKb: number[];
  rssAfterKb: number;
  heapBefore: HeapProbe;
  heapAfter: HeapProbe;
  heapSettled: HeapProbe;
  storePer10k: number;
  fillScale: number;
  largestCardBytes: number;
  stepCardBytes: number;
  totals: { unanswered: number; late: number; failed: number; turns: number };
  seconds: number;
}

function print(outcome: Outcome): void {
  const { results } = outcome;
  const of = (level: number, kind: TurnKind, name: BotName) => results.get(`${level}/${kind}/${name}`) ?? [];
  const rows = plan.levels.flatMap((level) =>
    turnKinds.map((kind) => {
      const [bot, echo, floor] = botNames.map((name) => of(level, kind, name));
      const own = medianStats(bot);
      const toEcho = medianRatios(bot, echo);
      const toFloor = medianRatios(bot, floor);
      const target =
        level === 1
          ? `p50 ≤ 1.3× floor: ${verdict({ value: toFloor.p50, limit: 1.3, atMost: true })}`
          : `turns/s ≥ 0.75× floor: ${verdict({ value: toFloor.turnsPerSecond, limit: 0.75, atMost: false })}`;
      return [
        String(level),
        kind,
        fixed(own.p50, 2),
        fixed(own.p99, 2),
        fixed(own.turnsPerSecond, 0),
        fixed(medianStats(echo).p50, 2),
        fixed(medianStats(floor).p50, 2),
        fixed(toEcho.p50, 2),
        fixed(toFloor.p50, 2),
        fixed(toFloor.p99, 2),
        fixed(toEcho.turnsPerSecond, 2),
        fixed(toFloor.turnsPerSecond, 2),
        target,
      ];
    }),
  );
  const startup = median(outcome.startups.bot);
  const rssMb = outcome.underLoadRssKb[0] / 1024;
  const mb = (bytes: number) => `${fixed(bytes / 1024 / 1024, 1)} MB`;
  const other = [
    ['start-up to the first answered turn', `${Math.round(startup)} ms`, `${Math.round(median(outcome.startups.echo))} ms`, `${Math.round(median(outcome.startups.floor))} ms`, `≤ 1200 ms: ${verdict({ value: startup, limit: 1200, atMost: true })}`],
    ['RSS after start-up (first turn answered)', ...outcome.startRssKb.map((kb) => mb(kb * 1024)), ''],
    ['RSS under load (peak)', mb(outcome.underLoadRssKb[0] * 1024), mb(outcome.underLoadRssKb[1] * 1024), mb(outcome.underLoadRssKb[2] * 1024), `≤ 250 MB: ${verdict({ value: rssMb, limit: 250, atMost: true })}`],
    [`RSS after ${plan.fill} more conversations`, mb(outcome.rssAfterKb * 1024), '', '', ''],
    [`heap before / right after ${plan.fill} more conversations / a minute later (after a full GC)`, [outcome.heapBefore, outcome.heapAfter, outcome.heapSettled].map((heap) => mb(heap.heapUsed)).join(' / '), '', '', ''],
    ['heap kept per conversation a minute later (the pacer keeps its send times for an hour)', `${fixed((outcome.heapSettled.heapUsed - outcome.heapBefore.heapUsed) / plan.fill, 0)} bytes`, '', '', ''],
    ['of the RSS under load: heap total, off-heap (external), at their peaks', `${mb(outcome.heapSettled.peakHeapTotal)}, ${mb(outcome.heapSettled.peakExternal)}`, '', '', ''],
    [`store growth per 10,000 conversations (SQLite + -wal${outcome.fillScale > 1 ? `, ×${outcome.fillScale} from ${plan.fill}` : ''})`, mb(outcome.storePer10k), '', '', ''],
    ['largest card sent (JSON bytes)', String(outcome.largestCardBytes), '', String(outcome.stepCardBytes), ''],
  ];
  const { totals } = outcome;
  console.log(
    [
      `## Turns (${outcome.rounds} round${outcome.rounds === 1 ? '' : 's'}; medians over the rounds, ratios taken per round)`,
      '',
      markdownTable(['conv.', 'turn', 'bot p50 ms', 'bot p99 ms', 'bot turns/s', 'echo p50 ms', 'floor p50 ms', 'p50 ×echo', 'p50 ×floor', 'p99 ×floor', 'turns/s ×echo', 'turns/s ×floor', 'target'], rows),
      '',
      '## Start-up, memory, store, cards',
      '',
      markdownTable(['measure', 'bot', 'echo', 'floor', 'target'], other),
      '',
      `${totals.turns} turns in ${Math.round(outcome.seconds)} s; without a reply: ${totals.unanswered}; a reply after the HTTP answer: ${totals.late}; not 200: ${totals.failed}.`,
    ].join('\n'),
  );
}

const role = process.env.SPEED_ROLE;
const run = (async () => {
  if (role === 'connector') {
    const { url, handle } = await runConnector();
    serve(handle);
    process.send!({ url });
  } else if (role === 'driver') serve(new Driver().handle);
  else if (role === 'echo' || role === 'floor') await runBaseline(role, process.env);
  else await main();
})();
run.catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
