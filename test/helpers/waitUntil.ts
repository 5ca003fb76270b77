/**
 * Waits, polling every 25 ms, until `test` holds; throws after `timeoutMs` with `what` (a text, or a function
 * giving one, for what was seen by then). Work that goes on after an HTTP answer is waited for this way.
 */
export async function waitUntil(test: () => boolean, what: string | (() => string), timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
