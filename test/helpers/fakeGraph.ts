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

/** Every request the fake received, answered or not, with when it arrived (Date.now()). */
export interface GraphRequestRecord {
  method: string;
  /** The path without the query, e.g. /v1.0/users/{id}. */
  path: string;
  query: URLSearchParams;
  /** The bearer token it carried (without "Bearer "), if any. */
  token?: string;
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
}

/** One route: a pattern on the path after the version, and what it answers from the data. */
interface Route {
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

  /** The next `times` requests whose path (after the version) matches `path` get `fault` instead of their answer. */
  fail(path: RegExp, fault: GraphFault, times = 1): this {
    this.faults.push({ fault, remaining: times, path });
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
      at: Date.now(),
    };
    this.requests.push(record);
    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (!record.token) return reply(401, graphError(401, 'InvalidAuthenticationToken').body);
    const prefix = `/${this.version}`;
    const path = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : undefined;
    if (path === undefined) return reply(400, graphError(400, 'BadRequest').body);

    const fault = this.faults.find((candidate) => candidate.remaining > 0 && candidate.path.test(path));
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
