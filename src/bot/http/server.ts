import { readdirSync, readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import restify from 'restify';
import { mountTabs, type TabsDeps } from './tabRoutes';
import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import type { Logger } from '../../core/logger';
import { languages } from '../../i18n/language';
import { readIncomingActivity, type DoorRules } from './incomingActivity';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandlerBase;
  logger: Logger;
  /** Folder with images/<language>/ (card screenshots, fetched by Teams). */
  publicDir: string;
  /** What /api/messages lets in besides a well-formed activity (local mode: only a loopback serviceUrl). */
  door: DoorRules;
  /** How long a request may take to send its body; defaultBodyTimeoutMs unless a test needs to wait less. */
  bodyTimeoutMs?: number;
  /** How many body bytes all requests together may be sending at once; defaultBodyBytesInFlight unless a test needs fewer. */
  bodyBytesInFlight?: number;
  /** The Teams tabs: their pages, bundles and APIs. */
  tabs?: TabsDeps;
}

/** Teams' own messages stay under about 28 KB of text plus cards; four times that and more is never Teams. */
export const maxBodyBytes = 256 * 1024;
/** A client that trickles its body slower than this holds a request open for nothing. */
export const defaultBodyTimeoutMs = 10_000;
/**
 * Bodies are read before their token is checked, and `npm start` bounds the heap (192 MB): without a bound on the
 * bodies being read or processed at once, a few hundred slow or forged uploads could fill it. 128 maximal bodies
 * together (a Teams message is a few KB: thousands of turns); beyond, 503 with Retry-After (Teams tries again).
 */
export const defaultBodyBytesInFlight = 128 * maxBodyBytes;
const imageNamePattern = /^[a-z0-9][a-z0-9-]*\.png$/;

type BodyResult = { ok: true; text: string; bytes: number } | { ok: false; status: 408 | 413 | 415 | 503; reason: string };

/** The body bytes being read right now, by all requests together. */
interface BodyBudget {
  inFlight: number;
  limit: number;
}

/**
 * Reads a JSON body up to maxBodyBytes; anything else is refused before a byte of it is parsed. A body read whole
 * stays in the budget until its caller gives its `bytes` back (after its token was checked and its turn ran).
 */
function readJsonBody(req: restify.Request, bodyTimeoutMs: number, budget: BodyBudget): Promise<BodyResult> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return Promise.resolve({ ok: false, status: 415, reason: 'content-type must be application/json' });
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') return Promise.resolve({ ok: false, status: 415, reason: 'content-encoding is not supported' });
  if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) return Promise.resolve({ ok: false, status: 413, reason: 'body too large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      if (!result.ok) budget.inFlight -= size;
      clearTimeout(timer);
      req.removeAllListeners('data');
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, status: 408, reason: 'body not received in time' }), bodyTimeoutMs);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      budget.inFlight += chunk.length;
      if (size > maxBodyBytes) finish({ ok: false, status: 413, reason: 'body too large' });
      else if (budget.inFlight > budget.limit) finish({ ok: false, status: 503, reason: 'too many bodies at once' });
      else chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8'), bytes: size }));
    req.on('error', () => finish({ ok: false, status: 408, reason: 'body not received' }));
  });
}

/** The error code in a refusal's body, as restify names them. */
const statusCodes: Record<number, string> = { 403: 'Forbidden', 408: 'RequestTimeout', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 503: 'ServiceUnavailable' };

/** The card screenshots, one folder per language, read once at start: a request can only name one of them ("nl/done.png"), never a path. */
function loadImages(publicDir: string): Map<string, Buffer> {
  return new Map(
    languages.flatMap((language) => {
      const folder = path.join(publicDir, 'images', language);
      const names = readdirSync(folder).filter((name) => imageNamePattern.test(name));
      return names.map((name): [string, Buffer] => [`${language}/${name}`, readFileSync(path.join(folder, name))]);
    }),
  );
}

/** The HTTP surface: Bot Framework messages, a health check, the card images and the Teams tabs. No listen() here. */
export function createServer({ adapter, bot, logger, publicDir, door, tabs, bodyTimeoutMs = defaultBodyTimeoutMs, bodyBytesInFlight = defaultBodyBytesInFlight }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'servicedesk-2fa-bot', handleUncaughtExceptions: false });
  const budget: BodyBudget = { inFlight: 0, limit: bodyBytesInFlight };
  const images = loadImages(publicDir);

  const refuse = (res: restify.Response, status: number, reason: string, fields: Record<string, unknown> = {}) => {
    logger.warn('activity refused', { status, reason, ...fields });
    // A refused body may still be arriving: close the connection rather than read the rest.
    if (status === 408 || status === 413 || status === 503) res.setHeader('connection', 'close');
    if (status === 503) res.setHeader('retry-after', '1');
    res.send(status, { code: statusCodes[status] ?? 'BadRequest', message: reason });
  };

  server.post('/api/messages', async (req, res) => {
    let held = 0;
    try {
      const body = await readJsonBody(req, bodyTimeoutMs, budget);
      if (!body.ok) return refuse(res, body.status, body.reason);
      held = body.bytes;
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.text);
      } catch {
        return refuse(res, 400, 'the body is not valid JSON');
      }
      const verdict = readIncomingActivity(parsed, door);
      if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
      req.body = verdict.activity;
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      logger.error('could not process activity', { error: (error as Error).name, detail: (error as Error).message });
      if (!res.headersSent) res.send(500, { code: 'InternalError', message: 'the activity could not be processed' });
    } finally {
      budget.inFlight -= held;
    }
  });

  const health = (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.send(200, { status: 'ok' });
    return next();
  };
  server.get('/healthz', health);
  server.head('/healthz', health);

  const serveImage = (req: restify.Request, res: restify.Response, next: restify.Next) => {
    // The raw name, never decoded: no name with %, / or a NUL byte is one of ours.
    const name = (req.url ?? '').split('?')[0].slice('/images/'.length);
    const image = images.get(name);
    if (!image) {
      res.send(404, { code: 'NotFound', message: 'no such image' });
      return next();
    }
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length, 'cache-control': 'public, max-age=3600' });
    res.end(req.method === 'HEAD' ? undefined : image);
    return next();
  };
  server.get('/images/*', serveImage);
  server.head('/images/*', serveImage);
  if (tabs) mountTabs(server, tabs);

  server.on('restifyError', (req, _res, error, callback) => {
    logger.warn('http error', { method: req.method, path: (req.url ?? '').slice(0, 200), status: error.statusCode });
    // restify's own 404 and 405 bodies repeat the request's path: answer with the status text only.
    const body = { code: (error as { body?: { code?: string } }).body?.code ?? 'Error', message: STATUS_CODES[error.statusCode] ?? 'Error' };
    (error as { toJSON?: () => unknown }).toJSON = () => body;
    return callback();
  });
  return server;
}
