import http from 'node:http';
import type { Activity } from 'botbuilder';
import { firstPosition, nextPosition, type Position } from '../../src/guide/setupGuide';
import { teamsActivity, type TeamsUser } from '../../test/helpers/teamsActivity';
import { wallClock } from './connector';

/** The four kinds of turn measured, and `start`, which puts a new conversation at the guide's first card. */
export const turnKinds = ['button', 'typed', 'question', 'help'] as const;
export type TurnKind = (typeof turnKinds)[number];
type AnyKind = TurnKind | 'start';

/** A bot the driver talks to: where it listens, and the serviceUrl its replies go to. */
export interface Target {
  name: string;
  url: string;
  serviceUrl: string;
}

/** One turn: its activity id, when the POST started and when the bot's answer to it was read. */
export interface Sample {
  id: string;
  startAt: number;
  endAt: number;
  status: number;
}

export interface LevelResult {
  samples: Sample[];
  seconds: number;
  /** Time workers waited for a conversation to be due again (Teams' pace per conversation); 0 unless the pool was too small. */
  waitedMs: number;
}

export type DriverRequest =
  | { type: 'firstTurn'; target: Target }
  | { type: 'prepare'; target: Target; pool: string; count: number; concurrency: number }
  | { type: 'level'; target: Target; pool: string; kind: AnyKind; concurrency: number; turns: number; gapMs: number };

interface Conversation {
  user: TeamsUser;
  position?: Position;
  lastKind?: AnyKind;
  lastAt: number;
}

/** What each kind sends, as Teams posts it: a card's Action.Submit is a message with the button's data as its value. */
function fieldsOf(kind: AnyKind, conversation: Conversation): Partial<Activity> {
  switch (kind) {
    case 'start':
      return { text: 'start' };
    case 'button':
      return { value: { action: 'next', step: conversation.position!.key } };
    case 'typed':
      return { text: 'gelukt' };
    case 'question':
      return { text: 'mijn code werkt niet' };
    case 'help':
      return { text: 'help' };
  }
}

/**
 * Whether a turn of `kind` means what it should in this conversation: a press or a typed "gelukt" needs a next card
 * to go to, and "gelukt" typed right under an answer card would answer that card, not the step's.
 */
function fits(kind: AnyKind, conversation: Conversation): boolean {
  if (kind !== 'button' && kind !== 'typed') return true;
  if (!conversation.position || !nextPosition(conversation.position)) return false;
  return kind === 'button' || conversation.lastKind !== 'question';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kept-alive connections, as many as there are turns in flight; plain node:http costs the driver less CPU than fetch. */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * POSTs JSON and resolves with the status once the answer is read. A kept-alive connection the server closed
 * just as it was reused fails before the server read the request (Node's documented race): that one is retried.
 */
function postJson(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.once('error', (error: NodeJS.ErrnoException) => {
      if (request.reusedSocket && error.code === 'ECONNRESET') resolve(postJson(url, body));
      else reject(error);
    });
    request.end(body);
  });
}

/** Posts one activity to /api/messages; the bot answers once the turn is done (its replies sent and answered by the connector). */
async function post(target: Target, user: TeamsUser, fields: Partial<Activity>): Promise<Sample> {
  const activity = teamsActivity(target.serviceUrl, user, { type: 'message', ...fields });
  const body = JSON.stringify(activity);
  const startAt = wallClock();
  const status = await postJson(`${target.url}/api/messages`, body);
  return { id: activity.id!, startAt, endAt: wallClock(), status };
}

/** The load generator, in its own process: conversations per bot, each one's place in the guide, and the turns. */
export class Driver {
  private readonly pools = new Map<string, Conversation[]>();

  handle = (request: DriverRequest): Promise<unknown> => {
    switch (request.type) {
      case 'firstTurn':
        return this.firstTurn(request.target);
      case 'prepare':
        return this.prepare(request.target, request.pool, request.count, request.concurrency);
      case 'level':
        return this.level(request.target, this.pools.get(`${request.target.name}/${request.pool}`)!, request.kind, request.concurrency, request.turns, request.gapMs);
    }
  };

  /** Posts "start" until the bot answers it: the end of its start-up. */
  private async firstTurn(target: Target): Promise<Sample> {
    const user = { userId: `29:boot-${target.name}`, conversationId: `a:boot-${target.name}`, locale: 'nl-NL' };
    for (;;) {
      try {
        const sample = await post(target, user, { text: 'start' });
        if (sample.status === 200) return sample;
      } catch {
        // not listening yet
      }
      await sleep(5);
    }
  }

  /** New conversations that have each typed "start" (and so stand at the guide's first card). */
  private async prepare(target: Target, pool: string, count: number, concurrency: number): Promise<LevelResult> {
    const conversations = Array.from({ length: count }, (_, i): Conversation => {
      const name = `${target.name}-${pool}-${i}`;
      return { user: { userId: `29:${name}`, conversationId: `a:${name}`, locale: 'nl-NL' }, lastAt: 0 };
    });
    this.pools.set(`${target.name}/${pool}`, conversations);
    return this.level(target, conversations, 'start', concurrency, count, 0);
  }

  /**
   * `turns` turns of `kind` from `concurrency` workers, each taking the conversation that waited longest. A
   * conversation gets its next turn no sooner than `gapMs` after its last (a person's pace, inside Teams' limits
   * per conversation, which the bot keeps to); the pool is large enough that nobody waits for that.
   */
  private async level(target: Target, pool: Conversation[], kind: AnyKind, concurrency: number, turns: number, gapMs: number): Promise<LevelResult> {
    const samples: Sample[] = [];
    let issued = 0;
    let waitedMs = 0;
    const take = (): Conversation => {
      for (let tries = 0; tries < pool.length; tries++) {
        const conversation = pool.shift()!;
        if (fits(kind, conversation)) return conversation;
        pool.push(conversation);
      }
      throw new Error(`no conversation of ${target.name} can take a ${kind} turn`);
    };
    const worker = async () => {
      while (issued < turns) {
        issued++;
        const conversation = take();
        const due = conversation.lastAt + gapMs - wallClock();
        if (due > 0) {
          waitedMs += due;
          await sleep(due);
        }
        const sample = await post(target, conversation.user, fieldsOf(kind, conversation));
        if (kind === 'start') conversation.position = firstPosition();
        if (kind === 'button' || kind === 'typed') conversation.position = nextPosition(conversation.position!);
        conversation.lastKind = kind;
        conversation.lastAt = wallClock();
        pool.push(conversation);
        samples.push(sample);
      }
    };
    const started = wallClock();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { samples, seconds: (wallClock() - started) / 1000, waitedMs };
  }
}
