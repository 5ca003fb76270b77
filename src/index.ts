import 'dotenv/config';
import { loadConfig } from './config';
import { isLoopbackHost } from './core/loopback';
import { createLogger, routeConsoleToLogger, type Logger } from './core/logger';
import { createApp } from './app';
import { createStorage } from './storage/createStorage';
import { isConnected } from './storage/botStorage';
import { scheduleRetention } from './storage/retention';
import { scheduleTicketRetry } from './handoff/ticketRetry';
import { checkServicedeskChannel } from './tickets/servicedeskChannel';

/** Composition root: read the configuration, open the store, build the app, listen, and stop cleanly on SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  routeConsoleToLogger(logger);
  guardProcess(logger);
  const storage = await createStorage(config.storage);
  if (isConnected(storage)) {
    try {
      storage.open();
    } catch (error) {
      // Keep serving: each turn apologises until the store can be opened (see onTurnError).
      logger.error('storage unavailable at start-up', { store: config.storage.kind, detail: (error as Error).message });
    }
  }
  const { server, handoff, servicedeskChannel, retention } = createApp(config, logger, storage);
  scheduleRetention(storage, retention, config.storage.retentionDays, logger);
  await checkServicedeskChannel(servicedeskChannel, config.handoff.teamId, logger);
  scheduleTicketRetry(handoff, config.handoff.retrySeconds, logger);

  server.listen(config.port, config.host, () => {
    const local = !config.botAuth.MicrosoftAppId;
    logger.info('bot listening', {
      url: server.url,
      host: config.host,
      mode: local ? 'local (no MicrosoftAppId: no auth; replies only to a Bot Connector on this machine)' : 'authenticated',
      reachable: isLoopbackHost(config.host) ? 'from this machine only' : 'from the network',
      publicBaseUrl: config.publicBaseUrl,
      storage: config.storage.kind === 'sqlite' ? `sqlite (${config.storage.sqlitePath})` : config.storage.kind,
    });
  });

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server.close(() => {
      if (isConnected(storage)) storage.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** The last line of defence: every known cause is fixed at its root, and this says so loudly if one remains. */
function guardProcess(logger: Logger): void {
  // Node's own warnings (a dependency of restify uses a deprecated API) as one warn line, not unstructured stderr.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn('node warning', { warning: warning.name, detail: warning.message }));
  // A rejected promise nobody awaited leaves no half-done synchronous work behind: log it and keep serving.
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason instanceof Error ? reason : String(reason) }));
  // After a thrown exception the process state is unknown (Node's own advice): log one line and exit, so the
  // supervisor restarts a clean process; state is in the store, and Teams redelivers what was in flight.
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception, stopping', { error });
    process.exit(1);
  });
}

main().catch((error: Error) => {
  // Configuration and content errors name the bad key or entry; print that, not a stack.
  process.stderr.write(`Cannot start: ${error.message}\n`);
  process.exit(1);
});
