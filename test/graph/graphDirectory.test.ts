import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/core/logger';
import { createDirectory } from '../../src/graph/createDirectory';
import type { UserDirectory } from '../../src/graph/directory';
import { localFakeBearerToken } from '../../src/graph/graphAuth';
import type { RateLimit } from '../../src/graph/rateLimiter';
import { MemoryStore, type BotStorage } from '../../src/storage/botStorage';
import { FakeGraph, peakRequests } from '../helpers/fakeGraph';

const jan = { id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', userPrincipalName: 'jan.jansen@central.zorgring.nl', givenName: 'Jan', preferredLanguage: 'nl-NL' };
const iPhone = { id: 'm1', displayName: 'iPhone van Jan', createdDateTime: '2026-11-30T09:00:00Z', deviceTag: 'SoftwareTokenActivated' };
/** Users with an Authenticator each, for bursts. */
const registered = Array.from({ length: 12 }, (_, n) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, authenticatorMethods: [{ displayName: `Phone ${n}` }] }));

const methodsPath = /^\/users\/[^/]+\/authentication\/microsoftAuthenticatorMethods$/;
const userPath = /^\/users\/[^/]+$/;

let graph: FakeGraph;
let lines: string[];

beforeEach(async () => {
  graph = await new FakeGraph().start();
  graph.addUser({ ...jan, authenticatorMethods: [iPhone] }).addUser({ id: '3f2504e0-4f89-11d3-9a0c-0305e82c3302', givenName: 'Els' });
  for (const user of registered) graph.addUser(user);
  lines = [];
});
afterEach(() => graph.stop());

function directory(options: { timeoutMs?: number; limits?: Partial<Record<'identityReports' | 'users', RateLimit>>; storage?: BotStorage; baseUrl?: string } = {}): UserDirectory {
  const config = loadConfig({ GRAPH_BASE_URL: options.baseUrl ?? graph.baseUrl, GRAPH_CREDENTIAL: 'local-fake-token', GRAPH_TIMEOUT_MS: String(options.timeoutMs ?? 3000) }).graph;
  return createDirectory(config, options.storage ?? new MemoryStore(), createLogger('debug', (line) => lines.push(line)), options.limits);
}

const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('GraphDirectory against a fake Graph', () => {
  it('cleans the device names Graph gives (bidi overrides, line breaks, length) and keeps at most 10 devices', async () => {
    const id = '3f2504e0-4f89-11d3-9a0c-0305e82c3399';
    const crafted = `\u202Egnp.exe\nCEO's iPhone ${'x'.repeat(100)}`;
    graph.addUser({ id, authenticatorMethods: Array.from({ length: 15 }, () => ({ displayName: crafted })) });
    const answer = await directory().authenticator(id);
    if (answer.kind !== 'registered') throw new Error(`expected registered, got ${JSON.stringify(answer)}`);
    expect(answer.devices).toHaveLength(10);
    const [name] = answer.devices.map((device) => device.displayName);
    expect(name).not.toMatch(/[\u202E\n]/);
    expect(Array.from(name)).toHaveLength(60);
    expect(name.startsWith("gnp.exe CEO's iPhone")).toBe(true);
  });

  it('reads the user with $select and the local fake bearer token', async () => {
    const answer = await directory().user(jan.id.toUpperCase());
    expect(answer).toEqual({ kind: 'found', user: jan });
    const [request] = graph.requestsTo(userPath);
    expect(request.query.get('$select')).toBe('id,userPrincipalName,givenName,preferredLanguage');
    expect(request.token).toBe(localFakeBearerToken);
    expect(request.path).toBe(`/v1.0/users/${jan.id}`);
  });

  it('names the Authenticator devices of a registered user, and says none for a user without', async () => {
    const users = directory();
    expect(await users.authenticator(jan.id)).toEqual({ kind: 'registered', devices: [{ displayName: 'iPhone van Jan', createdAt: '2026-11-30T09:00:00Z' }] });
    expect(await users.authenticator('3f2504e0-4f89-11d3-9a0c-0305e82c3302')).toEqual({ kind: 'none' });
    expect(graph.requestsTo(methodsPath)[0].query.get('$select')).toBe('displayName,createdDateTime');
  });

  it('404: an unknown user is notFound; an id that is no object id never reaches Graph', async () => {
    const users = directory();
    expect(await users.user('3f2504e0-4f89-11d3-9a0c-0305e82c9999')).toEqual({ kind: 'unavailable', reason: 'notFound' });
    expect(await users.authenticator('3f2504e0-4f89-11d3-9a0c-0305e82c9999')).toEqual({ kind: 'unavailable', reason: 'notFound' });
    expect(graph.requests).toHaveLength(2);
    expect(await users.authenticator('../groups?x=1')).toEqual({ kind: 'unavailable', reason: 'notFound' });
    expect(await users.user('aad-user-1')).toEqual({ kind: 'unavailable', reason: 'notFound' });
    expect(graph.requests).toHaveLength(2);
  });

  it('403: forbidden, logged once per operation with the permission it needs', async () => {
    graph.fail(methodsPath, { kind: 'status', status: 403 }, 3).fail(userPath, { kind: 'status', status: 403 });
    const users = directory();
    expect(await users.authenticator(jan.id)).toEqual({ kind: 'unavailable', reason: 'forbidden' });
    expect(await users.authenticator(registered[0].id)).toEqual({ kind: 'unavailable', reason: 'forbidden' });
    expect(await users.user(jan.id)).toEqual({ kind: 'unavailable', reason: 'forbidden' });
    const refusals = logged().filter((line) => line.message === 'Microsoft Graph refused: permission missing');
    expect(refusals.map((line) => line.permission)).toEqual(['UserAuthMethod-MicrosoftAuthApp.Read.All', 'User.Read.All']);
    // No retry on 403.
    expect(graph.requests).toHaveLength(3);
  });

  it('503 once: retried within the deadline and answered', async () => {
    graph.fail(methodsPath, { kind: 'status', status: 503 });
    expect(await directory().authenticator(jan.id)).toMatchObject({ kind: 'registered' });
    expect(graph.requestsTo(methodsPath).map((request) => request.status)).toEqual([503, 200]);
  });

  it('503 twice: failed after one retry, logged with the status only', async () => {
    graph.fail(methodsPath, { kind: 'status', status: 503 }, 2);
    expect(await directory().authenticator(jan.id)).toEqual({ kind: 'unavailable', reason: 'failed' });
    expect(graph.requestsTo(methodsPath)).toHaveLength(2);
    expect(logged()).toContainEqual(expect.objectContaining({ level: 'warn', operation: 'authenticatorMethods', outcome: 'failed', status: 503 }));
  });

  it('503 with no time left for a retry: failed after one request, within the deadline', async () => {
    graph.fail(methodsPath, { kind: 'status', status: 503 });
    const started = Date.now();
    expect(await directory({ timeoutMs: 300 }).authenticator(jan.id)).toEqual({ kind: 'unavailable', reason: 'failed' });
    expect(Date.now() - started).toBeLessThan(300);
    expect(graph.requestsTo(methodsPath)).toHaveLength(1);
  });

  it('a network failure (nobody listening) is failed, within the deadline', async () => {
    const closed = await new FakeGraph().start();
    const baseUrl = closed.baseUrl;
    await closed.stop();
    const started = Date.now();
    expect(await directory({ baseUrl, timeoutMs: 2000 }).authenticator(jan.id)).toEqual({ kind: 'unavailable', reason: 'failed' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a Graph that hangs: timeout, at the deadline', async () => {
    graph.fail(methodsPath, { kind: 'hang' });
    const started = Date.now();
    expect(await directory({ timeoutMs: 400 }).authenticator(jan.id)).toEqual({ kind: 'unavailable', reason: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('429 with a Retry-After that fits the deadline: waits it out, then retries once', async () => {
    graph.fail(methodsPath, { kind: 'status', status: 429, retryAfter: '1' });
    expect(await directory().authenticator(jan.id)).toMatchObject({ kind: 'registered' });
    const [throttled, retried] = graph.requestsTo(methodsPath);
    expect([throttled.status, retried.status]).toEqual([429, 200]);
    expect(retried.at - throttled.at).toBeGreaterThanOrEqual(1000);
  });

  it('429 with a long Retry-After: throttled at once, and no request to Graph before it passes, for anyone', async () => {
    graph.fail(methodsPath, { kind: 'status', status: 429, retryAfter: '30' });
    const users = directory();
    const started = Date.now();
    expect(await users.authenticator(jan.id)).toEqual({ kind: 'unavailable', reason: 'throttled' });
    expect(await users.authenticator(registered[0].id)).toEqual({ kind: 'unavailable', reason: 'throttled' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(graph.requestsTo(methodsPath)).toHaveLength(1);
    // The users bucket is its own.
    expect(await users.user(jan.id)).toMatchObject({ kind: 'found' });
  });

  it('a burst of 8 checks: 5 reach Graph, 3 are throttled without a request (5 per 10 s)', async () => {
    const users = directory();
    const answers = await Promise.all(registered.slice(0, 8).map((user) => users.authenticator(user.id)));
    expect(answers.filter((answer) => answer.kind === 'registered')).toHaveLength(5);
    expect(answers.filter((answer) => answer.kind === 'unavailable' && answer.reason === 'throttled')).toHaveLength(3);
    expect(graph.requestsTo(methodsPath)).toHaveLength(5);
    // Not in the bucket: user look-ups still go.
    expect(await users.user(jan.id)).toMatchObject({ kind: 'found' });
  });

  it('the limiter never lets more than its limit start in a window, and queued calls wait their turn within the deadline', async () => {
    // The same limiter with a 1 s window, so the test need not wait 10 s per round.
    const users = directory({ timeoutMs: 5000, limits: { identityReports: { limit: 5, windowMs: 1000 } } });
    const answers = await Promise.all(registered.map((user) => users.authenticator(user.id)));
    expect(answers.every((answer) => answer.kind === 'registered')).toBe(true);
    const requests = graph.requestsTo(methodsPath);
    expect(requests).toHaveLength(12);
    expect(peakRequests(requests, 1000)).toBe(5);
  });

  it('keeps a registration and a profile for a day; "none" is not kept; fresh asks Graph again', async () => {
    const storage = new MemoryStore();
    const users = directory({ storage });
    await users.authenticator(jan.id);
    await users.authenticator(jan.id);
    await users.user(jan.id);
    await users.user(jan.id);
    expect(graph.requestsTo(methodsPath)).toHaveLength(1);
    expect(graph.requestsTo(userPath)).toHaveLength(1);
    // Another instance on the same store answers from it too.
    expect(await directory({ storage }).authenticator(jan.id)).toMatchObject({ kind: 'registered' });
    expect(graph.requestsTo(methodsPath)).toHaveLength(1);

    // The user removed the device: a fresh check says none, and the kept registration goes with it.
    graph.users.get(jan.id)!.authenticatorMethods = [];
    expect(await users.authenticator(jan.id, { fresh: true })).toEqual({ kind: 'none' });
    expect(await users.authenticator(jan.id)).toEqual({ kind: 'none' });
    expect(graph.requestsTo(methodsPath)).toHaveLength(3);

    // Registered now: found by the next check, since none was kept.
    graph.users.get(jan.id)!.authenticatorMethods = [iPhone];
    expect(await users.authenticator(jan.id)).toMatchObject({ kind: 'registered' });
    expect(graph.requestsTo(methodsPath)).toHaveLength(4);
  });

  it('a double click asks Graph once', async () => {
    const users = directory();
    const [first, second] = await Promise.all([users.authenticator(jan.id, { fresh: true }), users.authenticator(jan.id, { fresh: true })]);
    expect(first).toEqual(second);
    expect(graph.requestsTo(methodsPath)).toHaveLength(1);
  });

  it('a store that fails is a cache miss: Graph still answers', async () => {
    const broken = new MemoryStore();
    broken.read = async () => Promise.reject(new Error('disk gone'));
    broken.write = async () => Promise.reject(new Error('disk gone'));
    expect(await directory({ storage: broken }).authenticator(jan.id)).toMatchObject({ kind: 'registered' });
  });

  it('an answer that is not Graph\'s shape is failed, not a crash', async () => {
    graph.fail(methodsPath, { kind: 'status', status: 200, body: { value: 'nonsense' } });
    expect(await directory().authenticator(jan.id)).toEqual({ kind: 'unavailable', reason: 'failed' });
    expect(logged()).toContainEqual(expect.objectContaining({ message: 'Microsoft Graph answer not understood' }));
  });

  it('logs no user id, UPN, device name or token', async () => {
    graph.fail(methodsPath, { kind: 'status', status: 503 }, 2).fail(userPath, { kind: 'status', status: 403 });
    const users = directory();
    await users.authenticator(jan.id);
    await users.user(jan.id);
    await users.authenticator(registered[1].id);
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [jan.id, jan.userPrincipalName, 'iPhone van Jan', 'Phone 1', localFakeBearerToken, 'Bearer']) expect(log).not.toContain(secret);
  });
});
