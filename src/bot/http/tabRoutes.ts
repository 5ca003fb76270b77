import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type restify from 'restify';
import type { Logger } from '../../core/logger';

/** What a tab's API answers: plain data the server sends as JSON. */
export interface TabAnswer {
  status: number;
  body: unknown;
  /** Extra response headers (a 401's WWW-Authenticate); they never replace the security headers. */
  headers?: Record<string, string>;
}

/**
 * A tab's API: the query string and the Authorization header in, an answer out; never throws for the caller's input.
 * `viaProxy`: the request came through a proxy or tunnel (it carries X-Forwarded-* or Forwarded).
 */
export type TabApi = (request: { query: URLSearchParams; authorization?: string; viaProxy: boolean }) => Promise<TabAnswer>;

export interface TabsDeps {
  /** Where `npm run build` put the bundles (scripts/buildTabs.ts): entries.json and assets/. */
  buildDir: string;
  /** The page titles, in the organisation's language (the page itself follows the Teams context). */
  titles: Record<TabName, string>;
  /** Texts written into a page that has no API of its own (the team tab's configuration page), by language. */
  embeddedTexts?: Partial<Record<TabName, unknown>>;
  /** Each tab's API (mounted under /api/tabs/<name> when given). */
  apis: Partial<Record<TabName, TabApi>>;
  logger: Logger;
}

/** guide: the personal tab; dashboard: the servicedesk team's tab; config: the page Teams shows when the team tab is added. */
export const tabNames = ['guide', 'dashboard', 'config'] as const;
export type TabName = (typeof tabNames)[number];

/**
 * Teams and Microsoft 365 may frame the tabs, nothing else (learn.microsoft.com, "Content Security Policy for tabs";
 * no X-Frame-Options, which cannot name several hosts). Scripts only our own bundles; styles inline too, because
 * Fluent UI writes its styles at run time.
 */
const frameAncestors = ['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.cloud.microsoft', 'https://*.microsoft365.com', 'https://*.office.com', 'https://outlook.office365.com'];
export const tabContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // teams-js fetches Microsoft's current list of the hosts it may talk to from there (else it uses its built-in list).
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${frameAncestors.join(' ')}`,
].join('; ');

const commonHeaders = { 'content-security-policy': tabContentSecurityPolicy, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
const assetPattern = /^[A-Za-z0-9_-]{1,64}\.(js|css)$/;
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The Teams tabs on the bot's server: GET /tabs/guide, /tabs/dashboard and /tabs/config (a page that loads its bundle), the bundles
 * under /tabs/assets/ (hashed names, cached for a year), and each tab's API under /api/tabs/. Without a build (no
 * entries.json) the pages answer 503 and say so in the log once.
 */
export function mountTabs(server: restify.Server, deps: TabsDeps): void {
  const entriesFile = path.join(deps.buildDir, 'entries.json');
  const entries: Partial<Record<TabName, string>> = existsSync(entriesFile) ? (JSON.parse(readFileSync(entriesFile, 'utf8')) as Record<TabName, string>) : {};
  if (!existsSync(entriesFile)) deps.logger.warn('tabs not built: run npm run build', { buildDir: deps.buildDir });
  const assets = new Map<string, Buffer>();
  for (const file of Object.values(entries)) {
    if (file && assetPattern.test(file)) assets.set(file, readFileSync(path.join(deps.buildDir, 'assets', file)));
  }

  for (const name of tabNames) {
    server.get(`/tabs/${name}`, (_req, res, next) => {
      const bundle = entries[name];
      if (!bundle) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...commonHeaders });
        res.end('not built');
        return next();
      }
      const texts = deps.embeddedTexts?.[name];
      // A data block, not a script: the CSP runs only our bundles. "<" escaped, so no text can close the element.
      const data = texts === undefined ? '' : `<script type="application/json" id="tab-texts">${JSON.stringify(texts).replace(/</g, '\\u003c')}</script>`;
      const html = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(deps.titles[name])}</title></head><body><div id="root"></div>${data}<script src="/tabs/assets/${bundle}"></script></body></html>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', ...commonHeaders });
      res.end(html);
      return next();
    });
  }

  server.get('/tabs/assets/*', (req, res, next) => {
    const name = (req.url ?? '').split('?')[0].slice('/tabs/assets/'.length);
    const asset = assetPattern.test(name) ? assets.get(name) : undefined;
    if (!asset) {
      res.send(404, { code: 'NotFound', message: 'no such file' });
      return next();
    }
    const type = name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    res.writeHead(200, { 'content-type': type, 'content-length': asset.length, 'cache-control': 'public, max-age=31536000, immutable', ...commonHeaders });
    res.end(asset);
    return next();
  });

  // restify refuses an async handler that takes `next`: the promise it returns ends the request.
  const api = (handler: TabApi) => async (req: restify.Request, res: restify.Response) => {
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    try {
      const viaProxy = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'forwarded'].some((header) => req.headers[header] !== undefined);
      const answer = await handler({ query, authorization: req.headers.authorization, viaProxy });
      res.writeHead(answer.status, { ...answer.headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...commonHeaders });
      res.end(JSON.stringify(answer.body));
    } catch (error) {
      deps.logger.error('tab api failed', { path: (req.url ?? '').split('?')[0], error: (error as Error).name });
      res.send(500, { code: 'InternalError', message: 'the tab could not be answered' });
    }
  };
  for (const name of tabNames) {
    const handler = deps.apis[name];
    if (handler) server.get(`/api/tabs/${name}`, api(handler));
  }
}
