/**
 * npm run bench:rollout: "uitrol <groep>" to a group of 5,000 users against a fake Microsoft Graph and a fake Bot
 * Connector, with the bot as `npm start` runs it (SQLite store, the ROLLOUT_* defaults), restarted halfway, while
 * people keep using their 1:1 chats. Prints the wall time, the rates sent to Graph and to the connector against
 * their limits, welcomes per member (none twice, none missing), the restart, and the 1:1 turn times idle and during
 * the rollout. See docs/rollout.md.
 *
 *   npm run bench:rollout                     5,000 members (about 5–6 minutes)
 *   npm run bench:rollout -- --quick          500 members
 *   npm run bench:rollout -- --users 1200     any size
 *
 * Processes: the runner (this file: the 1:1 chats, the restart, the figures), the fakes (Graph and the connector,
 * forked from this file with ROLLOUT_ROLE=fakes) and the bot. Progress goes to stderr, the table to stdout; the
 * exit code is 1 when a limit or a target is missed.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { freePort, startFlags } from '../test/helpers/botProcess';
import { channelRegistration } from '../test/helpers/teamsActivity';
import { ChatDriver, type TurnSample } from './rollout/chats';
import { groupId, isRegistered, runFakes, servicedesk, type FakesProgress, type FakesReady, type FakesRequest, type FakesResults } from './rollout/fakes';
import { firstOf, held, turnFigures, welcomeCheck, type Check, type TurnFigures } from './rollout/report';
import { serve } from './speed/ipc';
import { fixed, markdownTable } from './speed/report';
import { ensureBuild } from './ensureBuild';

const root = path.join(__dirname, '..');
const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const quick = process.argv.includes('--quick');
const users = Number(argument('--users') ?? (quick ? 500 : 5000));
const plan = {
  users,
  /** Idle 1:1 turns measured before the rollout. */
  idleTurns: 200,
  /** The 1:1 chats' pace: a turn every 250 ms over 24 conversations (each one a turn every 6 s, far under Teams' limits per conversation). */
  chats: 24,
  everyMs: 250,
  /** After this the run stops waiting and reports what it has. */
  capMs: (quick ? 8 : 20) * 60_000,
};

const progress = (line: string) => process.stderr.write(`[bench:rollout ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The fakes' process, asked over IPC. */
class Fakes {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (value: unknown) => void>();
  private next = 0;
  readonly ready: Promise<FakesReady>;

  constructor() {
    this.child = fork(__filename, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ROLLOUT_ROLE: 'fakes', ROLLOUT_USERS: String(plan.users) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let ready!: (value: FakesReady) => void;
    this.ready = new Promise((resolve) => (ready = resolve));
    this.child.on('message', (message: { id?: number; result?: unknown; ready?: FakesReady }) => {
      if (message.ready) return ready(message.ready);
      const waiting = this.pending.get(message.id!);
      this.pending.delete(message.id!);
      waiting?.(message.result);
    });
  }

  call<T>(request: FakesRequest): Promise<T> {
    const id = ++this.next;
    return new Promise<T>((resolve) => {
      this.pending.set(id, resolve as (value: unknown) => void);
      this.child.send({ id, request });
    });
  }

  stop(): void {
    this.child.kill();
  }
}

/** The bot as `npm start` runs it, on one port and one SQLite file across restarts; its log lines kept in a file. */
class Bot {
  private child?: ChildProcess;
  private readonly log: WriteStream;
  readonly logPath: string;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    dir: string,
  ) {
    this.logPath = path.join(dir, 'bot.log');
    this.log = createWriteStream(this.logPath, { flags: 'a' });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Spawns it and resolves once /healthz answers. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [...startFlags(), 'dist/src/index.js'], { cwd: root, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the bot exited at start-up with ${child.exitCode}: see ${this.logPath}`);
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
    throw new Error('the bot did not answer /healthz within 60 s');
  }

  /** SIGTERM, and resolves with the exit code once it exited. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  /** Its log lines of level warn or error, counted by message (with the first's fields), and the info lines that matter here. */
  lines(): { problems: Map<string, { count: number; example: string }>; rollout: string[] } {
    const problems = new Map<string, { count: number; example: string }>();
    const rollout: string[] = [];
    for (const line of readFileSync(this.logPath, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let entry: { level?: string; message?: string };
      try {
        entry = JSON.parse(line) as { level?: string; message?: string };
      } catch {
        entry = { level: 'raw', message: line.slice(0, 200) };
      }
      if (entry.level === 'warn' || entry.level === 'error' || entry.level === 'raw') {
        const key = `${entry.level}: ${entry.message}`;
        const seen = problems.get(key);
        problems.set(key, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? line.slice(0, 400) });
      }
      if (/"message":"(rollout [^"]*|shutting down|reminders sent)"/.test(line)) rollout.push(line.slice(0, 400));
    }
    return { problems, rollout };
  }
}

interface StoredMember {
  id: string;
  state: string;
  reason?: string;
  at: string;
}

interface StoredPerson {
  invitedAt?: string;
  welcomedAt?: string;
}

/** The rollout's members and people as the store holds them (read from the SQLite file while the bot is stopped), and the lease. */
function storeFigures(file: string): { states: Record<string, number[]>; reasons: Record<string, number>; members: Map<number, StoredMember>; people: Map<number, StoredPerson>; lease?: { holder: string; until: number } } {
  const db = new Database(file, { readonly: true });
  try {
    const states: Record<string, number[]> = {};
    const reasons: Record<string, number> = {};
    const members = new Map<number, StoredMember>();
    const people = new Map<number, StoredPerson>();
    const rows = (prefix: string) => db.prepare<[string], { key: string; value: string }>('SELECT key, value FROM items WHERE key LIKE ?').all(`${prefix}%`);
    for (const row of rows('rollout-members/')) {
      const member = JSON.parse(row.value) as StoredMember;
      const n = Number(member.id.slice(-12));
      members.set(n, member);
      (states[member.state] ??= []).push(n);
      if (member.reason) reasons[`${member.state}/${member.reason}`] = (reasons[`${member.state}/${member.reason}`] ?? 0) + 1;
    }
    for (const row of rows('people/')) {
      const n = Number(row.key.slice(-12));
      if (Number.isFinite(n)) people.set(n, JSON.parse(row.value) as StoredPerson);
    }
    const rollout = rows('rollouts/')[0];
    const lease = rollout ? (JSON.parse(rollout.value) as { lease?: { holder: string; until: number } }).lease : undefined;
    return { states, reasons, members, people, lease };
  } finally {
    db.close();
  }
}

const mention = { type: 'mention', text: '<at>2FA Servicedesk</at>', mentioned: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' } };
const threadId = `${servicedesk.channelId};messageid=1900000009999`;

async function postActivity(botUrl: string, activity: unknown): Promise<number> {
  const response = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await response.arrayBuffer();
  return response.status;
}

/** "@2FA Servicedesk uitrol <groep>", typed by the agent in a thread of the servicedesk channel. */
const rolloutCommand = (serviceUrl: string) => ({
  id: '1900000010001',
  timestamp: new Date(),
  serviceUrl,
  channelId: 'msteams',
  from: servicedesk.agent,
  conversation: { id: threadId, conversationType: 'channel', isGroup: true, tenantId: servicedesk.tenant.id, name: '' },
  recipient: { id: '28:00000000-0000-0000-0000-000000000000', name: '2FA Servicedesk' },
  locale: 'nl-NL',
  channelData: { team: servicedesk.team, channel: { id: servicedesk.channelId }, tenant: servicedesk.tenant },
  type: 'message',
  text: `<at>2FA Servicedesk</at> uitrol ${groupId}`,
  entities: [mention],
});

/** The start of the final progress line ("Uitrol klaar: …") in the servicedesk's language. */
const finishedMark = (JSON.parse(readFileSync(path.join(root, 'src/locales/nl/translation.json'), 'utf8')) as { rollout: { progress: { finished: string } } }).rollout.progress.finished.split('{{')[0];

interface Restart {
  at: number;
  /** Members welcomed when it began. */
  welcomed: number;
  stopMs: number;
  exitCode: number | null;
  downMs: number;
  /** The store while the bot was down: members per state, and the rollout's lease (released, or held until when). */
  states: Record<string, number>;
  lease?: { holder: string; until: number };
}

async function main(): Promise<void> {
  if (!Number.isInteger(plan.users) || plan.users < 20) throw new Error('--users must be a whole number of at least 20');
  ensureBuild(progress);
  const started = Date.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-rollout-'));
  const fakes = new Fakes();
  const ready = await fakes.ready;
  const serviceUrl = `${ready.connectorUrl}/`;
  const port = await freePort();
  const bot = new Bot(
    port,
    {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'info',
      STORAGE: 'sqlite',
      SQLITE_PATH: path.join(dir, 'bot.sqlite'),
      DOTENV_CONFIG_PATH: path.join(root, 'test/fixtures/empty.env'),
      GRAPH_BASE_URL: ready.graphUrl,
      GRAPH_CREDENTIAL: 'local-fake-token',
    },
    dir,
  );
  const chats = new ChatDriver(() => bot.url, serviceUrl, plan.chats, plan.everyMs);
  const expectedInvitations = Array.from({ length: plan.users }, (_, i) => i + 1).filter((n) => !isRegistered(n)).length;
  let keepDir = false;
  try {
    progress(`${plan.users} members (${expectedInvitations} to invite), Graph ${ready.graphUrl}, connector ${ready.connectorUrl}, bot on ${port}, files in ${dir}`);
    await bot.start();
    await fakes.call({ type: 'botUrl', url: bot.url });
    const registered = await postActivity(bot.url, channelRegistration(serviceUrl, servicedesk.agent, servicedesk));
    if (registered !== 200) throw new Error(`the channel registration was answered with ${registered}`);

    // Idle: the 1:1 chats alone.
    await chats.prepare();
    chats.resume();
    while (chats.samples.length < plan.idleTurns) await sleep(100);
    await chats.pause();
    const idle = chats.take();
    const idleFigures = turnFigures(idle);
    progress(`idle: ${idle.length} turns, p50 ${fixed(idleFigures.p50, 1)} ms, p95 ${fixed(idleFigures.p95, 1)} ms`);

    // The rollout, with the 1:1 chats going on at the same pace, and a restart when half the members were invited.
    const commandAt = Date.now();
    const answered = await postActivity(bot.url, rolloutCommand(serviceUrl));
    if (answered !== 200) throw new Error(`"uitrol" was answered with ${answered}`);
    chats.resume();
    let restart: Restart | undefined;
    let beforeRestart: TurnSample[] = [];
    let finishedAt: number | undefined;
    let lastReport = 0;
    let last: FakesProgress = { welcomed: 0, threadLines: [] };
    while (Date.now() - started < plan.capMs) {
      last = await fakes.call<FakesProgress>({ type: 'progress' });
      if (last.threadLines.some((line) => line.startsWith(finishedMark))) {
        finishedAt = Date.now();
        break;
      }
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        progress(`${last.welcomed} of ${expectedInvitations} welcomed after ${fixed((Date.now() - commandAt) / 1000, 0)} s; thread: ${last.threadLines.at(-1) ?? '(nothing yet)'}`);
      }
      if (!restart && last.welcomed >= expectedInvitations / 2) {
        await chats.pause();
        beforeRestart = chats.take();
        const at = Date.now();
        progress(`restart: ${last.welcomed} welcomed, SIGTERM`);
        const exitCode = await bot.stop();
        const stopMs = Date.now() - at;
        const down = storeFigures(path.join(dir, 'bot.sqlite'));
        await bot.start();
        restart = { at, welcomed: last.welcomed, stopMs, exitCode, downMs: Date.now() - at, lease: down.lease, states: Object.fromEntries(Object.entries(down.states).map(([state, members]) => [state, members.length])) };
        progress(`restart: exited with ${exitCode} after ${stopMs} ms, answering again after ${restart.downMs} ms`);
        chats.resume();
      }
      await sleep(500);
    }
    await chats.pause();
    const afterRestart = chats.take();
    if (!finishedAt) progress(`time cap of ${plan.capMs / 60_000} minutes reached before the final progress line`);
    await bot.stop();
    const results = await fakes.call<FakesResults & { threadLines: string[]; thread: Array<{ at: number; text: string }> }>({ type: 'results' });
    const store = storeFigures(path.join(dir, 'bot.sqlite'));
    const lines = bot.lines();
    const lost = Array.from({ length: plan.users }, (_, i) => i + 1).filter((n) => !isRegistered(n) && !results.welcomes[n]);
    const ok = print({ idle: idleFigures, beforeRestart, afterRestart, restart, commandAt, finishedAt, results, store, lines, expectedInvitations, lost, seconds: (Date.now() - started) / 1000 });
    if (!ok) process.exitCode = 1;
  } catch (error) {
    keepDir = true;
    progress(`failed; the bot's log is kept in ${bot.logPath}`);
    throw error;
  } finally {
    await chats.pause();
    await bot.stop();
    fakes.stop();
    if (!keepDir && !process.env.ROLLOUT_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

interface Outcome {
  idle: TurnFigures;
  beforeRestart: TurnSample[];
  afterRestart: TurnSample[];
  restart?: Restart;
  commandAt: number;
  finishedAt?: number;
  results: FakesResults & { threadLines: string[]; thread: Array<{ at: number; text: string }> };
  store: ReturnType<typeof storeFigures>;
  lines: ReturnType<Bot['lines']>;
  expectedInvitations: number;
  /** Members not registered for MFA without a welcome. */
  lost: number[];
  seconds: number;
}

/** The longest time between two consecutive events (times in ms, in order). */
const longestGap = (times: number[]): number => times.reduce((most, at, i) => (i === 0 ? 0 : Math.max(most, at - times[i - 1])), 0);

/** Prints the table; false when a limit or a target was missed. */
function print(outcome: Outcome): boolean {
  const { results, store, restart, idle } = outcome;
  const during = turnFigures([...outcome.beforeRestart, ...outcome.afterRestart]);
  const count = (state: string) => store.states[state]?.length ?? 0;
  const invited = store.states.invited ?? [];
  const uncertain = store.states.uncertain ?? [];
  const { duplicates, missing, unexpected } = welcomeCheck(invited, results.welcomes);
  const uncertainUnwelcomed = uncertain.filter((n) => !results.welcomes[n]);
  const wallSeconds = ((outcome.finishedAt ?? Date.now()) - outcome.commandAt) / 1000;
  const welcomesSent = Object.values(results.welcomes).reduce((sum, n) => sum + n, 0);
  const userPeak = Math.max(0, ...results.timeline.map((second) => second.users));
  const check = {
    finished: { name: 'finished (the final progress line came)', value: outcome.finishedAt ? 1 : 0, limit: 1, atMost: false },
    installedApps: { name: 'Graph installedApps (GET + POST + chat), peak per second', value: results.graph.installedAppsPeak, limit: 30, atMost: true },
    identity: { name: 'Graph identity bucket (report + authenticator methods), peak per 10 s', value: results.graph.identityPeak, limit: 5, atMost: true },
    connector: { name: 'connector, all sends, peak per second', value: results.connector.sendsPeak, limit: 50, atMost: true },
    duplicates: { name: 'members welcomed twice or more', value: duplicates.length, limit: 0, atMost: true },
    missing: { name: 'invited members without a welcome', value: missing.length, limit: 0, atMost: true },
    uncertainLost: { name: "'uncertain' members without a welcome (lost by the restart)", value: uncertainUnwelcomed.length, limit: 0, atMost: true },
    lost: { name: 'members not registered for MFA who never got a welcome (lost)', value: outcome.lost.length, limit: 0, atMost: true },
    p50: { name: '1:1 p50 during / idle', value: during.p50 / idle.p50, limit: 1.5, atMost: true },
    p95: { name: '1:1 p95 during / idle', value: during.p95 / idle.p95, limit: 1.5, atMost: true },
  } satisfies Record<string, Check>;
  const checks: Check[] = Object.values(check);
  const verdict = (check: Check) => (held(check) ? 'pass' : '**miss**');
  const rows: string[][] = [
    ['members in the group', String(plan.users), ''],
    ['wall time, "uitrol" to "Uitrol klaar"', outcome.finishedAt ? `${fixed(wallSeconds, 0)} s` : `not finished after ${fixed(wallSeconds, 0)} s`, ''],
    ['invited / skipped / failed / uncertain / other (the store)', [count('invited'), count('skipped'), count('failed'), count('uncertain'), Object.entries(store.states).filter(([state]) => !['invited', 'skipped', 'failed', 'uncertain'].includes(state)).reduce((sum, [, members]) => sum + members.length, 0)].join(' / '), ''],
    ['reasons', Object.entries(store.reasons).map(([reason, n]) => `${reason} ${n}`).join(', ') || '-', ''],
    ['messages to users per second: average over the wall time / peak', `${fixed(results.connector.userSends / wallSeconds, 1)} / ${userPeak}`, ''],
    ['welcomes sent (to members) / members welcomed', `${welcomesSent} / ${Object.keys(results.welcomes).length}`, ''],
    ...[check.installedApps, check.identity, check.connector].map((rate) => [rate.name, String(rate.value), `≤ ${rate.limit}: ${verdict(rate)}`]),
    ['Graph user look-ups (GET /users/{id}): requests / peak per second', `${results.graph.usersCalls} / ${results.graph.usersPeak}`, ''],
    ['Graph requests: installedApps / identity / installs / chat look-ups', `${results.graph.installedAppsCalls} / ${results.graph.identityCalls} / ${results.graph.installs} / ${results.graph.chats}`, ''],
    ['Graph answers by status', Object.entries(results.graph.statuses).map(([status, n]) => `${status}: ${n}`).join(', '), ''],
    ['connector sends (all) / to members', `${results.connector.sends} / ${results.connector.userSends}`, ''],
    ['install events posted / redelivered / lost', `${results.installEvents.posted} / ${results.installEvents.redelivered} / ${results.installEvents.lost}`, ''],
    [`${check.duplicates.name}`, `${duplicates.length}${firstOf(duplicates)}`, `0: ${verdict(check.duplicates)}`],
    [`${check.missing.name}`, `${missing.length}${firstOf(missing)}`, `0: ${verdict(check.missing)}`],
    ['welcomed without being invited (skipped or failed in the store)', `${unexpected.length}${firstOf(unexpected)}`, ''],
    [
      'restart: when / stop took / down (SIGTERM to /healthz)',
      restart ? `${fixed((restart.at - outcome.commandAt) / 1000, 0)} s in, ${restart.welcomed} welcomed / ${restart.stopMs} ms (exit ${restart.exitCode}) / ${restart.downMs} ms` : 'no restart',
      '',
    ],
    [
      'restart: welcomes sent by the stopping bot after SIGTERM',
      restart ? String(results.welcomeTimes.filter((at) => at >= restart.at && at <= restart.at + restart.stopMs).length) : '',
      '',
    ],
    [
      'restart: the store while down (members by state) / the lease',
      restart ? `${Object.entries(restart.states).map(([state, n]) => `${state} ${n}`).join(', ')} / ${restart.lease ? `held, until ${fixed((restart.lease.until - restart.at - restart.stopMs) / 1000, 0)} s after the exit` : 'released'}` : '',
      '',
    ],
    [
      'restart: first welcome after /healthz answered / longest pause between welcomes',
      restart ? `${fixed(((results.welcomeTimes.find((at) => at > restart.at + restart.downMs) ?? NaN) - restart.at - restart.downMs) / 1000, 1)} s / ${fixed(longestGap(results.welcomeTimes) / 1000, 1)} s` : '',
      '',
    ],
    [
      check.lost.name,
      `${outcome.lost.length}${outcome.lost.slice(0, 5).map((n) => ` #${n}: ${store.members.get(n)?.state ?? 'not in the store'}${store.members.get(n)?.reason ? `/${store.members.get(n)!.reason}` : ''}, invitedAt ${store.people.get(n)?.invitedAt ?? '-'}`).join(';')}`,
      `0: ${verdict(check.lost)}`,
    ],
    ["members 'uncertain' after it / of them without a welcome", `${uncertain.length} / ${uncertainUnwelcomed.length}${firstOf(uncertainUnwelcomed)}`, `0 lost: ${verdict(check.uncertainLost)}`],
    ['1:1 turns idle: p50 / p95 (turns)', `${fixed(idle.p50, 1)} / ${fixed(idle.p95, 1)} ms (${idle.turns})`, ''],
    ['1:1 turns during the rollout: p50 / p95 (turns, not 200)', `${fixed(during.p50, 1)} / ${fixed(during.p95, 1)} ms (${during.turns}, ${during.failed})`, ''],
    ['1:1 during / idle: p50 / p95', `${fixed(during.p50 / idle.p50, 2)} / ${fixed(during.p95 / idle.p95, 2)}`, `≤ 1.5: ${verdict(check.p50)} / ${verdict(check.p95)}`],
  ];
  const before = turnFigures(outcome.beforeRestart);
  const after = turnFigures(outcome.afterRestart);
  rows.push(['1:1 during, before / after the restart: p50 / p95', `${fixed(before.p50, 1)} / ${fixed(before.p95, 1)} ms, ${fixed(after.p50, 1)} / ${fixed(after.p95, 1)} ms`, '']);
  const missed = checks.filter((check) => !held(check));
  const problems = [...outcome.lines.problems.entries()].sort((a, b) => b[1].count - a[1].count);
  console.log(
    [
      `## Rollout to ${plan.users} members (restart halfway, 1:1 chats throughout)`,
      '',
      markdownTable(['measure', 'value', 'limit / target'], rows),
      '',
      `The servicedesk thread (seconds after "uitrol"; members welcomed at the connector by then):`,
      '',
      ...results.thread.map(({ at, text }) => `- ${fixed((at - outcome.commandAt) / 1000, 0)} s (${results.welcomeTimes.filter((welcomed) => welcomed <= at).length} welcomed): ${text}`),
      '',
      "The bot's log, warnings and errors by message:",
      ...(problems.length ? problems.map(([key, { count, example }]) => `- ${count}× ${key} — ${example}`) : ['- none']),
      '',
      "The bot's rollout lines:",
      ...outcome.lines.rollout.map((line) => `- ${line}`),
      '',
      missed.length ? `Missed: ${missed.map((check) => `${check.name} (${fixed(check.value, 2)}, limit ${check.limit})`).join('; ')}.` : 'Every limit and target held.',
      `Run took ${Math.round(outcome.seconds)} s.`,
    ].join('\n'),
  );
  return missed.length === 0;
}

const role = process.env.ROLLOUT_ROLE;
const run = (async () => {
  if (role === 'fakes') {
    const { ready, handle } = await runFakes(Number(process.env.ROLLOUT_USERS));
    serve(handle as (request: never) => unknown);
    process.send!({ ready });
  } else await main();
})();
run.catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
