/**
 * Preloaded (`--require`) into the bench worker's process, so it runs in every thread there — the main
 * thread and the SDK's workflow thread, whose V8 heap the main thread's `gc()` does not touch. Each thread
 * runs a full garbage collection when a message comes on `GC_CHANNEL` (needs `--expose-gc`). Threads load
 * it without tsx's hooks, so it is written in plain JavaScript syntax.
 */

/** The broadcast channel that asks every thread of the process for a full GC. */
export const GC_CHANNEL = 'director-bench-gc';

const channel = new BroadcastChannel(GC_CHANNEL);
channel.onmessage = () => globalThis.gc?.();
// Never keep a thread alive for this.
channel.unref();

/** Asks every thread for a full GC (this one too) and gives them `settleMs` to run it. */
export async function collectAllThreads(settleMs = 250) {
  const ask = new BroadcastChannel(GC_CHANNEL);
  ask.postMessage('gc');
  ask.close();
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
}
