import type { State, Worker } from '@temporalio/worker';

/**
 * The workers of one process, one per task queue it polls, run and stopped as one: `run` resolves when all
 * have stopped and rejects (after stopping the others) when one fails; `runUntil` stops all once its body
 * settles. The SDK stops each on SIGINT / SIGTERM, as it does a single worker.
 */
export class WorkerGroup {
  constructor(
    /** The workers, the main queue's first when it is polled. */
    readonly workers: readonly Worker[],
  ) {}

  /** `RUNNING` once every worker runs; otherwise the state of the first that does not. */
  getState(): State {
    return this.workers.find((worker) => worker.getState() !== 'RUNNING')?.getState() ?? 'RUNNING';
  }

  /** Asks every running worker to stop (in-flight tasks finish first). Idempotent. */
  shutdown(): void {
    for (const worker of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  }

  /** Runs every worker until all have stopped; one that fails stops the others, and its error is thrown. */
  async run(): Promise<void> {
    const outcomes = await Promise.allSettled(
      this.workers.map((worker) =>
        worker.run().catch((error: unknown) => {
          this.shutdown();
          throw error;
        }),
      ),
    );
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Runs every worker until `body` settles, then stops them all and returns (or throws) what it did. */
  async runUntil<R>(body: Promise<R> | (() => Promise<R>)): Promise<R> {
    const running = this.run();
    const settled = (async () => {
      try {
        return await (typeof body === 'function' ? body() : body);
      } finally {
        this.shutdown();
      }
    })();
    const [outcome] = await Promise.allSettled([settled, running]);
    await running; // a worker's own failure wins over the body's: it is the likelier cause
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value;
  }
}
