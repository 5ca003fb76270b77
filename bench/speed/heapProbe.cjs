/* global setInterval */
// Preloaded (--require) into the bot under test by bench/speed.ts, so the benchmark can read the bot's memory without an
// endpoint in src/: it samples the heap's size every 200 ms and answers "heap" on the IPC channel with the heap after a
// full collection (--expose-gc) and the largest heap total and off-heap memory (external, which includes array buffers) it saw.
const peak = { heapTotal: 0, external: 0 };
const sample = () => {
  const usage = process.memoryUsage();
  peak.heapTotal = Math.max(peak.heapTotal, usage.heapTotal);
  // external already counts the array buffers.
  peak.external = Math.max(peak.external, usage.external);
};
setInterval(sample, 200).unref();
process.on('message', (message) => {
  if (message !== 'heap') return;
  sample();
  global.gc?.();
  process.send({ heapUsed: process.memoryUsage().heapUsed, peakHeapTotal: peak.heapTotal, peakExternal: peak.external });
});
process.channel?.unref();
