/**
 * Figure 6: worker start-up with a prebuilt workflow bundle, from the worker process's own clock (module
 * loading, connection, bundle read, `Worker.create`, pollers out), the bench's view (spawn to ready), and
 * the first workflow it ran (a one-activity workflow, right after it was ready: cold caches).
 */
import type { benchChain } from '../workflows/bench-workflows';
import { TASK_QUEUE } from '../../src/shared/names';
import type { BenchEnv } from '../lib/bench-env';

/** Figure 6's result, in ms. */
export interface StartupFigure {
  modulesLoadedMs: number;
  connectMs: number;
  bundleLoadMs: number;
  createMs: number;
  createToPollingMs: number;
  /** Worker start (its `main`, modules loaded) to polling. */
  startToPollingMs: number;
  /** Process start to polling, by the worker's clock. */
  processToPollingMs: number;
  spawnToReadyMs: number;
  firstWorkflowMs: number;
}

/** Measures figure 6: call it first, right after the worker is ready. */
export async function measureStartup(env: BenchEnv): Promise<StartupFigure> {
  const started = performance.now();
  await env.client.workflow.execute<typeof benchChain>('benchChain', {
    taskQueue: TASK_QUEUE,
    workflowId: env.workflowId('first'),
    args: [{ steps: 1, engine: false }],
  });
  const firstWorkflowMs = performance.now() - started;
  const s = env.worker.startup;
  return {
    modulesLoadedMs: s.modulesLoadedMs,
    connectMs: s.connectedMs - s.modulesLoadedMs,
    bundleLoadMs: s.bundleLoadedMs - s.connectedMs,
    createMs: s.createdMs - s.bundleLoadedMs,
    createToPollingMs: s.pollingMs - s.createdMs,
    startToPollingMs: s.pollingMs - s.modulesLoadedMs,
    processToPollingMs: s.pollingMs,
    spawnToReadyMs: env.worker.spawnToReadyMs,
    firstWorkflowMs,
  };
}
