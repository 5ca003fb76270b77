import restify from 'restify';
import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import type { Logger } from './logger';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandlerBase;
  logger: Logger;
  /** Folder with images/ (card screenshots, fetched by Teams). */
  publicDir: string;
}

/** The HTTP surface: Bot Framework messages, a health check and the card images. No listen() here. */
export function createServer({ adapter, bot, logger, publicDir }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'servicedesk-2fa-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      logger.error('could not process activity', { error: (error as Error).name, detail: (error as Error).message });
      if (!res.headersSent) res.send(500);
    }
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.get(
    '/images/*',
    restify.plugins.serveStatic({ directory: publicDir, maxAge: 3600 }),
  );

  server.on('restifyError', (req, _res, error, callback) => {
    logger.warn('http error', { method: req.method, path: req.path(), status: error.statusCode });
    return callback();
  });
  return server;
}
