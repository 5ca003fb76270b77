import 'dotenv/config';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { createApp } from './app';
import { createStorage } from './services/storage/createStorage';
import { SqliteStorage } from './services/storage/sqliteStorage';
import { scheduleRetention } from './services/storage/retention';
import { scheduleTicketRetry } from './services/handoff/ticketRetry';
import { checkServicedeskChannel } from './services/handoff/servicedeskChannel';

/** Composition root: read the configuration, open the store, build the app, listen, and stop cleanly on SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const storage = await createStorage(config.storage);
  if (storage instanceof SqliteStorage) {
    try {
      storage.open();
    } catch (error) {
      // Keep serving: each turn apologises until the store can be opened (see onTurnError).
      logger.error('storage unavailable at start-up', { store: config.storage.kind, detail: (error as Error).message });
    }
  }
  scheduleRetention(storage, config.storage.retentionDays, logger);
  const { server, handoff, tickets, servicedeskChannel } = createApp(config, logger, storage);
  await checkServicedeskChannel(servicedeskChannel, config.handoff.teamId, logger);
  scheduleTicketRetry(handoff, tickets, config.handoff.retrySeconds, logger);

  server.listen(config.port, config.host, () => {
    logger.info('bot listening', {
      url: server.url,
      mode: config.botAuth.MicrosoftAppId ? 'authenticated' : 'local (no MicrosoftAppId: no auth)',
      publicBaseUrl: config.publicBaseUrl,
      storage: config.storage.kind === 'sqlite' ? `sqlite (${config.storage.sqlitePath})` : config.storage.kind,
    });
  });

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server.close(() => {
      if (storage instanceof SqliteStorage) storage.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: Error) => {
  // Configuration and content errors name the bad key or entry; print that, not a stack.
  process.stderr.write(`Cannot start: ${error.message}\n`);
  process.exit(1);
});
