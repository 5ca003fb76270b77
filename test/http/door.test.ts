import http from 'node:http';
import net from 'node:net';
import type { Activity } from 'botbuilder';
import { productionEnv } from '../helpers/botProcess';
import { InProcessBot } from '../helpers/inProcessBot';
import { liveBot } from '../helpers/liveBot';
import { stepOf } from '../helpers/cardText';
import { teamsActivity } from '../helpers/teamsActivity';
import { send } from '../helpers/fuzzRequests';
import { createServer, defaultBodyBytesInFlight, defaultBodyTimeoutMs, maxBodyBytes } from '../../src/bot/http/server';
import { createLogger } from '../../src/core/logger';
import { publicDir } from '../../src/core/paths';

/** Each attack on the HTTP door of issue 9, against the real server: the answer, and that the bot is still there. */
jest.setTimeout(60000);

// HOST empty: the default of local mode, as `npm start` has it.
const live = liveBot({ HOST: '' });
const { connector, bot } = live;
const agent = new http.Agent({ keepAlive: false });

let user = 0;
const message = (fields: Partial<Activity> = {}): Record<string, unknown> =>
  JSON.parse(JSON.stringify(teamsActivity(live.serviceUrl, { userId: `29:door-${++user}`, conversationId: `a:door-${user}`, locale: 'nl-NL' }, { type: 'message', text: 'start', ...fields })));

const raw = (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  send(bot.url, { kind: 'test', method, path, headers, body }, agent, 10000);

const postJson = (body: unknown) => raw('POST', '/api/messages', JSON.stringify(body));

async function stillAnswers(): Promise<void> {
  const health = await fetch(`${bot.url}/healthz`);
  expect(health.status).toBe(200);
}

describe('no request ends the process', () => {
  it.each([
    '/images/%00',
    '/images/..%2f..%2fpackage.json',
    '/images/../package.json',
    '/images/%2e%2e%2fsrc%2findex.ts',
    '/images/done.png%00.txt',
    '/images/nl/done.png%00.txt',
    '/images/nl/..%2fen%2fdone.png',
    '/images/nl%2fdone.png',
    '/images/de/done.png',
    '/images/done.png',
    '/images/nl/',
    '/images/%',
    '/images/%E0%A4%A',
    '/images/',
    `/images/${'a'.repeat(8000)}.png`,
  ])('GET %s is a 404 that shows no path, and the bot lives on', async (path) => {
    const response = await raw('GET', path);
    expect(response.status).toBe(404);
    expect(response.body).not.toMatch(/\/work|public|images\/|\.ts|ENOENT|\bat \w+ \(/);
    await stillAnswers();
  });

  it.each(['nl', 'en'])('still serves the %s screenshots from their language folder, with GET and HEAD', async (language) => {
    const get = await fetch(`${bot.url}/images/${language}/done.png`);
    expect([get.status, get.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect((await get.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const head = await fetch(`${bot.url}/images/${language}/done.png`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it.each([
    ['GET', '/nowhere'],
    ['GET', '/%'],
    ['GET', '/..%2f..%2fetc%2fpasswd'],
    ['DELETE', '/api/messages'],
    ['PUT', '/healthz'],
    ['OPTIONS', '/api/messages'],
    ['HEAD', '/api/messages'],
    ['PATCH', '/images/nl/done.png'],
    ['GET', `/${'x/'.repeat(3000)}`],
  ])('%s %s gets a 4xx', async (method, path) => {
    const response = await raw(method, path);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    await stillAnswers();
  });

  it('answers HEAD /healthz', async () => {
    expect((await fetch(`${bot.url}/healthz`, { method: 'HEAD' })).status).toBe(200);
  });
});

describe('bodies', () => {
  it('refuses a body over 256 KB with 413, also when it does not say its length up front', async () => {
    expect((await raw('POST', '/api/messages', Buffer.alloc(300 * 1024, 'a'))).status).toBe(413);
    expect((await postJson(message({ text: 'y'.repeat(400_000) }))).status).toBe(413);
    await stillAnswers();
  });

  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['multipart/form-data; boundary=x', 415],
  ])('refuses content type %s with %i', async (type, status) => {
    expect((await raw('POST', '/api/messages', JSON.stringify(message()), { 'content-type': type })).status).toBe(status);
  });

  it('answers 408 to a body that never arrives in full, instead of waiting for it forever', async () => {
    // Production waits defaultBodyTimeoutMs (10 s, as the README says); the same door with the app's adapter and bot waits 300 ms here.
    expect(defaultBodyTimeoutMs).toBe(10_000);
    const quick = createServer({ adapter: bot.app.adapter, bot: bot.app.bot, logger: createLogger('info', (line) => bot.lines.push(line)), publicDir: publicDir(), door: { loopbackOnly: true }, bodyTimeoutMs: 300 });
    await new Promise<void>((resolve) => quick.listen(0, '127.0.0.1', resolve));
    try {
      const socket = net.connect((quick.address() as net.AddressInfo).port, '127.0.0.1');
      const answer = new Promise<string>((resolve) => {
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
      });
      socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":');
      expect(await answer).toMatch(/^HTTP\/1\.1 408/);
      expect((await fetch(`${quick.url}/healthz`)).status).toBe(200);
    } finally {
      quick.server.closeAllConnections();
      await new Promise<void>((resolve) => quick.close(() => resolve()));
    }
    await stillAnswers();
  });

  it('answers 503 while too many bodies are being sent at once, and lets requests in again once they are gone', async () => {
    // Production allows 128 maximal bodies at once; the same door with a budget of 64 KB here.
    expect(defaultBodyBytesInFlight).toBe(128 * maxBodyBytes);
    const small = createServer({ adapter: bot.app.adapter, bot: bot.app.bot, logger: createLogger('info', (line) => bot.lines.push(line)), publicDir: publicDir(), door: { loopbackOnly: true }, bodyBytesInFlight: 64 * 1024 });
    await new Promise<void>((resolve) => small.listen(0, '127.0.0.1', resolve));
    const port = (small.address() as net.AddressInfo).port;
    // A body of 50,000 bytes announced, 40,000 sent, the rest never: it holds its share of the budget.
    const slowUpload = () => {
      const socket = net.connect(port, '127.0.0.1');
      const answer = new Promise<string>((resolve) => {
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
      });
      socket.write(`POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50000\r\n\r\n{"text":"${'x'.repeat(40_000)}`);
      return { socket, answer };
    };
    try {
      const first = slowUpload();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = slowUpload();
      const refused = await second.answer;
      expect(refused).toMatch(/^HTTP\/1\.1 503/);
      expect(refused.toLowerCase()).toContain('retry-after: 1');
      first.socket.destroy();
      await first.answer;
      await new Promise((resolve) => setTimeout(resolve, 50));
      // One after the other, 20 bodies of 4 KB (80 KB in all, over the budget): each gives its share back when its turn ends.
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const after = await fetch(`${small.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message({ text: 'x'.repeat(4096) })) });
        statuses.push(after.status);
      }
      expect(statuses.filter((status) => status === 503)).toEqual([]);
    } finally {
      small.server.closeAllConnections();
      await new Promise<void>((resolve) => small.close(() => resolve()));
    }
    await stillAnswers();
  });

  it('refuses a compressed body with 415', async () => {
    expect((await raw('POST', '/api/messages', JSON.stringify(message()), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(415);
  });

  it.each(['{"type":', '[1,2]', '"start"', 'null', '', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)])('refuses the body %p with 400', async (body) => {
    expect((await raw('POST', '/api/messages', body.slice(0, 100_000))).status).toBe(400);
  });
});

describe('malformed activities get 400 before they reach the bot', () => {
  it.each([
    ['type', 7],
    ['text', { text: 'start' }],
    ['locale', ['nl-NL']],
    ['serviceUrl', 42],
    ['from', undefined],
    ['conversation', { name: 'no id' }],
    ['attachments', 'not an array'],
    ['entities', { type: 'mention' }],
    ['membersAdded', { id: 'x' }],
    ['value', 'start'],
  ])('%s = %p', async (field, value) => {
    const before = connector.calls.length;
    const activity = message();
    if (value === undefined) delete activity[field];
    else activity[field] = value;
    const response = await postJson(activity);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).message).toContain(field);
    expect(connector.calls.length).toBe(before);
  });

  it('logs no TypeError for any of them', async () => {
    await bot.waitForLog('activity refused');
    expect(bot.log()).not.toMatch(/TypeError|turn failed/);
  });
});

describe('long messages', () => {
  it('cuts a 100,000-character message and still answers it', async () => {
    const before = connector.calls.length;
    const response = await postJson(message({ text: 'x'.repeat(100_000) }));
    expect(response.status).toBe(200);
    expect(connector.repliesSince(before).length).toBeGreaterThan(0);
  });
});

describe('local mode (no MicrosoftAppId)', () => {
  it('says in its start-up line that it listens on 127.0.0.1 and replies only on this machine', () => {
    const started = bot.log().split('\n').find((line) => line.includes('bot listening'))!;
    expect(JSON.parse(started)).toMatchObject({ host: '127.0.0.1', reachable: 'from this machine only' });
    expect(JSON.parse(started).mode).toMatch(/^local/);
  });

  it.each(['https://smba.trafficmanager.net/emea/', 'http://10.0.0.1:3978/', 'http://localhost@evil.example/'])(
    'refuses the serviceUrl %s with 403 and sends nothing',
    async (url) => {
      const before = connector.calls.length;
      const response = await postJson(message({ serviceUrl: url }));
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'Forbidden' });
      expect(connector.calls.length).toBe(before);
    },
  );

  it.each(['', 'not a url', 'ftp://127.0.0.1/', '/v3/conversations'])('refuses the invalid serviceUrl %p with 400', async (url) => {
    expect((await postJson(message({ serviceUrl: url }))).status).toBe(400);
  });

  it('answers a loopback serviceUrl as always', async () => {
    const before = connector.calls.length;
    expect((await postJson(message())).status).toBe(200);
    expect(stepOf(connector.repliesSince(before)[0])).toBe('prerequisites.smartphone');
  });
});

describe('with a MicrosoftAppId', () => {
  const secured = new InProcessBot(productionEnv);
  beforeAll(() => secured.start());
  afterAll(() => secured.stop());

  it('refuses an invalid serviceUrl with 400: botbuilder would fall back to the public Bot Framework host', async () => {
    for (const url of ['', 'not a url', 'javascript:alert(1)']) {
      const response = await send(secured.url, { kind: 'test', method: 'POST', path: '/api/messages', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message({ serviceUrl: url })) }, agent, 10000);
      expect({ url, status: response.status }).toEqual({ url, status: 400 });
    }
  });
});
