/**
 * Figure 8: what the dev server's tuned dynamic config (src/temporal/dev-server.ts) is worth. Figure 1's
 * bare overhead per activity on a second dev server started on Temporal's defaults (its own worker, same
 * machine, same run), then again on the bench's server (as shipped) while both are up, so the two share
 * the machine's load; their ratio, and the part the tuning acts on (a workflow task's schedule→start).
 */
import type { BenchEnv } from '../lib/bench-env';
import { startBenchEnv } from '../lib/bench-env';
import { measureOverhead, type OverheadFigure } from './overhead';

/** One server's side of figure 8, in ms (medians, p95). */
export interface ServerSide {
  medianMs: number;
  p95Ms: number;
  wftScheduleToStartMs: number;
}

/** Figure 8's result. */
export interface ServerTuningFigure {
  /** The dynamic config of the bench's server (as shipped, unless `--untuned-server` / `--server-config`). */
  serverArgs: string;
  shipped: ServerSide;
  untuned: ServerSide;
  /** untuned / shipped median overhead per activity. */
  ratio: number;
}

const side = (figure: OverheadFigure): ServerSide => ({
  medianMs: figure.bare.medianMs,
  p95Ms: figure.bare.p95Ms,
  wftScheduleToStartMs: figure.bare.parts.wftScheduleToStartMs,
});

/** Measures figure 8. */
export async function measureServerTuning(env: BenchEnv): Promise<ServerTuningFigure> {
  env.log('starting a second dev server on Temporal’s default dynamic config');
  const untunedEnv = await startBenchEnv(
    { ...env.options, external: undefined, untunedServer: true, serverConfig: [] },
    (message) => env.log(message),
  );
  let untuned: OverheadFigure;
  let shipped: OverheadFigure;
  try {
    untuned = await measureOverhead(untunedEnv);
    shipped = await measureOverhead(env);
  } finally {
    await untunedEnv.close();
  }
  return {
    serverArgs: env.server.args,
    shipped: side(shipped),
    untuned: side(untuned),
    ratio: untuned.bare.medianMs / shipped.bare.medianMs,
  };
}
