import http from 'node:http';
import type { Activity } from 'botbuilder';
import { CardAction, HandoffChoice, TicketOp } from '../../src/cards/actions';
import { seededRandom } from './seededRandom';
import { teamsActivity } from './teamsActivity';

export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface FuzzResponse {
  status: number;
  body: string;
}

type Json = Record<string, unknown>;

/** Generates Teams-shaped activities mutated every way, raw junk bodies and odd requests, from one seed. */
export class FuzzGenerator {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly serviceUrl: string,
    private readonly conversations = 400,
  ) {
    this.random = seededRandom(seed);
  }

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private junkString(): string {
    switch (this.int(12)) {
      case 0:
        return '';
      case 1:
        return 'x'.repeat(this.pick([1000, 28_000, 100_000]));
      case 2:
        return 'woord '.repeat(this.pick([500, 5000, 20_000]));
      case 3:
        return '😀👩🏽‍⚕️🇳🇱'.repeat(this.int(3000) + 1);
      case 4:
        return '\u200b\u202e\u0000\ufeff\ud800 lone \udc00 surrogates';
      case 5:
        return 'jan@zorgring.nl '.repeat(this.int(200) + 1) + 'a'.repeat(this.int(5000));
      case 6:
        return '{{name}} ${labels.x} [klik](https://evil.example) <at>x</at> <script>';
      case 7:
        return this.pick(['__proto__', 'constructor', 'toString', '../../etc/passwd', '%00', 'null', 'undefined']);
      case 8:
        return String.fromCharCode(...Array.from({ length: this.int(200) + 1 }, () => this.int(0xffff)));
      case 9:
        return '731 904 wachtwoord Welkom01! code619283 ';
      default:
        return this.pick(['start', 'help', 'stop', 'hallo', 'English', 'Nederlands', 'registreer', 'verwijder mijn gegevens', 'ik wil een medewerker', 'ja', 'nee', 'mijn code werkt niet', 'forticlient blijft hangen op 98 procent']);
    }
  }

  /** Any JSON value, nested up to `depth`. */
  junk(depth = 3): unknown {
    const kind = this.int(depth > 0 ? 9 : 6);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 7]);
      case 3:
      case 4:
        return this.junkString();
      case 5:
        return undefined;
      case 6:
        return Array.from({ length: this.int(4) }, () => this.junk(depth - 1));
      case 7:
        return this.pick([{}, []]);
      default: {
        const record: Json = {};
        for (let i = this.int(4); i > 0; i--) record[this.pick(['id', 'type', 'text', 'name', 'value', '__proto__', 'action', 'a', ''])] = this.junk(depth - 1);
        return record;
      }
    }
  }

  private cardValue(): Json {
    const value: Json = { action: this.chance(0.9) ? this.pick(Object.values(CardAction)) : this.junkString() };
    const fields: Record<string, () => unknown> = {
      step: () => this.pick(['prerequisites.smartphone', 'prerequisites.username', 'mfasetup.verifyPhone', 'mfasetup.finish', 'forticlient.save', 'done', '../../etc', '__proto__']),
      language: () => this.pick(['nl', 'en', 'de', '']),
      intent: () => this.pick(['mfa_sms_niet_ontvangen', 'nope', '__proto__']),
      solved: () => this.chance(0.5),
      question: () => this.junkString(),
      alternatives: () => this.junk(2),
      choice: () => this.pick(Object.values(HandoffChoice)),
      ticket: () => this.pick(['1001', '1002', '9999', '-1', 'abc', '1e3']),
      op: () => this.pick(Object.values(TicketOp)),
      score: () => this.pick([1, 3, 5, 0, 6, 2.5, '5']),
      description: () => this.junkString(),
      comment: () => this.junkString(),
      handBackStep: () => this.junkString(),
      agentNote: () => this.junkString(),
    };
    for (const [key, make] of Object.entries(fields)) if (this.chance(0.3)) value[key] = this.chance(0.8) ? make() : this.junk(3);
    return value;
  }

  private conversationType(base: Partial<Activity>): Partial<Activity> {
    const type = this.pick(['personal', 'personal', 'personal', 'channel', 'groupChat']);
    if (type === 'personal') return base;
    const id = type === 'channel' ? `19:fuzz-channel@thread.tacv2;messageid=17000${this.int(50)}` : `19:fuzz-group-${this.int(50)}@thread.v2`;
    return {
      ...base,
      conversation: { ...base.conversation, id, conversationType: type, isGroup: true } as Activity['conversation'],
      channelData: type === 'channel' ? { team: { id: '19:fuzz-team@thread.tacv2' }, channel: { id: '19:fuzz-channel@thread.tacv2' }, tenant: { id: 't' } } : { tenant: { id: 't' } },
    };
  }

  /** A Teams activity, then 0–3 mutations of any field. */
  activity(): Json {
    const n = this.int(this.conversations);
    const user = { userId: `29:fuzz-${n}`, conversationId: `a:fuzz-${n}`, locale: this.pick(['nl-NL', 'en-US', 'de-DE', 'nl', '']) };
    const type = this.chance(0.7) ? 'message' : this.pick(['conversationUpdate', 'installationUpdate', 'invoke', 'event', 'messageReaction', 'typing', 'endOfConversation', 'messageUpdate', 'messageDelete', 'trace', 'handoff', 'x-unknown']);
    const fields: Partial<Activity> = { type };
    if (type === 'message') {
      if (this.chance(0.4)) fields.value = this.cardValue();
      else fields.text = this.junkString();
    }
    if (type === 'conversationUpdate') fields.membersAdded = [{ id: this.pick(['28:00000000-0000-0000-0000-000000000000', '29:someone']), name: 'x' }];
    if (type === 'installationUpdate') fields.action = this.pick(['add', 'remove', 'add-upgrade']);
    if (type === 'invoke' || type === 'event') {
      fields.name = this.pick(['adaptiveCard/action', 'task/fetch', 'composeExtension/query', 'signin/verifyState', 'handoff.initiate', 'ContinueConversation', 'healthCheck', 'application/vnd.microsoft.readReceipt', '']);
      fields.value = this.junk(3);
    }
    let activity = this.conversationType(teamsActivity(this.serviceUrl, user, fields)) as Json;
    activity = JSON.parse(JSON.stringify(activity)) as Json;
    for (let i = this.int(4); i > 0; i--) this.mutate(activity);
    return activity;
  }

  private mutate(activity: Json): void {
    const paths = [
      ['type'], ['text'], ['locale'], ['serviceUrl'], ['id'], ['channelId'], ['from'], ['from', 'id'], ['from', 'name'], ['from', 'aadObjectId'],
      ['conversation'], ['conversation', 'id'], ['conversation', 'conversationType'], ['conversation', 'tenantId'], ['recipient'], ['recipient', 'id'],
      ['attachments'], ['entities'], ['membersAdded'], ['membersRemoved'], ['value'], ['channelData'], ['channelData', 'team'], ['channelData', 'team', 'id'],
      ['channelData', 'channel'], ['channelData', 'tenant'], ['timestamp'], ['replyToId'], ['name'], ['action'], ['textFormat'], ['value', 'action'], ['value', 'step'],
    ];
    const path = this.pick(paths);
    let parent: Json = activity;
    for (const key of path.slice(0, -1)) {
      if (typeof parent[key] !== 'object' || parent[key] === null) parent[key] = {};
      parent = parent[key] as Json;
    }
    const last = path[path.length - 1];
    const special: (() => unknown)[] = [
      () => undefined,
      () => this.junk(3),
      () => this.pick(['https://evil.example/', 'ftp://127.0.0.1/', 'not a url', '', 'http://localhost@evil.example/', 'http://[::1]:1/', 'javascript:alert(1)', this.serviceUrl]),
      () => [{ type: 'mention', text: '<at>bot</at>', mentioned: this.junk(1) }, null, 'x', { type: this.junk(1) }],
      () => [{ contentType: this.junk(1), contentUrl: 'https://evil.example/x.exe', name: this.junkString() }, null],
      () => Array.from({ length: 200 }, () => ({ id: 'x' })),
    ];
    if (this.chance(0.15)) delete parent[last];
    else parent[last] = this.pick(special)();
  }

  /** The next request: mostly activities; also junk bodies, odd content types and paths. */
  next(): FuzzRequest {
    const json = { 'content-type': 'application/json' };
    const roll = this.int(100);
    if (roll < 70) return { kind: 'activity', method: 'POST', path: '/api/messages', headers: json, body: JSON.stringify(this.activity()) };
    if (roll < 76) {
      const text = JSON.stringify(this.activity());
      const cuts = [text.slice(0, this.int(text.length)), text + '}', `[${text}]`, 'null', '"x"', '42', '', '{"type":"message","text":"\\ud800"}', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['.repeat(40)];
      return { kind: 'invalid json', method: 'POST', path: '/api/messages', headers: json, body: this.pick(cuts) };
    }
    if (roll < 80) {
      const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
      const body = this.pick([Buffer.alloc(300 * 1024, 'a'), JSON.stringify({ ...this.activity(), text: 'y'.repeat(400_000) }), deep]);
      return { kind: 'huge body', method: 'POST', path: '/api/messages', headers: json, body };
    }
    if (roll < 86) {
      const type = this.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/jsonx', 'APPLICATION/JSON', '', 'image/png']);
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      if (this.chance(0.2)) headers['content-encoding'] = this.pick(['gzip', 'br', 'identity']);
      return { kind: 'content type', method: 'POST', path: '/api/messages', headers, body: this.chance(0.5) ? JSON.stringify(this.activity()) : '--x\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhi\r\n--x--' };
    }
    const method = this.pick(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'POST']);
    const path = this.pick([
      '/images/%00', '/images/..%2f..%2fpackage.json', '/images/../package.json', '/images/nl/done.png', '/images/done.png', '/images/nl/done.png%00.txt', '/images/NL/DONE.PNG',
      '/images/', '/images', '/images/%', '/images/%zz', '/images/%E0%A4%A', '/images/a/b/c', `/images/${'a'.repeat(this.int(8000))}.png`, '/images/en/done.png?x=1', '/images/nl/../en/done.png',
      '/', '/%', '/..%2f', '/api/messages', '/api/messages/x', '/healthz', '/healthz?x', '/%2e%2e/%2e%2e/etc/passwd', `/${'x/'.repeat(this.int(2000))}`, '/images/%c0%ae%c0%ae/x',
    ]);
    return { kind: 'path', method, path, headers: method === 'POST' || method === 'PUT' ? json : {}, body: method === 'POST' || method === 'PUT' ? '{}' : undefined };
  }
}

/** One raw request with a client timeout; resolves with status and body, rejects on timeout or a dropped connection. */
export function send(baseUrl: string, request: FuzzRequest, agent: http.Agent, timeoutMs: number): Promise<FuzzResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, headers: request.headers, agent, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}
