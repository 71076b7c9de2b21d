import type { creativeDirector } from '../../src/workflows/creative-director';
import type { ecommerceDirector } from '../../src/workflows/ecommerce-director';
import { TASK_QUEUE } from '../../src/shared/names';
import { creativeInProcess, ecommerceInProcess } from './baseline-directors';
import type { BenchEnv } from './bench-env';

/**
 * Runs each Director once on both sides with a 0 ms model, so code is compiled, the fake's images are drawn
 * and the stores' folders exist before anything is timed.
 */
export async function warmUp(env: BenchEnv): Promise<void> {
  const zero = { kind: 'fixed', ms: 0 } as const;
  const settings = { imageLatency: zero, textLatency: zero, localLatency: zero, imagesPerMinute: undefined };
  await env.worker.request({ op: 'configure', settings });
  env.baseline.model.configure(settings);
  const { creative } = env.options.plan.director;
  const creativeInput = {
    referenceImages: env.samples.references,
    brand: 'linn-atelier',
    mood: 'warm-up',
    batchCount: creative.batchCount,
    concurrency: creative.concurrency,
    size: creative.size,
  };
  const ecommerceInput = { productImage: env.samples.product, style: 'warm-beige' as const, brand: 'bench' };
  await Promise.all([
    env.client.workflow.execute<typeof ecommerceDirector>('ecommerceDirector', {
      taskQueue: TASK_QUEUE,
      workflowId: env.workflowId('warmup-ecommerce'),
      args: [ecommerceInput],
    }),
    env.client.workflow.execute<typeof creativeDirector>('creativeDirector', {
      taskQueue: TASK_QUEUE,
      workflowId: env.workflowId('warmup-creative'),
      args: [creativeInput],
    }),
    ecommerceInProcess(env.baseline.call, {
      ...ecommerceInput,
      runKey: 'warmup-ecommerce',
      canvasSize: 1600,
    }),
    creativeInProcess(env.baseline.call, { ...creativeInput, runKey: 'warmup-creative', maxRounds: 2 }),
  ]);
}
