import type { Logger } from '../core/logger';
import type { HandoffService } from './handoffService';
import type { TicketStore } from '../tickets/ticketStore';

/**
 * Tickets whose channel post failed are kept and posted again: once at start-up and then every
 * `seconds`, until Teams takes them (the ticket store is initialised on the first sweep that reaches it).
 * Nothing is lost when the bot restarts in between: a post claimed by a process that was killed is taken
 * over here once its lease has lapsed (see HandoffService).
 */
export function scheduleTicketRetry(handoff: HandoffService, tickets: TicketStore, seconds: number, logger: Logger): () => void {
  let running = false;
  let ready = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      // A store that was down at start-up is initialised on a later sweep, once it is back.
      if (!ready) {
        await tickets.init();
        ready = true;
      }
      const posted = await handoff.postPending();
      if (posted) logger.info('queued tickets posted', { posted });
    } catch (error) {
      logger.warn(ready ? 'queued tickets not posted' : 'ticket store not ready', { error: (error as Error).message });
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
