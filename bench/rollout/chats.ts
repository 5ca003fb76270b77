import http from 'node:http';
import type { Activity } from 'botbuilder';
import { firstPosition, nextPosition, type Position } from '../../src/guide/setupGuide';
import { teamsActivity } from '../../test/helpers/teamsActivity';

/** One measured 1:1 turn: when it started (Date.now()), how long until the bot answered the POST, and whether with 200. */
export interface TurnSample {
  at: number;
  ms: number;
  ok: boolean;
  kind: 'question' | 'button';
}

interface Chat {
  index: number;
  position: Position;
  busy: boolean;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function postJson(url: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    request.setTimeout(30_000, () => request.destroy());
    request.once('error', () => resolve(0));
    request.end(body);
  });
}

/**
 * People in their 1:1 chats with the bot while a rollout runs: `count` conversations at the guide, taking turns at a
 * fixed pace (open loop: a turn is due every `everyMs` whether or not the last one was answered), alternating a typed
 * question and a press of the card's "next" button. A conversation at the guide's last card types "start" again
 * (not measured). Each conversation's pace stays far under Teams' per-conversation limits.
 */
export class ChatDriver {
  private readonly chats: Chat[];
  private next = 0;
  private turn = 0;
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  samples: TurnSample[] = [];
  /** Turns that could not start because every conversation was still waiting for an answer. */
  skipped = 0;

  constructor(
    private readonly botUrl: () => string,
    private readonly serviceUrl: string,
    count: number,
    private readonly everyMs: number,
  ) {
    this.chats = Array.from({ length: count }, (_, index) => ({ index, position: firstPosition(), busy: false }));
  }

  private async send(chat: Chat, fields: Partial<Activity>): Promise<{ ms: number; ok: boolean }> {
    const name = `bench-chat-${chat.index}`;
    const user = { userId: `29:${name}`, conversationId: `a:${name}`, locale: chat.index % 2 ? 'en-US' : 'nl-NL' };
    const activity = teamsActivity(this.serviceUrl, user, { type: 'message', from: { id: user.userId, name: 'Jan Jansen', aadObjectId: `aad-${name}` }, ...fields });
    const started = performance.now();
    const status = await postJson(`${this.botUrl()}/api/messages`, JSON.stringify(activity));
    return { ms: performance.now() - started, ok: status === 200 };
  }

  /** Each conversation types "start", so that it stands at the guide's first card (not measured). */
  async prepare(): Promise<void> {
    for (const chat of this.chats) {
      const { ok } = await this.send(chat, { text: 'start' });
      if (!ok) throw new Error(`1:1 chat ${chat.index}: "start" was not answered with 200`);
    }
  }

  private async one(chat: Chat): Promise<void> {
    chat.busy = true;
    try {
      const kind = this.turn++ % 2 === 0 ? 'question' : 'button';
      const at = Date.now();
      if (kind === 'question') {
        const { ms, ok } = await this.send(chat, { text: 'mijn code werkt niet' });
        this.samples.push({ at, ms, ok, kind });
        return;
      }
      const { ms, ok } = await this.send(chat, { value: { action: 'next', step: chat.position.key } });
      this.samples.push({ at, ms, ok, kind });
      const next = ok ? nextPosition(chat.position) : chat.position;
      if (next) chat.position = next;
      else {
        await this.send(chat, { text: 'start' });
        chat.position = firstPosition();
      }
    } finally {
      chat.busy = false;
    }
  }

  /** Starts the turns at the pace; they go on until `pause`. */
  resume(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const index = this.pick();
      if (index < 0) {
        this.skipped++;
        return;
      }
      const task = this.one(this.chats[index]);
      this.inFlight.add(task);
      void task.finally(() => this.inFlight.delete(task));
    }, this.everyMs);
  }

  private pick(): number {
    for (let offset = 0; offset < this.chats.length; offset++) {
      const index = (this.next + offset) % this.chats.length;
      if (!this.chats[index].busy) {
        this.next = index + 1;
        return index;
      }
    }
    return -1;
  }

  /** Stops starting turns and waits for those under way. */
  async pause(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  /** The samples since the last take. */
  take(): TurnSample[] {
    const taken = this.samples;
    this.samples = [];
    return taken;
  }
}
