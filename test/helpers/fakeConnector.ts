import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

export interface ReceivedCall {
  method: string;
  path: string;
  conversationId: string;
  activity: Partial<Activity>;
  authorization?: string;
}

/**
 * A small stand-in for the Bot Connector on 127.0.0.1: takes the bot's replies
 * (POST /v3/conversations/{id}/activities[/{replyToId}]) and updates (PUT …/{activityId}).
 */
export class FakeConnector {
  readonly calls: ReceivedCall[] = [];
  private server?: http.Server;
  private counter = 0;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
        if (!match || !['POST', 'PUT'].includes(req.method ?? '')) {
          res.writeHead(404).end();
          return;
        }
        const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<Activity>) : {};
        this.calls.push({
          method: req.method!,
          path: req.url!,
          conversationId: decodeURIComponent(match[1]),
          activity: body,
          authorization: req.headers.authorization,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `reply-${++this.counter}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  /** Replies sent since the given call count, in order (typing indicators left out). */
  repliesSince(index: number): Partial<Activity>[] {
    return this.calls.slice(index).map((call) => call.activity).filter((activity) => activity.type !== 'typing');
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
