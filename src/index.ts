import 'dotenv/config';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { createApp } from './app';

/** Composition root: read the configuration, build the app, listen, and stop cleanly on SIGTERM. */
function main(): void {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // Durable storage arrives with the storage issue; until then state lives in memory.
  const { server } = createApp(config, logger);

  server.listen(config.port, config.host, () => {
    logger.info('bot listening', {
      url: server.url,
      mode: config.botAuth.MicrosoftAppId ? 'authenticated' : 'local (no MicrosoftAppId: no auth)',
      publicBaseUrl: config.publicBaseUrl,
    });
  });

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

try {
  main();
} catch (error) {
  // Configuration and content errors name the bad key or entry; print that, not a stack.
  process.stderr.write(`Cannot start: ${(error as Error).message}\n`);
  process.exit(1);
}
