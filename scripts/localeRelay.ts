import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Activity = { locale?: string; entities?: Array<{ type?: string; locale?: string }> };

/** The activity as a Teams client in `locale` sends it: the locale on the activity and on its clientInfo entity. */
export function withLocale<T extends Activity>(activity: T, locale: string): T {
  return { ...activity, locale, entities: activity.entities?.map((entity) => (entity.type === 'clientInfo' ? { ...entity, locale } : entity)) };
}

export interface LocaleRelay {
  /** Where the Playground posts its activities (`-e`). */
  url: string;
  close(): Promise<void>;
}

/**
 * The Agents Playground has no locale setting: every activity it sends says en-US (its activity generators
 * hard-code it; neither its options nor its config file have a field for it). This relay on 127.0.0.1 sits
 * between it and the bot's /api/messages and gives each activity `locale`, as a Teams client in that language
 * does. Only the Playground's requests pass here; the bot's replies go straight to the Playground's connector.
 */
export async function startLocaleRelay(botEndpoint: string, locale: string): Promise<LocaleRelay> {
  // The Playground only POSTs activities to its endpoint.
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void relay(request, Buffer.concat(chunks), response));
  });

  async function relay(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): Promise<void> {
    let forwarded = body.toString('utf8');
    try {
      forwarded = JSON.stringify(withLocale(JSON.parse(forwarded) as Activity, locale));
    } catch {
      // Not an activity: pass it on untouched and let the bot answer it.
    }
    const headers: Record<string, string> = { 'content-type': request.headers['content-type'] ?? 'application/json' };
    if (request.headers.authorization) headers.authorization = request.headers.authorization;
    try {
      const answer = await fetch(botEndpoint, { method: 'POST', headers, body: forwarded });
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`the bot at ${botEndpoint} did not answer: ${(error as Error).message}`);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
