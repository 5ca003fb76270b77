import http from 'node:http';
import https from 'node:https';

export interface OutboundRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  bodyAsText: string;
}

/**
 * One request and its whole answer; rejects on a network failure, an abort, or (AnswerNotReadError) an answer too large
 * to be the connector's or cut off.
 */
export type Exchange = (request: OutboundRequest, signal: AbortSignal) => Promise<OutboundResponse>;

/** The Bot Connector answers with an id or a page of members (about 100 KB); anything near this is not its answer. */
const maxResponseBytes = 2 * 1024 * 1024;

// Connections are kept open between calls, as fetch keeps them (the Bot Connector is one host per region), and closed
// after 30 s idle, so a connection the far end dropped long ago is not tried again.
const agentOptions = { keepAlive: true, timeout: 30_000, maxFreeSockets: 32 };
const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

/**
 * The connector began to answer, and then the answer could not be read (too large, cut off): the request reached it
 * and may have had its effect, so repeating a POST could post twice.
 */
export class AnswerNotReadError extends Error {
  override readonly name = 'AnswerNotReadError';
}

/**
 * The connector calls over node:http. Node 20's fetch (undici, web streams) costs about 0.4 ms more CPU per call
 * than http.request on the same keep-alive connection (measured side by side, docs/speed.md): a third of what a turn
 * cost beyond the floor, which sends through botframework-connector's own http.request client.
 */
export const httpExchange: Exchange = (request, signal) =>
  new Promise<OutboundResponse>((resolve, reject) => {
    const url = new URL(request.url);
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) return reject(new TypeError(`not an http(s) URL: ${url.protocol}`));
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const headers = body === undefined ? request.headers : { ...request.headers, 'content-length': String(body.length) };
    const outgoing = (url.protocol === 'https:' ? https : http).request(url, { method: request.method, headers, agent, signal }, (incoming) => {
      const notRead = (why: string) => {
        incoming.destroy();
        outgoing.destroy();
        reject(new AnswerNotReadError(why));
      };
      if (Number(incoming.headers['content-length'] ?? 0) > maxResponseBytes) return notRead(`answer beyond ${maxResponseBytes} bytes`);
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) return notRead(`answer beyond ${maxResponseBytes} bytes`);
        chunks.push(chunk);
      });
      incoming.on('error', () => notRead('answer cut off'));
      incoming.on('aborted', () => notRead('answer cut off'));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: flatHeaders(incoming.headers), bodyAsText: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}
