/**
 * Figure 8: what the dev server's tuned dynamic config (src/temporal/dev-server.ts) is worth. Figure 1's
 * bare overhead per activity on the bench's server, and on a second dev server started next to it on
 * Temporal's defaults (its own worker, same machine, same run), and their ratio.
 */
import type { BenchEnv } from '../lib/bench-env';
import { startBenchEnv } from '../lib/bench-env';
import { measureOverhead, type OverheadFigure } from './overhead';

/** Figure 8's result. */
export interface ServerTuningFigure {
  /** The dynamic config of the bench's server (as shipped, unless `--untuned-server` / `--server-config`). */
  serverArgs: string;
  /** Bare overhead per activity, median ms: the bench's server, and a dev server on Temporal's defaults. */
  shippedMedianMs: number;
  untunedMedianMs: number;
  shippedP95Ms: number;
  untunedP95Ms: number;
  /** untuned / shipped. */
  ratio: number;
}

/** Measures figure 8; reuses figure 1's result on the bench's server when it was measured in this run. */
export async function measureServerTuning(
  env: BenchEnv,
  shipped?: OverheadFigure,
): Promise<ServerTuningFigure> {
  const tuned = shipped ?? (await measureOverhead(env));
  env.log('starting a second dev server on Temporal’s default dynamic config');
  const untunedEnv = await startBenchEnv(
    { ...env.options, external: undefined, untunedServer: true, serverConfig: [] },
    (message) => env.log(message),
  );
  let untuned: OverheadFigure;
  try {
    untuned = await measureOverhead(untunedEnv);
  } finally {
    await untunedEnv.close();
  }
  return {
    serverArgs: env.server.args,
    shippedMedianMs: tuned.bare.medianMs,
    untunedMedianMs: untuned.bare.medianMs,
    shippedP95Ms: tuned.bare.p95Ms,
    untunedP95Ms: untuned.bare.p95Ms,
    ratio: untuned.bare.medianMs / tuned.bare.medianMs,
  };
}
