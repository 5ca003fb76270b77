import { ServiceClientCredentialsFactory, type ConnectorClientOptions } from 'botframework-connector';
import { sleep, withDeadline } from '../../core/deadline';
import { OutboundError, OutboundTimeoutError } from '../../core/errors';
import type { AppConfig } from '../../config';
import type { Logger } from '../../core/logger';
import { ConversationPacer, teamsConversationLimits, type RateWindow } from './conversationPacer';
import { AnswerNotReadError, httpExchange, type Exchange, type OutboundRequest, type OutboundResponse } from './httpExchange';

type CompatHttpClient = NonNullable<ConnectorClientOptions['httpClient']>;
type WebResourceLike = Parameters<CompatHttpClient['sendRequest']>[0];
type CompatResponse = Awaited<ReturnType<CompatHttpClient['sendRequest']>>;
type HttpHeadersLike = CompatResponse['headers'];
type ServiceClientCredentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;

export interface TrafficOptions {
  /** One attempt's limit; a connector that has not answered by then is cut off. */
  attemptTimeoutMs: number;
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** The first backoff; doubled per retry, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails and its caller decides. */
  maxRetryAfterMs: number;
  /** Attempts and backoff of one call together never take longer (the wait for a pacing slot not counted). */
  callBudgetMs: number;
  limits: readonly RateWindow[];
}

/** The traffic as the configuration sets it, at Teams' pace unless `limits` say otherwise; one per app, shared by the adapter and the flood gate. */
export function connectorTrafficFor(config: AppConfig, logger: Logger, limits: readonly RateWindow[] = teamsConversationLimits): ConnectorTraffic {
  return new ConnectorTraffic({ logger, options: { attemptTimeoutMs: config.outbound.timeoutMs, limits } });
}

const defaultTrafficOptions: TrafficOptions = {
  attemptTimeoutMs: 10_000,
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 10_000,
  callBudgetMs: 30_000,
  limits: teamsConversationLimits,
};

/** Teams' advice: retry 412, 429, 502, 503, 504 (and we add 500) with backoff and a bound. */
const retryableStatuses = new Set([412, 429, 500, 502, 503, 504]);
// A POST that timed out or whose answer could not be read may have landed: repeating it could post a message twice, so only these are repeated.
const idempotentMethods = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/** How far behind the sends to one conversation are; the flood gate turns activities away when the reply would wait long. */
export interface OutboundBacklog {
  backlogMs(serviceUrl: string, conversationId: string): number;
}

export interface TrafficDependencies {
  logger: Logger;
  /** How one attempt reaches the connector: over node:http by default. */
  exchange?: Exchange;
  random?: () => number;
  options?: Partial<TrafficOptions>;
}

/**
 * Owns all traffic from the bot to the Bot Connector: sends and updates are paced per conversation to Teams'
 * limits, every attempt has a timeout, and 429/5xx are retried a bounded number of times with exponential
 * backoff and jitter that honours Retry-After. After the last attempt a call rejects with OutboundError (or
 * OutboundTimeoutError) instead of returning the failed response, so the SDK's own retry policy (which only
 * repeats RestErrors and responses) never multiplies the attempts. Plugged in as the ConnectorClient's
 * httpClient and around the bot's credentials (its token fetch).
 */
export class ConnectorTraffic implements OutboundBacklog {
  readonly options: TrafficOptions;
  private readonly pacer: ConversationPacer;
  private readonly logger: Logger;
  private readonly exchange: Exchange;
  private readonly random: () => number;

  constructor(dependencies: TrafficDependencies) {
    this.options = { ...defaultTrafficOptions, ...dependencies.options };
    this.pacer = new ConversationPacer(this.options.limits);
    this.logger = dependencies.logger;
    this.exchange = dependencies.exchange ?? httpExchange;
    this.random = dependencies.random ?? Math.random;
  }

  /** For ConfigurationBotFrameworkAuthentication: every ConnectorClient (and token client) it makes uses this traffic. */
  connectorClientOptions(): ConnectorClientOptions {
    return { httpClient: this.httpClient() };
  }

  /** Wraps the bot's credentials so that fetching its token has the same timeout and retries. */
  credentialsFactory(inner: ServiceClientCredentialsFactory): ServiceClientCredentialsFactory {
    return new TimedCredentialsFactory(inner, this);
  }

  backlogMs(serviceUrl: string, conversationId: string): number {
    const key = paceKeyFor(serviceUrl, conversationId);
    return key === undefined ? 0 : this.pacer.backlogMs(key);
  }

  /** Sends one request to the connector with pacing, timeouts and bounded retries. */
  async send(request: OutboundRequest): Promise<OutboundResponse> {
    const operation = describe(request);
    const paceKey = paceKeyOf(request);
    // The budget counts attempts and backoff, not the wait for a pacing slot (which the flood gate keeps short).
    let spent = 0;
    for (let attempt = 1; ; attempt++) {
      if (paceKey) await this.pacer.acquire(paceKey);
      const attemptStarted = Date.now();
      let response: OutboundResponse;
      try {
        response = await this.attempt(request, Math.max(1, Math.min(this.options.attemptTimeoutMs, this.options.callBudgetMs - spent)));
      } catch (error) {
        spent += Date.now() - attemptStarted;
        const timedOut = error instanceof OutboundTimeoutError;
        // Timed out or answered unreadably, the request may have landed: only what is safe to repeat is repeated.
        const repeatable = timedOut || error instanceof AnswerNotReadError ? idempotentMethods.has(request.method.toUpperCase()) : true;
        const delay = this.backoff(attempt);
        if (!repeatable || !this.mayRetry(attempt, spent, delay)) {
          this.logger.warn('connector call failed', { operation, attempt, error: timedOut ? 'timeout' : (error as Error).name });
          throw timedOut ? new OutboundTimeoutError(operation, attempt) : new OutboundError(operation, attempt);
        }
        this.logger.warn('connector call retried', { operation, attempt, error: timedOut ? 'timeout' : (error as Error).name, delayMs: delay });
        await sleep(delay);
        spent += delay;
        continue;
      }
      spent += Date.now() - attemptStarted;
      if (!retryableStatuses.has(response.status)) return response;
      const retryAfter = retryAfterMs(response);
      const delay = retryAfter === undefined ? this.backoff(attempt) : retryAfter + this.random() * Math.min(250, retryAfter * 0.1);
      const tooLong = retryAfter !== undefined && retryAfter > this.options.maxRetryAfterMs;
      if (tooLong || !this.mayRetry(attempt, spent, delay)) {
        this.logger.warn('connector call failed', { operation, attempt, status: response.status, retryAfterMs: retryAfter });
        throw new OutboundError(operation, attempt, response.status);
      }
      this.logger.warn('connector call retried', { operation, attempt, status: response.status, delayMs: Math.round(delay) });
      await sleep(delay);
      spent += delay;
    }
  }

  /** Runs `call` with the same per-attempt timeout and bounded retries (the token fetch, which MSAL makes itself). */
  async guard<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await withDeadline(call(), this.options.attemptTimeoutMs, () => new OutboundTimeoutError(operation, attempt));
      } catch (error) {
        const delay = this.backoff(attempt);
        if (!this.mayRetry(attempt, Date.now() - started, delay)) {
          this.logger.warn('connector call failed', { operation, attempt, error: (error as Error).name });
          throw error instanceof OutboundTimeoutError ? error : new OutboundError(operation, attempt);
        }
        this.logger.warn('connector call retried', { operation, attempt, error: (error as Error).name, delayMs: delay });
        await sleep(delay);
      }
    }
  }

  private mayRetry(attempt: number, spentMs: number, delay: number): boolean {
    return attempt < this.options.maxAttempts && spentMs + delay < this.options.callBudgetMs;
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so retries of many calls spread out. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private async attempt(request: OutboundRequest, timeoutMs: number): Promise<OutboundResponse> {
    const controller = new AbortController();
    return withDeadline(this.exchange(request, controller.signal), timeoutMs, () => {
      controller.abort();
      return new OutboundTimeoutError(describe(request), 1);
    });
  }

  private httpClient(): CompatHttpClient {
    return {
      sendRequest: async (webResource: WebResourceLike): Promise<CompatResponse> => {
        const body = webResource.body;
        const response = await this.send({
          method: webResource.method,
          url: webResource.url,
          headers: webResource.headers.toJson({ preserveCase: true }),
          body: body === undefined || body === null ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
        return { request: webResource, status: response.status, headers: new PlainHeaders(response.headers), bodyAsText: response.bodyAsText } as CompatResponse;
      },
    };
  }
}

/** Retry-After in seconds or as an HTTP date, or retry-after-ms; undefined when absent or unreadable. */
export function retryAfterMs(response: OutboundResponse): number | undefined {
  const milliseconds = response.headers['retry-after-ms'] ?? response.headers['x-ms-retry-after-ms'];
  if (milliseconds !== undefined && Number.isFinite(Number(milliseconds)) && Number(milliseconds) >= 0) return Number(milliseconds);
  const value = response.headers['retry-after']?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/**
 * The conversation a send or update counts against, or undefined for calls Teams does not rate per conversation
 * (member look-ups). Teams counts "per bot per thread": a channel thread is a conversation of its own, and a new
 * thread counts against its channel.
 */
export function paceKeyOf(request: OutboundRequest): string | undefined {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  // Teams' service URLs carry a region path (https://smba.trafficmanager.net/emea/).
  const activities = /^(.*)\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(url.pathname);
  if (activities && (method === 'POST' || method === 'PUT')) return `${url.origin}${activities[1]}|${decodeURIComponent(activities[2])}`;
  const created = /^(.*)\/v3\/conversations$/.exec(url.pathname);
  if (created && method === 'POST') {
    let channel: unknown;
    try {
      channel = (JSON.parse(request.body ?? '{}') as { channelData?: { channel?: { id?: unknown } } }).channelData?.channel?.id;
    } catch {
      // an unreadable body still counts, against no channel in particular
    }
    return `${url.origin}${created[1]}|${typeof channel === 'string' ? channel : 'new-conversation'}`;
  }
  return undefined;
}

/** The pace key of a conversation as an incoming activity names it (its serviceUrl and conversation id). */
function paceKeyFor(serviceUrl: string, conversationId: string): string | undefined {
  try {
    const url = new URL(serviceUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}|${conversationId}`;
  } catch {
    return undefined;
  }
}

/** The call without its ids, for logs: "POST /v3/conversations/{id}/activities". */
function describe(request: OutboundRequest): string {
  let path = request.url;
  try {
    path = new URL(request.url).pathname;
  } catch {
    // keep the raw text; it is only a label
  }
  return `${request.method.toUpperCase()} ${path.replace(/^.*(?=\/v3\/)/, '').replace(/\/conversations\/[^/]+/, '/conversations/{id}').replace(/\/(activities|members)\/[^/]+/, '/$1/{id}')}`;
}

class TimedCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly inner: ServiceClientCredentialsFactory,
    private readonly traffic: ConnectorTraffic,
  ) {
    super();
  }

  isValidAppId(appId: string): Promise<boolean> {
    return this.inner.isValidAppId(appId);
  }

  isAuthenticationDisabled(): Promise<boolean> {
    return this.inner.isAuthenticationDisabled();
  }

  async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string, validateAuthority: boolean): Promise<ServiceClientCredentials> {
    const credentials = await this.inner.createCredentials(appId, audience, loginEndpoint, validateAuthority);
    return { signRequest: (webResource) => this.traffic.guard('token', () => credentials.signRequest(webResource)) };
  }
}

/** The little of core-http's HttpHeaders that the compat layer reads back from a response. */
class PlainHeaders implements HttpHeadersLike {
  private readonly values = new Map<string, { name: string; value: string }>();

  constructor(headers: Record<string, string>) {
    for (const [name, value] of Object.entries(headers)) this.set(name, value);
  }

  set(name: string, value: string | number): void {
    this.values.set(name.toLowerCase(), { name, value: String(value) });
  }
  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase())?.value;
  }
  contains(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }
  remove(name: string): boolean {
    return this.values.delete(name.toLowerCase());
  }
  rawHeaders(): Record<string, string> {
    return this.toJson();
  }
  headersArray(): { name: string; value: string }[] {
    return [...this.values.values()];
  }
  headerNames(): string[] {
    return this.headersArray().map((header) => header.name);
  }
  headerValues(): string[] {
    return this.headersArray().map((header) => header.value);
  }
  clone(): HttpHeadersLike {
    return new PlainHeaders(this.toJson({ preserveCase: true }));
  }
  toJson(options: { preserveCase?: boolean } = {}): Record<string, string> {
    return Object.fromEntries(this.headersArray().map(({ name, value }) => [options.preserveCase ? name : name.toLowerCase(), value]));
  }
}
