/**
 * Benchmark-only workflows (`npm run bench`): the engine's parts in isolation, so their cost can be measured
 * apart from the Directors' image work. They run on the bench's worker (bench/workflows is its bundle's
 * entry) with the Director activities; production workers never register them.
 *
 *   benchChain:   step-1 ─► step-2 ─► … ─► step-n        (no-op activities; bare, or as engine stages)
 *   benchFanOut:  image-generation (n items, window w)  (the Creative Director's generation stage)
 *   benchHold:    waiting ─► (approve signal) ─► done   (an open run parked on its approval gate)
 */
import { workflowInfo } from '@temporalio/workflow';
import { blobKeys } from '../../src/shared/blob-keys';
import type { CreativePrompt } from '../../src/shared/creative';
import { runKeyOf } from '../../src/shared/run-key';
import { generationProxy as generation, storage, undo } from '../../src/workflows/engine/activity-proxies';
import { ApprovalGate } from '../../src/workflows/engine/approval';
import { DirectorRun } from '../../src/workflows/engine/director-run';
import { fanOut } from '../../src/workflows/engine/fan-out';

// Bench runs carry their own Director name, so `director list --director ecommerce` and the Web UI's
// filters never count them as Director runs.
const BENCH = { director: 'bench', brand: 'bench' } as const;

/** Input of `benchChain`. */
export interface BenchChainInput {
  /** Activities in the chain, one after the other. */
  steps: number;
  /** Run each activity as a Director stage (tracker, search attributes, details) instead of a bare call. */
  engine: boolean;
}

/** A chain of `steps` no-op activities (`deleteBlobs` of no keys), awaited one after the other. */
export async function benchChain(input: BenchChainInput): Promise<{ steps: number }> {
  const steps = Math.max(1, Math.floor(input.steps));
  const noop = () => storage.deleteBlobs({ keys: [] });
  if (!input.engine) {
    for (let i = 0; i < steps; i += 1) await noop();
    return { steps };
  }
  const names = Array.from({ length: steps }, (_, i) => `step-${i + 1}`);
  const run = new DirectorRun({ ...BENCH, stages: names });
  await run.execute(async () => {
    for (const name of names) await run.stage(name, noop);
  });
  return { steps };
}

/** Input of `benchFanOut`. */
export interface BenchFanOutInput {
  items: number;
  /** Items in flight at once (the window); `items` for all at once. */
  concurrency: number;
  width: number;
  height: number;
}

/** What `benchFanOut` measured with the workflow clock. */
export interface BenchFanOutResult {
  /** From the stage's start to the workflow task that saw its last item settle. */
  stageMs: number;
  fulfilled: number;
  rejected: number;
}

/**
 * The Creative Director's image-generation stage on its own: `items` images through the engine's fan-out
 * (undo registered per item, item progress reported), `concurrency` at a time.
 */
export async function benchFanOut(input: BenchFanOutInput): Promise<BenchFanOutResult> {
  const runKey = runKeyOf(workflowInfo().workflowId);
  const run = new DirectorRun({ ...BENCH, stages: ['image-generation'] });
  const prompts: CreativePrompt[] = Array.from({ length: input.items }, (_, index) => ({
    index,
    text: `bench image ${index + 1}`,
    palette: ['#808080'],
    composition: 'centered',
    seed: index,
  }));
  return run.execute(() =>
    run.stage('image-generation', async () => {
      const started = Date.now();
      const outcomes = await fanOut({
        items: prompts,
        concurrency: input.concurrency,
        run: (prompt) => {
          run.registerUndo({
            name: 'deleteBlobs',
            run: () => undo.deleteBlobs({ keys: [blobKeys.generated(runKey, prompt.index, 0)] }),
          });
          const { width, height } = input;
          return generation.generateImage({ runKey, prompt, round: 0, width, height });
        },
        onSettled: (_outcome, settled) => run.items('image-generation', settled, input.items, 0),
      });
      return {
        stageMs: Date.now() - started,
        fulfilled: outcomes.filter((o) => o.status === 'fulfilled').length,
        rejected: outcomes.filter((o) => o.status !== 'fulfilled').length,
      };
    }),
  );
}

/** Input of `benchHold`: the stages its tracker declares (it waits in the first). */
export interface BenchHoldInput {
  stages: string[];
}

/**
 * An open Director parked on its approval gate: the engine's handlers, tracker and search attributes, one
 * stage running, blocked until the `approve` (or `reject`) signal, then done. For the memory figure.
 */
export async function benchHold(input: BenchHoldInput): Promise<{ decision: string }> {
  const [first = 'approval'] = input.stages;
  const stages = input.stages.length > 0 ? input.stages : [first];
  const run = new DirectorRun({ ...BENCH, stages });
  const gate = new ApprovalGate();
  const outcome = await run.execute(() => run.stage(first, () => gate.wait('1 day', 'reject')));
  return { decision: outcome.decision };
}
