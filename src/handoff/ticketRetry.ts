import type { Logger } from '../core/logger';
import type { PostQueue } from './postQueue';

/**
 * Tickets whose channel post failed are kept and posted again: once at start-up and then every
 * `seconds`, until Teams takes them. A store that is down now is tried again on the next sweep.
 * Nothing is lost when the bot restarts in between: a post claimed by a process that was killed is
 * taken over here once its lease has lapsed (see PostQueue).
 */
export function scheduleTicketRetry(queue: Pick<PostQueue, 'postPending'>, seconds: number, logger: Logger): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const posted = await queue.postPending();
      if (posted) logger.info('queued tickets posted', { posted });
    } catch (error) {
      logger.warn('queued tickets not posted', { error: (error as Error).message });
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
