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

/** One request and its whole answer; rejects on a network failure, an abort or an answer too large to be the connector's. */
export type Exchange = (request: OutboundRequest, signal: AbortSignal) => Promise<OutboundResponse>;

/** The Bot Connector answers with an id or a page of members; anything near this is not its answer. */
const maxResponseBytes = 8 * 1024 * 1024;

// Connections are kept open between calls, as fetch keeps them; the Bot Connector is one host per region.
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
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
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) {
          incoming.destroy();
          outgoing.destroy();
          reject(new ResponseTooLargeError(`answer beyond ${maxResponseBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      incoming.on('error', reject);
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
