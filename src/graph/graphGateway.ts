import { Client, HTTPMessageHandler, ResponseType, type AuthenticationProvider, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../core/logger';
import type { Unavailable } from './directory';
import { AbortedError, RateLimiter, identityReportsLimit, pause, teamsAppsLimit, usersLimit, type RateLimit } from './rateLimiter';

/** What the bot asks of Graph: the throttling bucket each call counts against, and the permission it needs. */
export const graphOperations = {
  user: { bucket: 'users', permission: 'User.Read.All' },
  authenticatorMethods: { bucket: 'identityReports', permission: 'UserAuthMethod-MicrosoftAuthApp.Read.All' },
  groupMembers: { bucket: 'users', permission: 'GroupMember.Read.All' },
  // Only when the catalog id is not configured (see GraphRolloutOptions.catalogAppId).
  appCatalog: { bucket: 'users', permission: 'AppCatalog.Read.All' },
  installedApps: { bucket: 'teamsApps', permission: 'TeamsAppInstallation.ReadWriteSelfForUser.All' },
  installApp: { bucket: 'teamsApps', permission: 'TeamsAppInstallation.ReadWriteSelfForUser.All' },
  installedAppChat: { bucket: 'teamsApps', permission: 'TeamsAppInstallation.ReadWriteSelfForUser.All' },
  registrationReport: { bucket: 'identityReports', permission: 'AuditLog.Read.All' },
} as const;

export type GraphOperation = keyof typeof graphOperations;
export type GraphBucket = (typeof graphOperations)[GraphOperation]['bucket'];
type Bucket = GraphBucket;

/** A call's result: the JSON body of a 2xx (undefined when it has none), or why there is none. */
export type GraphOutcome = { kind: 'ok'; body: unknown } | { kind: Exclude<Unavailable, 'off'> };

/**
 * What `send` answers: a GraphOutcome (ok for any 2xx; the body undefined when there is none), or 409 (conflict:
 * e.g. the app is installed already), or a 403 that says the tenant lacks the licence (noLicence: the report needs
 * Entra ID P1/P2), which is not a missing permission.
 */
export type GraphAnswer = GraphOutcome | { kind: 'conflict' } | { kind: 'noLicence' };

/** One request: the path relative to the base URL with ids and query already encoded (see graphPath). */
export interface GraphCall {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** Sent as JSON (POST). */
  body?: unknown;
  /** This call's whole budget instead of the gateway's: work outside a turn (the rollout) may wait longer. */
  timeoutMs?: number;
}

/** The error codes of a 403 that means "no Entra ID P1/P2 licence", not "no permission" (unverified for every report: codes, never message text). */
const noLicenceCodes: ReadonlySet<string> = new Set(['Authentication_RequestFromNonPremiumTenantOrB2CTenant']);

/** A query key as Graph names them ($select, $skiptoken): kept literal so the SDK sees its OData options. */
const queryKeyPattern = /^\$?[A-Za-z][A-Za-z0-9]*$/;

/**
 * A path relative to the base URL with an encoded query. Each segment must be encoded by the caller (ids are
 * checked before); each query value is encoded here, `:` and `/` included, so no value can look like a URL to the SDK.
 */
export function graphPath(path: string, query: Record<string, string | undefined> = {}): string {
  const pairs = Object.entries(query)
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([key, value]) => `${queryKeyPattern.test(key) ? key : encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return pairs.length === 0 ? path : `${path}?${pairs.join('&')}`;
}

export interface GraphGatewayOptions {
  /** Up to and with the version, e.g. https://graph.microsoft.com/v1.0. */
  baseUrl: string;
  authProvider: AuthenticationProvider;
  logger: Logger;
  /** A call's whole budget (token, waiting for the limiter, the request and its one retry). */
  timeoutMs: number;
  /** The buckets' limits; Graph's by default (a test may shrink the window). */
  limits?: Partial<Record<Bucket, RateLimit>>;
}

/** The longest budget a call may ask for (background work); longer would also overflow setTimeout. */
const maxCallTimeoutMs = 120_000;
/**
 * The limiter's margin for the teamsApps bucket (30 per 1.5 s: 20 a second). A burst's first requests open new
 * connections and can reach Graph a few hundred ms after they left, the next ones, on open connections, at once:
 * measured in test/graph/graphRollout.test.ts on a loaded machine, a 100 ms margin let 60 arrive within one second.
 */
const teamsAppsMarginMs = 500;
/** A page of 999 members is about 0.5 MB; an answer announcing more than this is not Graph's. */
const maxAnswerBytes = 16 * 1024 * 1024;
/** The longest a 429 holds a bucket, whatever its Retry-After says. */
const maxRetryAfterMs = 120_000;
/** A 429 without Retry-After: wait about this long (with jitter) before the bucket is used again. */
const defaultRetryAfterMs = 2000;
/** The pause before the one retry after a 5xx or a network failure. */
const retryPauseMs = 200;
/** A request needs some time of its own: one that could only start this close to the deadline is not sent (it would spend the budget and time out). */
const requestAllowanceMs = 250;


/**
 * Sets the bearer token on requests to the configured base URL, and only there. The SDK's AuthenticationHandler
 * would do this only for https URLs of Microsoft's Graph hosts, which a fake Graph on 127.0.0.1 is not.
 */
class BearerTokenHandler implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly authProvider: AuthenticationProvider,
    private readonly baseUrl: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (!url.startsWith(`${this.baseUrl}/`)) throw new Error('request outside the Graph base URL');
    const token = await this.authProvider.getAccessToken();
    context.options = { ...context.options, headers: { ...(context.options?.headers as Record<string, string>), Authorization: `Bearer ${token}` } };
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The `error.code` of a Graph error body, if it has one (a short read: error bodies are small). */
async function errorCode(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { error?: { code?: unknown } } | null;
  const code = body?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Settles like `promise`, or rejects with AbortedError when `signal` aborts first (a token request that hangs). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(new AbortedError());
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The one way to Graph: Client.initWithMiddleware with our own chain (the token, then fetch) instead of the
 * SDK's default, whose RetryHandler would sleep through Retry-After up to three times, past a turn's deadline
 * and around the shared limiter. Every call here resolves within its budget to a defined outcome:
 * 2xx → ok; 404 → notFound; 409 → conflict; 401/403 → forbidden (logged once per operation, with the permission it needs),
 * but a 403 whose error code says the tenant lacks the licence → noLicence (logged once per operation);
 * 429 → Retry-After holds the bucket, one retry if it passes within the budget, else throttled;
 * 5xx or a network failure → one retry within the budget, else failed; out of time → timeout.
 * Logs carry the operation, the outcome and the status only: no path (it holds the user's id), token or body.
 */
export class GraphGateway {
  private readonly client: Client;
  private readonly limiters: Record<Bucket, RateLimiter>;
  private readonly forbiddenLogged = new Set<GraphOperation>();
  private readonly noLicenceLogged = new Set<GraphOperation>();
  private readonly failuresLogged = new Set<string>();
  private readonly base: URL;

  constructor(private readonly options: GraphGatewayOptions) {
    const base = new URL(options.baseUrl);
    const path = base.pathname.replace(/\/+$/, '');
    const version = path.slice(path.lastIndexOf('/') + 1);
    const host = `${base.origin}${path.slice(0, path.lastIndexOf('/'))}`;
    this.client = Client.initWithMiddleware({
      baseUrl: host,
      defaultVersion: version,
      middleware: [new BearerTokenHandler(options.authProvider, `${host}/${version}`), new HTTPMessageHandler()],
    });
    this.limiters = {
      identityReports: new RateLimiter(options.limits?.identityReports ?? identityReportsLimit),
      users: new RateLimiter(options.limits?.users ?? usersLimit),
      teamsApps: new RateLimiter(options.limits?.teamsApps ?? teamsAppsLimit, teamsAppsMarginMs),
    };
    this.base = new URL(`${host}/${version}`);
  }

  /** GET `path` (relative to the base URL, ids already encoded) with `$select`; never rejects. */
  async get(operation: GraphOperation, path: string, select?: string): Promise<GraphOutcome> {
    const answer = await this.send(operation, { path: select ? graphPath(path, { $select: select }) : path });
    if (answer.kind === 'conflict') return { kind: 'failed' };
    if (answer.kind === 'noLicence') return { kind: 'forbidden' };
    return answer;
  }

  /** One request with its retries, within its budget, through the operation's bucket; never rejects. */
  async send(operation: GraphOperation, call: GraphCall): Promise<GraphAnswer> {
    const asked = call.timeoutMs ?? this.options.timeoutMs;
    const timeoutMs = Number.isFinite(asked) ? Math.min(Math.max(asked, 1), maxCallTimeoutMs) : this.options.timeoutMs;
    const controller = new AbortController();
    const deadline = Date.now() + timeoutMs;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    timer.unref();
    try {
      const outcome = await this.attempts(operation, call, timeoutMs, deadline, controller.signal);
      this.report(operation, outcome);
      return outcome.outcome;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * An `@odata.nextLink` as a path for `send`, or undefined when it does not point under the configured base URL
   * (same scheme, host and port, under the version): a hostile link is never followed, so the token never goes elsewhere.
   */
  nextPath(link: unknown): string | undefined {
    if (typeof link !== 'string' || link.length > 8192) return undefined;
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return undefined;
    }
    const basePath = this.base.pathname.replace(/\/+$/, '');
    if (url.origin !== this.base.origin || !url.pathname.startsWith(`${basePath}/`) || url.username || url.password) return undefined;
    const path = url.pathname.slice(basePath.length);
    // No dot segments, and nothing the Graph client would read as another address ("…/https://elsewhere/…").
    if (path.split('/').some((segment) => segment === '..' || segment === '.') || path.includes('//') || path.includes(':')) return undefined;
    return graphPath(path, Object.fromEntries(url.searchParams));
  }

  private async attempts(operation: GraphOperation, call: GraphCall, timeoutMs: number, deadline: number, signal: AbortSignal): Promise<{ outcome: GraphAnswer; status?: number }> {
    const limiter = this.limiters[graphOperations[operation].bucket];
    const latestStart = deadline - Math.min(requestAllowanceMs, timeoutMs / 2);
    // What to answer when no (further) attempt fits in the budget.
    let fallback: { outcome: GraphAnswer; status?: number } = { outcome: { kind: 'throttled' } };
    for (let attempt = 1; attempt <= 2; attempt++) {
      let response: Response;
      try {
        // A call given more time than a turn's is background work (a rollout, a report): turns go first.
        if (!(await limiter.take(latestStart, signal, timeoutMs > this.options.timeoutMs ? 'background' : 'turn'))) return fallback;
        let request = this.client.api(call.path).option('signal', signal).responseType(ResponseType.RAW);
        if (call.headers) request = request.headers(call.headers);
        response = await untilAborted<Response>(call.method === 'POST' ? request.post(call.body ?? {}) : request.get(), signal);
      } catch (error) {
        if (signal.aborted) return { outcome: { kind: 'timeout' } };
        // A network failure, or no token: one retry, after a short pause. What failed is logged once per kind, by
        // its name only (a wrong secret or a missing certificate shows as the credential's error, never its text).
        this.failureOnce(operation, (error as Error)?.name ?? typeof error);
        fallback = { outcome: { kind: 'failed' } };
        if (attempt === 1 && (await this.pauseBeforeRetry(retryPauseMs, latestStart, signal))) continue;
        return fallback;
      }
      const status = response.status;
      if (status >= 200 && status < 300) {
        if (Number(response.headers.get('content-length') ?? 0) > maxAnswerBytes) {
          await response.body?.cancel().catch(() => undefined);
          return { outcome: { kind: 'failed' }, status };
        }
        try {
          const text = await untilAborted(response.text(), signal);
          return { outcome: { kind: 'ok', body: text.trim() === '' ? undefined : (JSON.parse(text) as unknown) }, status };
        } catch {
          return { outcome: { kind: signal.aborted ? 'timeout' : 'failed' }, status };
        }
      }
      if (status === 403) {
        const code = await untilAborted(errorCode(response), signal).catch(() => undefined);
        return { outcome: { kind: code !== undefined && noLicenceCodes.has(code) ? 'noLicence' : 'forbidden' }, status };
      }
      await response.body?.cancel().catch(() => undefined);
      if (status === 404) return { outcome: { kind: 'notFound' }, status };
      if (status === 409) return { outcome: { kind: 'conflict' }, status };
      if (status === 401) return { outcome: { kind: 'forbidden' }, status };
      if (status === 429) {
        const now = Date.now();
        // Graph's Retry-After is honoured up to a cap: one odd answer must not switch a bucket off for hours.
        const asked = retryAfterMs(response.headers.get('retry-after'), now);
        const after = Math.min(maxRetryAfterMs, asked !== undefined && Number.isFinite(asked) ? asked : defaultRetryAfterMs * (1 + Math.random()));
        limiter.holdUntil(now + after);
        fallback = { outcome: { kind: 'throttled' }, status };
        continue;
      }
      if (status >= 500) {
        fallback = { outcome: { kind: 'failed' }, status };
        if (attempt === 1 && (await this.pauseBeforeRetry(retryPauseMs, latestStart, signal))) continue;
        return fallback;
      }
      return { outcome: { kind: 'failed' }, status };
    }
    return fallback;
  }

  /** Pauses before a retry if the retry can still start by `latestStart`; false when it cannot. */
  private async pauseBeforeRetry(ms: number, latestStart: number, signal: AbortSignal): Promise<boolean> {
    if (Date.now() + ms > latestStart) return false;
    try {
      await pause(ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  private report(operation: GraphOperation, { outcome, status }: { outcome: GraphAnswer; status?: number }): void {
    if (outcome.kind === 'ok' || outcome.kind === 'conflict') return;
    if (outcome.kind === 'noLicence') {
      if (this.noLicenceLogged.has(operation)) return;
      this.noLicenceLogged.add(operation);
      this.options.logger.warn('Microsoft Graph refused: the tenant has no Entra ID P1/P2 licence for this', { operation, status });
      return;
    }
    if (outcome.kind === 'forbidden') {
      if (this.forbiddenLogged.has(operation)) return;
      this.forbiddenLogged.add(operation);
      this.options.logger.warn('Microsoft Graph refused: permission missing', { operation, status, permission: graphOperations[operation].permission });
      return;
    }
    const fields = { operation, outcome: outcome.kind, status };
    if (outcome.kind === 'notFound') this.options.logger.info('Microsoft Graph call without an answer', fields);
    else this.options.logger.warn('Microsoft Graph call without an answer', fields);
  }

  /** The first network or token failure of each kind per operation, by the error's name (never its text). */
  private failureOnce(operation: GraphOperation, name: string): void {
    const key = `${operation}/${name}`;
    if (this.failuresLogged.has(key) || this.failuresLogged.size > 100) return;
    this.failuresLogged.add(key);
    this.options.logger.warn('Microsoft Graph request failed', { operation, error: name.slice(0, 80) });
  }
}
