import type { Logger } from '../../logger';
import type { HandoffService } from './handoffService';
import type { TicketStore } from './ticketStore';

/**
 * Tickets whose channel post failed are kept and posted again: once at start-up and then every
 * `seconds`, until Teams takes them. Nothing is lost when the bot restarts in between: a post claimed
 * by a process that was killed is taken over here once its lease has lapsed (see HandoffService).
 */
export function scheduleTicketRetry(handoff: HandoffService, tickets: TicketStore, seconds: number, logger: Logger): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const posted = await handoff.postPending();
      if (posted) logger.info('queued tickets posted', { posted });
    } catch (error) {
      logger.warn('queued tickets not posted', { error: (error as Error).message });
    } finally {
      running = false;
    }
  };
  const started = tickets
    .init()
    .then(sweep)
    .catch((error: Error) => logger.warn('ticket store not ready', { error: error.message }));
  const timer = setInterval(() => void started.then(sweep), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
