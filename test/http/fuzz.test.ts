import http from 'node:http';
import { liveBot } from '../helpers/liveBot';
import { FuzzGenerator, send, type FuzzRequest } from '../helpers/fuzzRequests';
import { stepOf } from '../helpers/cardText';
import { teamsActivity } from '../helpers/teamsActivity';

/**
 * Thousands of generated requests against the real server: Teams-shaped activities with every field mutated,
 * junk bodies, odd content types and paths. Another seed: FUZZ_SEED=123 npx jest test/http/fuzz.test.ts
 */
const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const count = Number(process.env.FUZZ_COUNT ?? 5000);
const concurrency = 12;
const clientTimeoutMs = 10_000;

jest.setTimeout(120_000);

const live = liveBot();
const { connector, bot } = live;

interface Failure {
  index: number;
  kind: string;
  problem: string;
  request: string;
}

const describeRequest = (request: FuzzRequest) =>
  `${request.method} ${request.path.slice(0, 120)} ${JSON.stringify(request.headers)} ${String(request.body ?? '').slice(0, 400)}`;

it(`survives ${count} generated requests (seed ${seed}) with no exit, no 5xx and no stalled request`, async () => {
  const generator = new FuzzGenerator(seed, live.serviceUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const failures: Failure[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const request = generator.next();
      try {
        const response = await send(bot.url, request, agent, clientTimeoutMs);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) failures.push({ index, kind: request.kind, problem: `status ${response.status}: ${response.body.slice(0, 200)}`, request: describeRequest(request) });
        if (/[\\/](src|node_modules)[\\/]|\/work\/|at \w+ \(/.test(response.body)) failures.push({ index, kind: request.kind, problem: 'a path or stack in the body', request: describeRequest(request) });
      } catch (error) {
        failures.push({ index, kind: request.kind, problem: (error as Error).message, request: describeRequest(request) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();

  expect({ failures: failures.slice(0, 5), failed: failures.length }).toEqual({ failures: [], failed: 0 });
  // The run really exercised the bot, not only the door.
  expect(statuses.get(200) ?? 0).toBeGreaterThan(count / 4);
  expect(statuses.get(400) ?? 0).toBeGreaterThan(count / 20);

  const health = await fetch(`${bot.url}/healthz`);
  expect(health.status).toBe(200);
  const before = connector.calls.length;
  const start = teamsActivity(live.serviceUrl, { userId: '29:after-fuzz', conversationId: 'a:after-fuzz', locale: 'nl-NL' }, { type: 'message', text: 'start' });
  const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(start) });
  expect(response.status).toBe(200);
  const [reply] = connector.repliesSince(before, 'a:after-fuzz');
  expect(stepOf(reply)).toBe('prerequisites.smartphone');

  const lines = bot.log().split('\n').filter((line) => line.trim());
  expect(lines.filter((line) => /TypeError|RangeError|turn failed|at \S+ \(\S+:\d+:\d+\)/.test(line)).slice(0, 3)).toEqual([]);
  // Every log line is one JSON object (botbuilder's console output included): no multi-line stack.
  expect(lines.filter((line) => !line.startsWith('{')).slice(0, 3)).toEqual([]);
  expect(await bot.stop()).toBe(0);
});
