import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** When a reply to one activity last arrived, and how many came (typing indicators left out). */
export interface ReplyRecord {
  count: number;
  lastAt: number;
}

/** What the connector saw for one bot since the last `take`. */
export interface ConnectorTake {
  replies: Record<string, ReplyRecord>;
  /** The largest Adaptive Card content (JSON bytes) this bot has sent so far, over the whole run. */
  largestCardBytes: number;
}

/** Asked over IPC by the runner: a bot's replies since the last take (and forget them), or the largest card in the replies to one activity. */
export type ConnectorRequest = { type: 'take'; bot: string } | { type: 'cardBytes'; bot: string; replyToId: string };

/** A clock that agrees across processes on one machine, to the sub-millisecond. */
export const wallClock = (): number => performance.timeOrigin + performance.now();

interface BotRecords {
  replies: Map<string, ReplyRecord>;
  cards: Map<string, number>;
  largestCardBytes: number;
}

/**
 * A Bot Connector on 127.0.0.1 in its own process, for every bot of the run: each bot gets the serviceUrl
 * `<base>/<bot>/`, so replies are told apart by path. It takes replies (POST …/activities[/{replyToId}]) and
 * answers member look-ups with one employee; it keeps only, per replied-to activity, when the last reply came.
 */
export async function runConnector(): Promise<{ url: string; handle: (request: ConnectorRequest) => unknown }> {
  const bots = new Map<string, BotRecords>();
  const recordsOf = (bot: string) => bots.get(bot) ?? bots.set(bot, { replies: new Map(), cards: new Map(), largestCardBytes: 0 }).get(bot)!;
  let counter = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = wallClock();
      const json = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const route = /^\/([a-z]+)\/v3\/conversations\/([^/]+)\/(activities|members)(?:\/([^/?]+))?$/.exec(req.url ?? '');
      if (!route) return json(404, { error: { code: 'NotFound', message: 'not a route of this connector' } });
      const [, bot, , kind, tail] = route;
      if (kind === 'members') {
        const id = decodeURIComponent(tail ?? '');
        return json(200, { id, name: 'Jan Jansen', givenName: 'Jan', surname: 'Jansen', userPrincipalName: `${id.slice(3, 20)}@central.zorgring.nl`, aadObjectId: '8f2b0c2e-0000-0000-0000-000000000002' });
      }
      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: string; replyToId?: string; attachments?: { content?: unknown }[] };
      if (activity.type !== 'typing') {
        const records = recordsOf(bot);
        const replyToId = activity.replyToId ?? '';
        const record = records.replies.get(replyToId) ?? { count: 0, lastAt: 0 };
        records.replies.set(replyToId, { count: record.count + 1, lastAt: at });
        const cardBytes = Math.max(0, ...(activity.attachments ?? []).map((attachment) => Buffer.byteLength(JSON.stringify(attachment.content ?? null))));
        if (cardBytes > 0) records.cards.set(replyToId, Math.max(cardBytes, records.cards.get(replyToId) ?? 0));
        records.largestCardBytes = Math.max(records.largestCardBytes, cardBytes);
      }
      json(200, { id: `reply-${++counter}` });
    });
  });
  server.keepAliveTimeout = 30_000;

  const handle = (request: ConnectorRequest): unknown => {
    const records = recordsOf(request.bot);
    if (request.type === 'cardBytes') return records.cards.get(request.replyToId) ?? 0;
    const take: ConnectorTake = { replies: Object.fromEntries(records.replies), largestCardBytes: records.largestCardBytes };
    records.replies.clear();
    records.cards.clear();
    return take;
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, handle };
}
