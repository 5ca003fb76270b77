import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A user the fake Graph knows, with the fields GET /users/{id} may select. */
export interface FakeUser {
  id: string;
  userPrincipalName?: string;
  givenName?: string;
  preferredLanguage?: string;
  /** GET /users/{id}/authentication/microsoftAuthenticatorMethods; none means an empty list. */
  authenticatorMethods?: Array<{ id?: string; displayName: string; createdDateTime?: string; deviceTag?: string }>;
}

/** An app in the organisation's catalog: `id` is the catalog id, `externalId` the manifest id. */
export interface FakeCatalogApp {
  id: string;
  externalId: string;
  displayName?: string;
}

/** A user's line in /reports/authenticationMethods/userRegistrationDetails. */
export interface FakeRegistration {
  id: string;
  userPrincipalName?: string;
  isMfaRegistered: boolean;
  methodsRegistered: string[];
}

/** The 403 Graph gives a tenant without Entra ID P1/P2 (code as seen for the sign-in and report APIs). */
export const noLicenceCode = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';

/** Every request the fake received, answered or not, with when it arrived (Date.now()). */
export interface GraphRequestRecord {
  method: string;
  /** The path without the query, e.g. /v1.0/users/{id}. */
  path: string;
  query: URLSearchParams;
  /** The bearer token it carried (without "Bearer "), if any. */
  token?: string;
  headers: http.IncomingHttpHeaders;
  /** A POST's JSON body (undefined when none or not JSON). */
  body?: unknown;
  at: number;
  /** The status it was answered with; undefined while it hangs. */
  status?: number;
}

/** What a scripted fault does: never answer, or answer with a status (and Retry-After, or a body of its own). */
export type GraphFault = { kind: 'hang' } | { kind: 'status'; status: number; retryAfter?: string; body?: unknown };

interface ScriptedFault {
  fault: GraphFault;
  remaining: number;
  path: RegExp;
  /** Matching requests still to answer normally before the fault applies (a fault on page 2). */
  skip: number;
}

/** One route: a pattern on the path after the version, and what it answers from the data. */
interface Route {
  method?: 'GET' | 'POST';
  pattern: RegExp;
  answer: (match: RegExpMatchArray, request: GraphRequestRecord) => { status: number; body?: unknown };
}

const graphError = (status: number, code: string) => ({ status, body: { error: { code, message: code } } });

/** $select as Graph applies it: only the named fields (all when absent). */
function selected<T extends object>(item: T, query: URLSearchParams): Partial<T> {
  const select = query.get('$select');
  if (!select) return item;
  const fields = select.split(',').map((field) => field.trim());
  return Object.fromEntries(Object.entries(item).filter(([key]) => fields.includes(key))) as Partial<T>;
}

/**
 * A stand-in for Microsoft Graph on 127.0.0.1 (a free port): data-driven (`users`), with scripted faults per
 * path (429 with Retry-After, 503, 403, 404, a hang), and a log of every request with its time and token.
 * Routes are a table, so later slices add groups with paging, installed apps and the report beside these.
 */
export class FakeGraph {
  readonly users = new Map<string, FakeUser>();
  /** Group id → its transitive user members' ids, in order. */
  readonly groups = new Map<string, string[]>();
  readonly catalog: FakeCatalogApp[] = [];
  /** User id → the catalog ids installed in the user's personal scope (installation id = `${user}-${app}`). */
  readonly installedApps = new Map<string, Set<string>>();
  readonly registrations = new Map<string, FakeRegistration>();
  /**
   * Called after an install POST created an installation, as Teams then tells the bot (an installationUpdate);
   * a test or the benchmark posts that activity to the bot here.
   */
  onInstall?: (userId: string, appId: string) => void;
  /** False: the report answers 403 with the licence error code (a tenant without Entra ID P1/P2). */
  licensed = true;
  /** The most members per page (Graph's 999 when $top asks for it), and the report's page size. */
  memberPageSize = 999;
  reportPageSize = 200;
  /** Rewrites each @odata.nextLink the fake gives (a hostile Graph, or a broken proxy). */
  nextLink: (link: string) => string = (link) => link;
  readonly requests: GraphRequestRecord[] = [];
  private readonly faults: ScriptedFault[] = [];
  private readonly hung = new Set<http.ServerResponse>();
  private server?: http.Server;
  private readonly routes: Route[] = [
    {
      pattern: /^\/users\/([^/]+)$/,
      answer: ([, id]) => {
        const user = this.users.get(decodeURIComponent(id).toLowerCase());
        if (!user) return graphError(404, 'Request_ResourceNotFound');
        const { authenticatorMethods: _methods, ...profile } = user;
        return { status: 200, body: profile };
      },
    },
    {
      pattern: /^\/users\/([^/]+)\/authentication\/microsoftAuthenticatorMethods$/,
      answer: ([, id], request) => {
        const user = this.users.get(decodeURIComponent(id).toLowerCase());
        if (!user) return graphError(404, 'Request_ResourceNotFound');
        return { status: 200, body: { value: (user.authenticatorMethods ?? []).map((method) => selected(method, request.query)) } };
      },
    },
    {
      pattern: /^\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/,
      answer: ([, id], request) => {
        const members = this.groups.get(decodeURIComponent(id).toLowerCase());
        if (!members) return graphError(404, 'Request_ResourceNotFound');
        const users = members.map((member) => this.users.get(member) ?? { id: member });
        return this.page(request, users.map(({ authenticatorMethods: _methods, ...profile }) => selected(profile, request.query)), Math.min(Number(request.query.get('$top') ?? 100), this.memberPageSize));
      },
    },
    {
      pattern: /^\/appCatalogs\/teamsApps$/,
      answer: (_match, request) => {
        const externalId = /^externalId eq '([^']*)'$/.exec(request.query.get('$filter') ?? '')?.[1];
        return { status: 200, body: { value: this.catalog.filter((app) => externalId === undefined || app.externalId === externalId) } };
      },
    },
    {
      pattern: /^\/users\/([^/]+)\/teamwork\/installedApps$/,
      answer: ([, id], request) => {
        const user = decodeURIComponent(id).toLowerCase();
        if (!this.users.has(user)) return graphError(404, 'Request_ResourceNotFound');
        const appId = /^teamsApp\/id eq '([^']*)'$/.exec(request.query.get('$filter') ?? '')?.[1];
        const installed = [...(this.installedApps.get(user) ?? [])].filter((app) => appId === undefined || app === appId);
        const expand = request.query.get('$expand') === 'teamsApp';
        return { status: 200, body: { value: installed.map((app) => ({ id: `${user}-${app}`, ...(expand ? { teamsApp: this.catalog.find((entry) => entry.id === app) ?? { id: app } } : {}) })) } };
      },
    },
    {
      method: 'POST',
      pattern: /^\/users\/([^/]+)\/teamwork\/installedApps$/,
      answer: ([, id], request) => {
        const user = decodeURIComponent(id).toLowerCase();
        if (!this.users.has(user)) return graphError(404, 'Request_ResourceNotFound');
        const bind = (request.body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
        const appId = typeof bind === 'string' && bind.startsWith(`${this.baseUrl}/appCatalogs/teamsApps/`) ? bind.slice(`${this.baseUrl}/appCatalogs/teamsApps/`.length) : undefined;
        if (!appId || !this.catalog.some((app) => app.id === appId)) return graphError(400, 'BadRequest');
        const installed = this.installedApps.get(user) ?? new Set<string>();
        if (installed.has(appId)) return graphError(409, 'Conflict');
        this.installedApps.set(user, installed.add(appId));
        if (this.onInstall) setImmediate(this.onInstall, user, appId);
        return { status: 201 };
      },
    },
    {
      pattern: /^\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)\/chat$/,
      answer: ([, id, installation]) => {
        const user = decodeURIComponent(id).toLowerCase();
        const app = decodeURIComponent(installation).slice(user.length + 1);
        if (!decodeURIComponent(installation).startsWith(`${user}-`) || !this.installedApps.get(user)?.has(app)) return graphError(404, 'NotFound');
        return { status: 200, body: { id: chatIdOf(user) } };
      },
    },
    {
      pattern: /^\/reports\/authenticationMethods\/userRegistrationDetails$/,
      answer: (_match, request) => {
        if (!this.licensed) return graphError(403, noLicenceCode);
        const filter = request.query.get('$filter');
        const filters: Record<string, (registration: FakeRegistration) => boolean> = {
          "methodsRegistered/any(m: m eq 'microsoftAuthenticatorPush')": (registration) => registration.methodsRegistered.includes('microsoftAuthenticatorPush'),
          'isMfaRegistered eq true': (registration) => registration.isMfaRegistered,
        };
        if (filter !== null && !filters[filter]) return graphError(400, 'BadRequest');
        const rows = [...this.registrations.values()].filter((registration) => filter === null || filters[filter](registration));
        return this.page(request, rows, this.reportPageSize);
      },
    },
  ];

  constructor(readonly version = 'v1.0') {}

  /** The base URL to configure (GRAPH_BASE_URL), with the version. */
  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/${this.version}`;
  }

  addUser(user: FakeUser): this {
    this.users.set(user.id.toLowerCase(), user);
    return this;
  }

  /** A group whose transitive user members are `members` (each added as a user). */
  addGroup(id: string, members: FakeUser[]): this {
    for (const member of members) this.addUser(member);
    this.groups.set(id.toLowerCase(), members.map((member) => member.id.toLowerCase()));
    return this;
  }

  addCatalogApp(app: FakeCatalogApp): this {
    this.catalog.push(app);
    return this;
  }

  addRegistration(registration: FakeRegistration): this {
    this.registrations.set(registration.id.toLowerCase(), registration);
    return this;
  }

  /** One page of `rows` from $skiptoken (an offset here), with an @odata.nextLink while more remain. */
  private page(request: GraphRequestRecord, rows: unknown[], size: number): { status: number; body: unknown } {
    const offset = Number(request.query.get('$skiptoken') ?? 0);
    const value = rows.slice(offset, offset + size);
    if (offset + size >= rows.length) return { status: 200, body: { value } };
    const next = new URLSearchParams(request.query);
    next.set('$skiptoken', String(offset + size));
    return { status: 200, body: { value, '@odata.nextLink': this.nextLink(`http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${request.path}?${next.toString()}`) } };
  }

  /** The next `times` requests whose path (after the version) matches `path` get `fault` instead of their answer, after `skip` that do not. */
  fail(path: RegExp, fault: GraphFault, times = 1, skip = 0): this {
    this.faults.push({ fault, remaining: times, path, skip });
    return this;
  }

  /** The requests to paths (after the version) matching `path`. */
  requestsTo(path: RegExp): GraphRequestRecord[] {
    return this.requests.filter((request) => path.test(request.path.slice(this.version.length + 1)));
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorization = req.headers.authorization;
    const record: GraphRequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      token: authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined,
      headers: req.headers,
      at: Date.now(),
    };
    this.requests.push(record);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (chunks.length > 0) {
        try {
          record.body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        } catch {
          record.body = undefined;
        }
      }
      this.answer(url, record, res);
    });
  }

  private answer(url: URL, record: GraphRequestRecord, res: http.ServerResponse): void {
    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (!record.token) return reply(401, graphError(401, 'InvalidAuthenticationToken').body);
    const prefix = `/${this.version}`;
    const path = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : undefined;
    if (path === undefined) return reply(400, graphError(400, 'BadRequest').body);

    let fault: ScriptedFault | undefined;
    for (const candidate of this.faults) {
      if (candidate.remaining <= 0 || !candidate.path.test(path)) continue;
      if (candidate.skip > 0) {
        candidate.skip--;
        continue;
      }
      fault = candidate;
      break;
    }
    if (fault) {
      fault.remaining--;
      if (fault.fault.kind === 'hang') {
        this.hung.add(res);
        return;
      }
      const { status, retryAfter, body } = fault.fault;
      return reply(status, body ?? graphError(status, status === 429 ? 'TooManyRequests' : 'Scripted').body, retryAfter === undefined ? {} : { 'retry-after': retryAfter });
    }
    for (const route of this.routes) {
      if ((route.method ?? 'GET') !== record.method) continue;
      const match = path.match(route.pattern);
      if (!match) continue;
      try {
        const { status, body } = route.answer(match, record);
        return reply(status, body);
      } catch {
        return reply(500, graphError(500, 'InternalServerError').body);
      }
    }
    reply(404, graphError(404, 'Request_ResourceNotFound').body);
  }
}

/** The chat id the fake gives for a user's installation of the app. */
export const chatIdOf = (userId: string): string => `19:${userId.toLowerCase()}_bot@unq.gbl.spaces`;

/** The most requests that started within any `windowMs`. */
export function peakRequests(requests: GraphRequestRecord[], windowMs: number): number {
  const times = requests.map((request) => request.at).sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last] - times[first] >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
