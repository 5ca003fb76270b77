import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, TeamsChannelAccount } from 'botbuilder';
import { waitUntil } from './waitUntil';

export interface ReceivedCall {
  method: string;
  path: string;
  conversationId: string;
  activity: Partial<Activity>;
  authorization?: string;
  /** For POST /v3/conversations: the new conversation's parameters (channelData, activity). */
  parameters?: Record<string, unknown>;
  /** The id the connector gave the activity (or the new thread's root message). */
  id?: string;
}

/** Every HTTP request the connector received, answered or not, with when it arrived (Date.now()). */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** The conversation named in the path, or the channel of a new thread. */
  conversationId: string;
  at: number;
  /** The status it was answered with; undefined while it hangs. */
  status?: number;
}

/** What a fault does to a request: never answer it, or answer with a status (and Retry-After). */
export type FaultKind = { kind: 'hang' } | { kind: 'status'; status: number; retryAfter?: string };

interface Fault {
  fault: FaultKind;
  remaining: number;
  match: (request: ReceivedRequest) => boolean;
}

/**
 * A small stand-in for the Bot Connector on 127.0.0.1. It takes the bot's replies
 * (POST /v3/conversations/{id}/activities[/{replyToId}]) and updates (PUT …/{activityId}), starts
 * channel threads (POST /v3/conversations, answering "<channel>;messageid=<id>" as Teams does) and
 * answers member look-ups (GET /v3/conversations/{id}/members/{userId}) from `members`.
 */
export class FakeConnector {
  readonly calls: ReceivedCall[] = [];
  /** Members by conversation or team id, then user id. Unknown members get Teams' 404. */
  readonly members = new Map<string, Map<string, Partial<TeamsChannelAccount>>>();
  /** Members Teams lists (GET …/pagedmembers) but does not find one by one, to test that fallback. */
  readonly listedOnly = new Map<string, Partial<TeamsChannelAccount>[]>();
  /** How many of the next thread creations fail with 503, as in a Teams outage. */
  failThreadCreations = 0;
  /** Every request in arrival order, including the ones a fault answered or holds. */
  readonly requests: ReceivedRequest[] = [];
  private readonly faults: Fault[] = [];
  private readonly hung = new Set<http.ServerResponse>();
  /** How long a thread creation takes to answer once it has landed (a slow Teams, for posts cut off in flight). */
  threadAnswerDelayMs = 0;
  private server?: http.Server;
  private counter = 0;

  /**
   * Makes the next `times` requests that `match` (default: every request) hang or get `status`, before any
   * other handling; faults apply in the order they were added.
   */
  injectFault(fault: FaultKind, { times = 1, match = () => true }: { times?: number; match?: (request: ReceivedRequest) => boolean } = {}): void {
    this.faults.push({ fault, remaining: times, match });
  }

  /** Requests to one conversation (its path or new threads in it), optionally only sends and updates. */
  requestsTo(conversationId: string, { sendsOnly = false } = {}): ReceivedRequest[] {
    return this.requests.filter((request) => request.conversationId === conversationId && (!sendsOnly || /\/activities/.test(request.path) || request.path === '/v3/conversations'));
  }

  addMember(conversationOrTeamId: string, member: Partial<TeamsChannelAccount> & { id: string }): void {
    if (!this.members.has(conversationOrTeamId)) this.members.set(conversationOrTeamId, new Map());
    this.members.get(conversationOrTeamId)!.set(member.id, member);
  }

  /** A member who shows up in the paged member list only. */
  addListedMember(teamId: string, member: Partial<TeamsChannelAccount> & { id: string }): void {
    this.listedOnly.set(teamId, [...(this.listedOnly.get(teamId) ?? []), member]);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
        const url = req.url ?? '';
        const received: ReceivedRequest = { method: req.method ?? '', path: url, conversationId: conversationOf(url, body), at: Date.now() };
        this.requests.push(received);
        const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
          received.status = status;
          // Two statements: restify (when it runs in the same process) replaces writeHead with one that returns nothing.
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(payload));
        };
        const fault = this.faults.find((candidate) => candidate.remaining > 0 && candidate.match(received));
        if (fault) {
          fault.remaining--;
          if (fault.fault.kind === 'hang') {
            this.hung.add(res);
            res.on('close', () => this.hung.delete(res));
            return;
          }
          const headers: Record<string, string> = fault.fault.retryAfter === undefined ? {} : { 'retry-after': fault.fault.retryAfter };
          return json(fault.fault.status, { error: { code: 'Injected', message: 'An injected fault.' } }, headers);
        }

        const paged = /^\/v3\/conversations\/([^/]+)\/pagedmembers(?:\?.*)?$/.exec(url);
        if (paged && req.method === 'GET') {
          const id = decodeURIComponent(paged[1]);
          return json(200, { members: [...(this.members.get(id)?.values() ?? []), ...(this.listedOnly.get(id) ?? [])] });
        }

        const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/?]+)$/.exec(url);
        if (member && req.method === 'GET') {
          const found = this.members.get(decodeURIComponent(member[1]))?.get(decodeURIComponent(member[2]));
          if (found) return json(200, found);
          return json(404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found.' } });
        }

        if (url === '/v3/conversations' && req.method === 'POST') {
          const channelId = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'unknown';
          if (this.failThreadCreations > 0) {
            this.failThreadCreations--;
            this.calls.push({ method: 'POST', path: url, conversationId: channelId, activity: body.activity as Partial<Activity>, parameters: body });
            return json(503, { error: { code: 'ServiceUnavailable', message: 'Teams is having a bad day.' } });
          }
          const id = `1800000000${String(++this.counter).padStart(3, '0')}`;
          this.calls.push({ method: 'POST', path: url, conversationId: channelId, activity: body.activity as Partial<Activity>, parameters: body, id });
          const answer = () => json(201, { id: `${channelId};messageid=${id}`, activityId: id });
          if (this.threadAnswerDelayMs > 0) return void setTimeout(answer, this.threadAnswerDelayMs);
          return answer();
        }

        const activity = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url);
        if (!activity || !['POST', 'PUT'].includes(req.method ?? '')) {
          res.writeHead(404);
          res.end();
          return;
        }
        const id = req.method === 'PUT' ? decodeURIComponent(activity[2]) : `reply-${++this.counter}`;
        this.calls.push({
          method: req.method!,
          path: url,
          conversationId: decodeURIComponent(activity[1]),
          activity: body as Partial<Activity>,
          authorization: req.headers.authorization,
          id,
        });
        json(200, { id });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  /** Replies sent since the given call count (to one conversation when given), in order, typing indicators left out. */
  repliesSince(index: number, conversationId?: string): Partial<Activity>[] {
    return this.calls
      .slice(index)
      .filter((call) => call.method === 'POST' && call.path !== '/v3/conversations')
      .filter((call) => conversationId === undefined || call.conversationId === conversationId)
      .map((call) => call.activity)
      .filter((activity) => activity.type !== 'typing');
  }

  /** Every call since the given count that went to this conversation (messages, updates and new threads in it). */
  callsTo(conversationId: string, since = 0): ReceivedCall[] {
    return this.calls.slice(since).filter((call) => call.conversationId === conversationId);
  }

  /** Waits until a call matching `test` arrives after `since` (proactive messages come after the HTTP answer). */
  async waitFor(test: (call: ReceivedCall) => boolean, since = 0, timeoutMs = 10000): Promise<ReceivedCall> {
    let found: ReceivedCall | undefined;
    await waitUntil(
      () => (found = this.calls.slice(since).find(test)) !== undefined,
      () => `no matching connector call; calls since ${since}:\n${JSON.stringify(this.calls.slice(since), null, 1).slice(0, 3000)}`,
      timeoutMs,
    );
    return found!;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function conversationOf(url: string, body: Record<string, unknown>): string {
  const inPath = /^\/v3\/conversations\/([^/?]+)/.exec(url);
  if (inPath) return decodeURIComponent(inPath[1]);
  return (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? '';
}
