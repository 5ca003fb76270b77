import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/core/logger';
import { createGraph, type GraphPorts } from '../../src/graph/createDirectory';
import { localFakeBearerToken } from '../../src/graph/graphAuth';
import type { GraphBucket } from '../../src/graph/graphGateway';
import type { RateLimit } from '../../src/graph/rateLimiter';
import { rolloutGraphOff } from '../../src/graph/rollout';
import { MemoryStore } from '../../src/storage/botStorage';
import { FakeGraph, peakRequests, type FakeUser } from '../helpers/fakeGraph';
import { waitUntil } from '../helpers/waitUntil';

const guid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const user = (n: number): FakeUser => ({
  id: guid('00000000', n),
  userPrincipalName: `user${n}@central.zorgring.nl`,
  givenName: `Voornaam${n}`,
  preferredLanguage: n % 2 === 0 ? 'nl-NL' : 'en-US',
  authenticatorMethods: [{ displayName: `Phone ${n}` }],
});
const department = guid('0000000d', 1);
const smallTeam = guid('0000000d', 2);
const manifestId = 'e26542c9-95ee-4c8a-9639-7952fe8ca675';
const catalogId = guid('0000000c', 1);

const membersPath = /^\/groups\/[^/]+\/transitiveMembers\/microsoft\.graph\.user$/;
const installedPath = /^\/users\/[^/]+\/teamwork\/installedApps$/;
const catalogPath = /^\/appCatalogs\/teamsApps$/;
const reportPath = /^\/reports\/authenticationMethods\/userRegistrationDetails$/;
const methodsPath = /^\/users\/[^/]+\/authentication\/microsoftAuthenticatorMethods$/;

let graph: FakeGraph;
let lines: string[];
const everyone = Array.from({ length: 2500 }, (_, n) => user(n));

beforeEach(async () => {
  graph = await new FakeGraph().start();
  graph.addGroup(department, everyone).addGroup(smallTeam, everyone.slice(0, 3));
  graph.addCatalogApp({ id: catalogId, externalId: manifestId, displayName: '2FA Servicedesk' });
  lines = [];
});
afterEach(() => graph.stop());

function ports(options: { timeoutMs?: number; limits?: Partial<Record<GraphBucket, RateLimit>>; maxMemberPages?: number; catalogAppId?: string } = {}): GraphPorts {
  const config = loadConfig({ GRAPH_BASE_URL: graph.baseUrl, GRAPH_CREDENTIAL: 'local-fake-token', GRAPH_TIMEOUT_MS: String(options.timeoutMs ?? 3000) }).graph;
  return createGraph(config, new MemoryStore(), createLogger('debug', (line) => lines.push(line)), {
    limits: options.limits,
    rollout: { manifestAppId: manifestId, catalogAppId: options.catalogAppId, maxMemberPages: options.maxMemberPages },
  });
}

const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('group members', () => {
  it('lists 2,500 transitive members over 3 pages of 999, with ConsistencyLevel: eventual and the token on each', async () => {
    const answer = await ports().rollout.groupMembers(department.toUpperCase());
    if (answer.kind !== 'members') throw new Error(`expected members, got ${JSON.stringify(answer)}`);
    expect(answer.pages).toBe(3);
    expect(answer.members).toHaveLength(2500);
    expect(new Set(answer.members.map((member) => member.id)).size).toBe(2500);
    // Only what the rollout uses: no UPN, no full name.
    expect(answer.members[1234]).toEqual({ id: everyone[1234].id, givenName: 'Voornaam1234', preferredLanguage: 'nl-NL' });
    const requests = graph.requestsTo(membersPath);
    expect(requests.map((request) => request.status)).toEqual([200, 200, 200]);
    expect(requests[0].path).toBe(`/v1.0/groups/${department}/transitiveMembers/microsoft.graph.user`);
    for (const request of requests) {
      expect(request.query.get('$select')).toBe('id,givenName,preferredLanguage');
      expect(request.query.get('$top')).toBe('999');
      expect(request.query.get('$count')).toBe('true');
      expect(request.headers.consistencylevel).toBe('eventual');
      expect(request.token).toBe(localFakeBearerToken);
    }
    expect(requests.map((request) => request.query.get('$skiptoken'))).toEqual([null, '999', '1998']);
  });

  it.each([
    ['another port on this machine', (link: string, other: string) => link.replace(/^http:\/\/127\.0\.0\.1:\d+/, other)],
    ['another host name', (link: string) => link.replace('127.0.0.1', 'localhost')],
    ['https to Graph itself', (link: string) => link.replace(/^http:\/\/127\.0\.0\.1:\d+/, 'https://graph.microsoft.com')],
    ['credentials in the link', (link: string) => link.replace('http://', 'http://someone@')],
    ['another API version', (link: string) => link.replace('/v1.0/', '/beta/')],
    ['a path climbing out of the version', (link: string) => link.replace('/v1.0/', '/v1.0/../beta/')],
    ['no URL at all', () => 'not a link'],
    ['another address inside the path', (link: string, other: string) => link.replace('/v1.0/', `/v1.0/users/${other}/v1.0/`)],
  ])('a hostile nextLink (%s) is not followed, and the token goes nowhere else', async (_name, rewrite) => {
    const elsewhere = await new FakeGraph().start();
    try {
      const other = elsewhere.baseUrl.replace(/\/v1\.0$/, '');
      graph.nextLink = (link) => rewrite(link, other);
      const answer = await ports().rollout.groupMembers(department);
      expect(answer).toEqual({ kind: 'unavailable', reason: 'failed' });
      expect(graph.requestsTo(membersPath)).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
      expect(logged()).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Microsoft Graph nextLink refused: not under the configured base URL', operation: 'groupMembers' }));
      expect(lines.join('\n')).not.toContain('skiptoken');
    } finally {
      await elsewhere.stop();
    }
  });

  it('a query value that looks like a URL stays a value (it cannot move the request to another host)', async () => {
    graph.nextLink = (link) => `${link}&$trap=https://elsewhere.example/v1.0/x`;
    const answer = await ports().rollout.groupMembers(department);
    expect(answer).toMatchObject({ kind: 'members', pages: 3 });
    expect(graph.requestsTo(membersPath)[1].query.get('$trap')).toBe('https://elsewhere.example/v1.0/x');
  });

  it('stops at the page bound: tooLarge, no more requests', async () => {
    expect(await ports({ maxMemberPages: 2 }).rollout.groupMembers(department)).toEqual({ kind: 'unavailable', reason: 'tooLarge' });
    expect(graph.requestsTo(membersPath)).toHaveLength(2);
  });

  it.each(['Afdeling Zorg', "x' or 1 eq 1", '../users', '', `${department}/members`, `${department}?$top=1`])('refuses the group id %p before any call', async (groupId) => {
    expect(await ports().rollout.groupMembers(groupId)).toEqual({ kind: 'unavailable', reason: 'invalidId' });
    expect(graph.requests).toHaveLength(0);
  });

  it('404: an unknown group is notFound', async () => {
    expect(await ports().rollout.groupMembers(guid('0000000d', 99))).toEqual({ kind: 'unavailable', reason: 'notFound' });
  });

  it('403: forbidden, logged once with the permission it needs', async () => {
    graph.fail(membersPath, { kind: 'status', status: 403 }, 2);
    const { rollout } = ports();
    expect(await rollout.groupMembers(department)).toEqual({ kind: 'unavailable', reason: 'forbidden' });
    expect(await rollout.groupMembers(smallTeam)).toEqual({ kind: 'unavailable', reason: 'forbidden' });
    expect(logged().filter((line) => line.message === 'Microsoft Graph refused: permission missing').map((line) => line.permission)).toEqual(['GroupMember.Read.All']);
  });

  it('503 on the second page: retried once and the list completes; twice: failed', async () => {
    graph.fail(membersPath, { kind: 'status', status: 503 }, 1, 1);
    const { rollout } = ports();
    expect(await rollout.groupMembers(department)).toMatchObject({ kind: 'members', pages: 3 });
    expect(graph.requestsTo(membersPath).map((request) => request.status)).toEqual([200, 503, 200, 200]);

    graph.fail(membersPath, { kind: 'status', status: 503 }, 2, 1);
    expect(await rollout.groupMembers(department)).toEqual({ kind: 'unavailable', reason: 'failed' });
  });

  it('429 with Retry-After: the turn deadline gives up (throttled), a background call with a longer deadline waits it out', async () => {
    graph.fail(membersPath, { kind: 'status', status: 429, retryAfter: '1' });
    const turn = ports({ timeoutMs: 500 });
    expect(await turn.rollout.groupMembers(smallTeam)).toEqual({ kind: 'unavailable', reason: 'throttled' });

    graph.fail(membersPath, { kind: 'status', status: 429, retryAfter: '1' });
    const background = ports({ timeoutMs: 500 });
    const answer = await background.rollout.groupMembers(smallTeam, { timeoutMs: 5000 });
    expect(answer).toMatchObject({ kind: 'members', pages: 1 });
    const [throttled, retried] = graph.requestsTo(membersPath).slice(-2);
    expect([throttled.status, retried.status]).toEqual([429, 200]);
    expect(retried.at - throttled.at).toBeGreaterThanOrEqual(1000);
  });

  it('a deadline that is no number falls back to the configured one (a hang: timeout, not forever)', async () => {
    graph.fail(membersPath, { kind: 'hang' });
    const started = Date.now();
    expect(await ports({ timeoutMs: 400 }).rollout.groupMembers(smallTeam, { timeoutMs: Number.POSITIVE_INFINITY })).toEqual({ kind: 'unavailable', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('drops members Graph gives without a GUID, and cuts hostile fields', async () => {
    graph.addGroup(guid('0000000d', 3), [{ id: 'not-a-guid' }, { id: guid('00000000', 9000), givenName: 'x'.repeat(10_000), preferredLanguage: 'nl"><script>' }]);
    const answer = await ports().rollout.groupMembers(guid('0000000d', 3));
    if (answer.kind !== 'members') throw new Error('expected members');
    expect(answer.members).toEqual([{ id: guid('00000000', 9000), givenName: 'x'.repeat(256) }]);
  });
});

describe('the app: catalog id, installed, install', () => {
  it('finds the catalog id by the manifest id, once', async () => {
    const { rollout } = ports();
    expect(await rollout.catalogId()).toEqual({ kind: 'found', catalogId });
    expect(await rollout.catalogId()).toEqual({ kind: 'found', catalogId });
    const requests = graph.requestsTo(catalogPath);
    expect(requests).toHaveLength(1);
    expect(requests[0].query.get('$filter')).toBe(`externalId eq '${manifestId}'`);
  });

  it('an app not in the org catalog is notFound, and asked again next time', async () => {
    graph.catalog.length = 0;
    const { rollout } = ports();
    expect(await rollout.catalogId()).toEqual({ kind: 'unavailable', reason: 'notFound' });
    graph.addCatalogApp({ id: catalogId, externalId: manifestId });
    expect(await rollout.catalogId()).toEqual({ kind: 'found', catalogId });
    expect(graph.requestsTo(catalogPath)).toHaveLength(2);
  });

  it('a catalog Graph will not show (403) is forbidden, naming AppCatalog.Read.All', async () => {
    graph.fail(catalogPath, { kind: 'status', status: 403 });
    expect(await ports().rollout.catalogId()).toEqual({ kind: 'unavailable', reason: 'forbidden' });
    expect(logged()).toContainEqual(expect.objectContaining({ message: 'Microsoft Graph refused: permission missing', permission: 'AppCatalog.Read.All' }));
  });

  it('a configured catalog id asks nothing', async () => {
    expect(await ports({ catalogAppId: catalogId }).rollout.catalogId()).toEqual({ kind: 'found', catalogId });
    expect(graph.requests).toHaveLength(0);
  });

  it('installs for a user who has not got it; again is idempotent (409 = installed)', async () => {
    const { rollout } = ports();
    const jan = everyone[0].id;
    expect(await rollout.installed(jan, catalogId)).toEqual({ kind: 'notInstalled' });
    expect(await rollout.install(jan, catalogId)).toEqual({ kind: 'installed', already: false });
    expect(await rollout.installed(jan, catalogId)).toEqual({ kind: 'installed', installationId: `${jan}-${catalogId}` });
    expect(await rollout.install(jan, catalogId)).toEqual({ kind: 'installed', already: true });

    const [get] = graph.requestsTo(installedPath).filter((request) => request.method === 'GET');
    expect(get.query.get('$expand')).toBe('teamsApp');
    expect(get.query.get('$filter')).toBe(`teamsApp/id eq '${catalogId}'`);
    const posts = graph.requestsTo(installedPath).filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.status)).toEqual([201, 409]);
    expect(posts[0].body).toEqual({ 'teamsApp@odata.bind': `${graph.baseUrl}/appCatalogs/teamsApps/${catalogId}` });
    expect(posts[0].headers['content-type']).toContain('application/json');
    expect(graph.installedApps.get(jan)).toEqual(new Set([catalogId]));
  });

  it.each([
    ['a user id', 'jan.jansen@central.zorgring.nl', catalogId],
    ['a user id with a path', `${guid('00000000', 1)}/teamwork`, catalogId],
    ['a catalog id with a quote', guid('00000000', 1), "x' or teamsApp/id ne '"],
  ])('refuses %s that is not a GUID before any call', async (_name, userId, appId) => {
    const { rollout } = ports();
    expect(await rollout.installed(userId, appId)).toEqual({ kind: 'unavailable', reason: 'invalidId' });
    expect(await rollout.install(userId, appId)).toEqual({ kind: 'unavailable', reason: 'invalidId' });
    expect(graph.requests).toHaveLength(0);
  });

  it("names the chat of the user's installation, in the same bucket, and refuses ids that could move the request", async () => {
    const { rollout } = ports();
    const jan = everyone[0].id;
    await rollout.install(jan, catalogId);
    const installed = await rollout.installed(jan, catalogId);
    if (installed.kind !== 'installed' || !installed.installationId) throw new Error(JSON.stringify(installed));
    expect(await rollout.chat(jan, installed.installationId)).toEqual({ kind: 'chat', chatId: `19:${jan}_bot@unq.gbl.spaces` });
    expect(graph.requestsTo(/\/chat$/)).toHaveLength(1);
    expect(await rollout.chat(jan, '../../groups/x')).toEqual({ kind: 'unavailable', reason: 'invalidId' });
    expect(await rollout.chat('jan', installed.installationId)).toEqual({ kind: 'unavailable', reason: 'invalidId' });
    expect(await rollout.chat(jan, 'not-installed')).toEqual({ kind: 'unavailable', reason: 'notFound' });
    expect(graph.requestsTo(/\/chat$/)).toHaveLength(2);
  });

  it('a chat id Graph gives that is not a Teams chat id is not used', async () => {
    const { rollout } = ports();
    const jan = everyone[0].id;
    graph.fail(/\/chat$/, { kind: 'status', status: 200, body: { id: 'https://elsewhere.example/conversations/1' } });
    expect(await rollout.chat(jan, `${jan}-${catalogId}`)).toEqual({ kind: 'unavailable', reason: 'failed' });
  });

  it('404 (no such user), 403 (no permission) and 503 twice each have their outcome', async () => {
    const { rollout } = ports();
    expect(await rollout.install(guid('00000000', 99_999), catalogId)).toEqual({ kind: 'unavailable', reason: 'notFound' });
    graph.fail(installedPath, { kind: 'status', status: 403 });
    expect(await rollout.install(everyone[1].id, catalogId)).toEqual({ kind: 'unavailable', reason: 'forbidden' });
    expect(logged()).toContainEqual(expect.objectContaining({ message: 'Microsoft Graph refused: permission missing', permission: 'TeamsAppInstallation.ReadWriteSelfForUser.All' }));
    graph.fail(installedPath, { kind: 'status', status: 503 }, 2);
    expect(await rollout.installed(everyone[1].id, catalogId)).toEqual({ kind: 'unavailable', reason: 'failed' });
  });

  it('a 503 on the install is retried once: installed (or already, if the first had gone through)', async () => {
    graph.fail(installedPath, { kind: 'status', status: 503 });
    expect(await ports().rollout.install(everyone[2].id, catalogId)).toEqual({ kind: 'installed', already: false });
    expect(graph.requestsTo(installedPath).map((request) => request.status)).toEqual([503, 201]);
  });

  it('429 on an install holds every installedApps call until Retry-After has passed', async () => {
    graph.fail(installedPath, { kind: 'status', status: 429, retryAfter: '1' });
    const { rollout } = ports({ timeoutMs: 5000 });
    const first = rollout.install(everyone[3].id, catalogId);
    await waitUntil(() => graph.requestsTo(installedPath).some((request) => request.status === 429), 'the 429', 2000);
    const second = await rollout.installed(everyone[4].id, catalogId);
    expect(await first).toEqual({ kind: 'installed', already: false });
    expect(second).toEqual({ kind: 'notInstalled' });
    const [throttled, ...after] = graph.requestsTo(installedPath);
    expect(throttled.status).toBe(429);
    expect(after).toHaveLength(2);
    for (const request of after) expect(request.at - throttled.at).toBeGreaterThanOrEqual(1000);
  });

  it('a burst of 60 installs and 30 checks stays within 30 per second (GET and POST share the bucket)', async () => {
    const { rollout } = ports({ timeoutMs: 5000 });
    const users = everyone.slice(0, 60).map((member) => member.id);
    const answers = await Promise.all([
      ...users.map((id) => rollout.install(id, catalogId, { timeoutMs: 10_000 })),
      ...users.slice(0, 30).map((id) => rollout.installed(id, catalogId, { timeoutMs: 10_000 })),
    ]);
    expect(answers.filter((answer) => answer.kind === 'unavailable')).toEqual([]);
    const requests = graph.requestsTo(installedPath);
    expect(requests).toHaveLength(90);
    expect(peakRequests(requests, 1000)).toBeLessThanOrEqual(30);
    expect(graph.installedApps.size).toBe(60);
  }, 15_000);
});

describe('the registration report', () => {
  beforeEach(() => {
    for (let n = 0; n < 450; n++) {
      graph.addRegistration({ id: everyone[n].id, userPrincipalName: everyone[n].userPrincipalName, isMfaRegistered: true, methodsRegistered: n % 3 === 0 ? ['mobilePhone'] : ['microsoftAuthenticatorPush'] });
    }
    graph.addRegistration({ id: everyone[450].id, isMfaRegistered: false, methodsRegistered: [] });
  });

  it('reads those registered for MFA over several pages, keeping their id and methods only', async () => {
    const answer = await ports().rollout.registrationReport('mfaRegistered');
    if (answer.kind !== 'report') throw new Error(`expected a report, got ${JSON.stringify(answer)}`);
    expect(answer.registrations).toHaveLength(450);
    expect(answer.pages).toBe(3);
    expect(answer.registrations[1]).toEqual({ id: everyone[1].id, isMfaRegistered: true, methodsRegistered: ['microsoftAuthenticatorPush'] });
    expect(graph.requestsTo(reportPath)[0].query.get('$filter')).toBe('isMfaRegistered eq true');
  });

  it('a tenant without the licence: noLicence (not forbidden), logged once', async () => {
    graph.licensed = false;
    const { rollout } = ports();
    expect(await rollout.registrationReport('mfaRegistered')).toEqual({ kind: 'unavailable', reason: 'noLicence' });
    expect(await rollout.registrationReport('mfaRegistered')).toEqual({ kind: 'unavailable', reason: 'noLicence' });
    expect(logged().filter((line) => line.message === 'Microsoft Graph refused: the tenant has no Entra ID P1/P2 licence for this')).toHaveLength(1);
    expect(logged().filter((line) => line.message === 'Microsoft Graph refused: permission missing')).toHaveLength(0);
  });

  it('403 without the licence code is forbidden (the permission AuditLog.Read.All is missing)', async () => {
    graph.fail(reportPath, { kind: 'status', status: 403 });
    expect(await ports().rollout.registrationReport('mfaRegistered')).toEqual({ kind: 'unavailable', reason: 'forbidden' });
    expect(logged()).toContainEqual(expect.objectContaining({ message: 'Microsoft Graph refused: permission missing', permission: 'AuditLog.Read.All' }));
  });

  it('the report and the authenticator look-ups share one bucket: never more than its limit in a window', async () => {
    // The identity bucket with a 1 s window (5 per 10 s in production), so the test need not wait 10 s per round.
    const { rollout, directory } = ports({ timeoutMs: 5000, limits: { identityReports: { limit: 5, windowMs: 1000 } } });
    const [report, ...checks] = await Promise.all([rollout.registrationReport('mfaRegistered', { timeoutMs: 8000 }), ...everyone.slice(0, 9).map((member) => directory.authenticator(member.id))]);
    expect(report).toMatchObject({ kind: 'report', pages: 3 });
    expect(checks.every((check) => check.kind === 'registered')).toBe(true);
    const shared = [...graph.requestsTo(reportPath), ...graph.requestsTo(methodsPath)];
    expect(shared).toHaveLength(12);
    expect(peakRequests(shared, 1000)).toBeLessThanOrEqual(5);
  }, 15_000);

  it('with the real 5 per 10 s: a burst of report pages and checks sends 5, the rest is throttled without a request', async () => {
    const { rollout, directory } = ports();
    const answers = await Promise.all([rollout.registrationReport('mfaRegistered'), ...everyone.slice(0, 6).map((member) => directory.authenticator(member.id))]);
    const sent = [...graph.requestsTo(reportPath), ...graph.requestsTo(methodsPath)];
    expect(sent).toHaveLength(5);
    expect(answers.filter((answer) => answer.kind === 'unavailable' && answer.reason === 'throttled').length).toBeGreaterThanOrEqual(2);
  });
});

describe('without Graph, and in the logs', () => {
  it('Graph off: every rollout answer is unavailable: off', async () => {
    const off = createGraph(loadConfig({}).graph, new MemoryStore(), createLogger('error', () => undefined));
    expect(off.rollout).toBe(rolloutGraphOff);
    expect(off.rollout.enabled).toBe(false);
    expect(await off.rollout.groupMembers(department)).toEqual({ kind: 'unavailable', reason: 'off' });
    expect(await off.rollout.install(everyone[0].id, catalogId)).toEqual({ kind: 'unavailable', reason: 'off' });
    expect(await off.rollout.registrationReport('mfaRegistered')).toEqual({ kind: 'unavailable', reason: 'off' });
  });

  it('logs no group or user id, UPN, name, link or token', async () => {
    graph.licensed = false;
    graph.fail(installedPath, { kind: 'status', status: 503 }, 2).fail(membersPath, { kind: 'status', status: 403 });
    graph.nextLink = (link) => link.replace('127.0.0.1', 'localhost');
    const { rollout } = ports();
    await rollout.groupMembers(department);
    await rollout.groupMembers(smallTeam);
    await rollout.installed(everyone[0].id, catalogId);
    await rollout.registrationReport('mfaRegistered');
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [department, smallTeam, everyone[0].id, catalogId, 'user0@central.zorgring.nl', 'Voornaam0', 'localhost', localFakeBearerToken, 'Bearer']) expect(log).not.toContain(secret);
  });
});
