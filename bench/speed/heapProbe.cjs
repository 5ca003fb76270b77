// Preloaded (--require) into the bot under test by bench/speed.ts: answers "heap" on the IPC channel with the heap
// after a full collection (--expose-gc), so the benchmark can read it without an endpoint in src/.
process.on('message', (message) => {
  if (message !== 'heap') return;
  global.gc?.();
  process.send({ heapUsed: process.memoryUsage().heapUsed });
});
process.channel?.unref();
