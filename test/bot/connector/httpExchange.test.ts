import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnswerNotReadError, httpExchange } from '../../../src/bot/connector/httpExchange';

type Handler = (request: http.IncomingMessage, body: string, response: http.ServerResponse) => void;

/** A server on 127.0.0.1 that hands each request, read whole, to the test's handler, and counts its connections. */
async function serve(handler: Handler) {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const signal = () => new AbortController().signal;

describe('httpExchange', () => {
  it('sends the method, headers and body, and gives back the status, headers and whole body', async () => {
    const seen: { method?: string; type?: string; length?: string; body?: string }[] = [];
    const server = await serve((request, body, response) => {
      seen.push({ method: request.method, type: request.headers['content-type'], length: request.headers['content-length'], body });
      response.writeHead(201, { 'retry-after': '3', 'content-type': 'application/json' });
      response.end('{"id":"1:abc"}');
    });
    const body = JSON.stringify({ type: 'message', text: 'Hé, één stap' });
    const answer = await httpExchange({ method: 'POST', url: `${server.url}/v3/conversations/a%3A1/activities`, headers: { 'content-type': 'application/json' }, body }, signal());
    await server.close();
    expect(seen).toEqual([{ method: 'POST', type: 'application/json', length: String(Buffer.byteLength(body)), body }]);
    expect(answer).toEqual({ status: 201, headers: expect.objectContaining({ 'retry-after': '3' }), bodyAsText: '{"id":"1:abc"}' });
  });

  it('keeps the connection open for the next call', async () => {
    const server = await serve((_request, _body, response) => response.end('{}'));
    for (let i = 0; i < 3; i++) await httpExchange({ method: 'GET', url: `${server.url}/v3/conversations/a/members/b`, headers: {} }, signal());
    const connections = server.connections();
    await server.close();
    expect(connections).toBe(1);
  });

  it('gives up on an abort', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    const answer = httpExchange({ method: 'GET', url: `${server.url}/hangs`, headers: {} }, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
    await server.close();
  });

  it('refuses an answer too large to be the connector\'s, without reading it all', async () => {
    let written = 0;
    const server = await serve((_request, _body, response) => {
      const chunk = 'x'.repeat(1024 * 1024);
      const write = () => {
        while (written < 64 && response.write(chunk)) written++;
        if (written < 64 && !response.destroyed) response.once('drain', write);
      };
      response.on('error', () => undefined);
      write();
    });
    await expect(httpExchange({ method: 'GET', url: `${server.url}/huge`, headers: {} }, signal())).rejects.toBeInstanceOf(AnswerNotReadError);
    await server.close();
    expect(written).toBeLessThan(64);
  });

  it('refuses an answer that announces a size too large, before reading any of it', async () => {
    const server = await serve((_request, _body, response) => {
      response.writeHead(200, { 'content-length': String(64 * 1024 * 1024) });
      response.write('{');
    });
    await expect(httpExchange({ method: 'GET', url: `${server.url}/announced`, headers: {} }, signal())).rejects.toBeInstanceOf(AnswerNotReadError);
    await server.close();
  });

  it('rejects a connection dropped before any answer as a network failure (safe to repeat)', async () => {
    const server = await serve((request) => request.socket.destroy());
    const failure = await httpExchange({ method: 'POST', url: `${server.url}/drops`, headers: {}, body: '{}' }, signal()).catch((error: Error) => error);
    await server.close();
    expect(failure).toMatchObject({ code: 'ECONNRESET' });
    expect(failure).not.toBeInstanceOf(AnswerNotReadError);
  });

  it('rejects an answer cut off half-way as not read (it may have landed)', async () => {
    const server = await serve((request, _body, response) => {
      response.writeHead(201, { 'content-length': '100' });
      response.write('{"id":');
      setTimeout(() => request.socket.destroy(), 20);
    });
    await expect(httpExchange({ method: 'POST', url: `${server.url}/cut`, headers: {}, body: '{}' }, signal())).rejects.toBeInstanceOf(AnswerNotReadError);
    await server.close();
  });

  it('calls nothing but http and https', async () => {
    await expect(httpExchange({ method: 'GET', url: 'file:///etc/passwd', headers: {} }, signal())).rejects.toBeInstanceOf(TypeError);
  });
});
