import 'dotenv/config';
import { loadConfig } from './config';
import { createLogger, routeConsoleToLogger, type Logger } from './core/logger';
import { createApp } from './app';
import { createStorage } from './storage/createStorage';

/** Composition root: read the configuration, open the store, build and start the app, and stop cleanly on SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  routeConsoleToLogger(logger);
  guardProcess(logger);
  // Only local mode gets here with examples (production refuses them): say which values on the cards are not real.
  const examples = config.organisation.examples.map(({ path, variable }) => `${path} (${variable})`);
  if (examples.length > 0) logger.warn('example values, not the organisation\'s: set their variables before going live', { examples: examples.join(', ') });
  const app = createApp(config, { storage: await createStorage(config.storage), logger });
  await app.start();

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    void app.stop().then(() => process.exit(0));
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
