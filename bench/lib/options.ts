import path from 'node:path';
import type { LatencySpec } from '../../src/model/fake/latency';

/** How much of each figure to measure: the full run, or a short one (`--quick`) that checks it all works. */
export interface BenchPlan {
  overhead: { warmup: number; chains: number; steps: number };
  director: {
    imageLatency: LatencySpec;
    textLatency: LatencySpec;
    ecommerceRuns: number;
    creativeRuns: number;
    creative: { references: number; batchCount: number; concurrency: number; size: number };
  };
  fanOut: { itemMs: number; sizes: number[]; windowed: { items: number; window: number }; repeats: number };
  rateLimit: { perMinute: number; items: number; window: number; itemMs: number };
  /** Figure 12: the shared image quota and the images one Director asks for, per side (1 and 3 workers). */
  quota: { perMinute: number; images: number };
  /** Figure 13: one catalog of `lines` E-commerce lines, and `standaloneRuns` of the same run alone to compare. */
  catalog: { lines: number; window: number; segmentLines: number; standaloneRuns: number };
  throughput: {
    warmup: number;
    inFlight: number;
    directors: number;
    oneActivity: number;
    ecommerce: { runs: number; inFlight: number };
  };
  /** Hold batches (levels of open runs), then the soak: `runs` E-commerce Directors, a reading every `every`. */
  memory: { levels: number[]; batches: number; soak: { runs: number; every: number; inFlight: number } };
  /** Runs of each CLI command timed for its start-up. */
  cli: { runs: number };
}

/** The figures, by the names `--only` takes. */
export const FIGURE_NAMES = [
  'startup',
  'overhead',
  'director',
  'fan-out',
  'rate-limit',
  'throughput',
  'memory',
  'cli',
  'server-tuning',
  'cluster',
  'store',
  'quota',
  'catalog',
  'rerun',
] as const;

/** A figure's name. */
export type FigureName = (typeof FIGURE_NAMES)[number];

/** Command-line options. */
export interface BenchOptions {
  quick: boolean;
  json: boolean;
  resultsDir: string;
  /** The figures to measure (default all). */
  only: FigureName[];
  /** Use this server instead of starting a dev server (its pid, if given, for CPU accounting). */
  external?: { address: string; pid: number };
  /** Dynamic config values (`key=value`) on top of the dev server's tuned config (`--server-config`). */
  serverConfig: string[];
  /** Start the dev server on Temporal's default dynamic config instead of the tuned one (`--untuned-server`). */
  untunedServer: boolean;
  /** Extra worker options for an A/B experiment (JSON), on top of `WORKER_TUNING`. */
  workerOptions: Record<string, unknown>;
  plan: BenchPlan;
}

const FULL: BenchPlan = {
  overhead: { warmup: 5, chains: 20, steps: 10 },
  director: {
    imageLatency: { kind: 'lognormal', p50: 8_000, p95: 14_000 },
    textLatency: { kind: 'lognormal', p50: 1_500, p95: 4_000 },
    ecommerceRuns: 3,
    creativeRuns: 2,
    creative: { references: 2, batchCount: 8, concurrency: 4, size: 1024 },
  },
  fanOut: { itemMs: 2_000, sizes: [4, 16, 64], windowed: { items: 256, window: 64 }, repeats: 3 },
  rateLimit: { perMinute: 120, items: 60, window: 16, itemMs: 2_000 },
  quota: { perMinute: 120, images: 64 },
  catalog: { lines: 2000, window: 16, segmentLines: 500, standaloneRuns: 64 },
  throughput: {
    warmup: 20,
    inFlight: 20,
    directors: 300,
    oneActivity: 300,
    ecommerce: { runs: 16, inFlight: 4 },
  },
  memory: {
    levels: [0, 100, 200, 300, 400, 500],
    batches: 3,
    soak: { runs: 2000, every: 250, inFlight: 4 },
  },
  cli: { runs: 9 },
};

const QUICK: BenchPlan = {
  overhead: { warmup: 1, chains: 3, steps: 10 },
  director: {
    imageLatency: { kind: 'lognormal', p50: 200, p95: 350 },
    textLatency: { kind: 'lognormal', p50: 40, p95: 100 },
    ecommerceRuns: 1,
    creativeRuns: 1,
    creative: { references: 1, batchCount: 4, concurrency: 4, size: 512 },
  },
  fanOut: { itemMs: 250, sizes: [4, 16, 64], windowed: { items: 256, window: 64 }, repeats: 1 },
  rateLimit: { perMinute: 600, items: 20, window: 8, itemMs: 100 },
  quota: { perMinute: 600, images: 20 },
  catalog: { lines: 30, window: 8, segmentLines: 12, standaloneRuns: 8 },
  throughput: {
    warmup: 5,
    inFlight: 10,
    directors: 40,
    oneActivity: 40,
    ecommerce: { runs: 2, inFlight: 2 },
  },
  memory: { levels: [0, 10, 20, 30], batches: 3, soak: { runs: 12, every: 4, inFlight: 2 } },
  cli: { runs: 3 },
};

/** The environment variable that overrides where results are written (as `--results-dir` does). */
export const RESULTS_DIR_ENV = 'BENCH_RESULTS_DIR';

const USAGE = `usage: npm run bench -- [--quick] [--json] [--results-dir <dir>] [--worker-options '<json>']

  --quick          a short run (well under a minute) that measures every figure a little
  --json           print the results as JSON instead of a table
  --results-dir    where to write <date>.json (default bench/results, or $${RESULTS_DIR_ENV})
  --only a,b       measure only these figures: ${FIGURE_NAMES.join(', ')}
  --server-config k=v  start the dev server with this dynamic config value too (repeatable; on top of
                   the tuned config of src/temporal/dev-server.ts), e.g. history.transferProcessorMaxPollRPS=20
  --untuned-server start the dev server on Temporal's default dynamic config (the server-tuning figure
                   always compares against such a server, started next to the tuned one)
  --address h:p    use a running server instead of starting a dev server (A/B experiments on server flags)
  --server-pid n   that server's process id, for CPU accounting
  --worker-options extra Temporal worker options, e.g. '{"maxCachedWorkflows":100}' (A/B experiments)
  --catalog-lines n  the catalog figure's manifest size (default 2000; 30 with --quick)
  --soak-runs n    the memory figure's soak: E-commerce runs (default 2000; 12 with --quick)
  --ecommerce-runs n figure 4's E-commerce Director runs (default 16; 2 with --quick), e.g. for an A/B of
                   its CPU, workflow tasks and events per run`;

/** Reads the command line. Throws an `Error` with the usage for an unknown or malformed option. */
export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  let quick = false;
  let json = false;
  let resultsDir = env[RESULTS_DIR_ENV] || path.join(__dirname, '..', 'results');
  let workerOptions: Record<string, unknown> = {};
  let only: FigureName[] = [...FIGURE_NAMES];
  let explicitOnly = false;
  let address: string | undefined;
  let serverPid = NaN;
  let untunedServer = false;
  let catalogLines: number | undefined;
  let soakRuns: number | undefined;
  let ecommerceRuns: number | undefined;
  const serverConfig: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--json') json = true;
    else if (arg === '--results-dir') resultsDir = value();
    else if (arg === '--worker-options') workerOptions = JSON.parse(value()) as Record<string, unknown>;
    else if (arg === '--only') {
      only = parseFigures(value());
      explicitOnly = true;
    } else if (arg === '--address') address = value();
    else if (arg === '--server-config') serverConfig.push(parseDynamicConfig(value()));
    else if (arg === '--server-pid') serverPid = Number(value());
    else if (arg === '--untuned-server') untunedServer = true;
    else if (arg === '--catalog-lines') catalogLines = positiveInteger(arg, value());
    else if (arg === '--soak-runs') soakRuns = positiveInteger(arg, value());
    else if (arg === '--ecommerce-runs') ecommerceRuns = positiveInteger(arg, value());
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  // The production topology takes a minute to come up: `--quick` measures it only when asked for by name.
  if (quick && !explicitOnly) only = only.filter((name) => name !== 'cluster');
  return {
    quick,
    json,
    resultsDir: path.resolve(resultsDir),
    only,
    serverConfig,
    untunedServer,
    ...(address === undefined ? {} : { external: { address, pid: serverPid } }),
    workerOptions,
    plan: withEcommerceRuns(
      withSoakRuns(withCatalogLines(quick ? QUICK : FULL, catalogLines), soakRuns),
      ecommerceRuns,
    ),
  };
}

function parseDynamicConfig(text: string): string {
  if (!/^[\w.]+=\S+$/.test(text)) throw new Error(`--server-config takes key=value, got '${text}'\n${USAGE}`);
  return text;
}

function parseFigures(text: string): FigureName[] {
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(FIGURE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown figure ${unknown.join(', ')}\n${USAGE}`);
  return names as FigureName[];
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag} must be a whole number of at least 1, got ${text}`);
  return value;
}

/** The plan with the catalog figure's manifest size replaced, when one was given. */
function withCatalogLines(plan: BenchPlan, lines: number | undefined): BenchPlan {
  return lines === undefined ? plan : { ...plan, catalog: { ...plan.catalog, lines } };
}

/** The plan with the memory soak's run count replaced (a reading every eighth of it), when one was given. */
function withSoakRuns(plan: BenchPlan, runs: number | undefined): BenchPlan {
  if (runs === undefined) return plan;
  const every = Math.max(1, Math.ceil(runs / 8));
  return { ...plan, memory: { ...plan.memory, soak: { ...plan.memory.soak, runs, every } } };
}

/** The plan with figure 4's E-commerce run count replaced, when one was given. */
function withEcommerceRuns(plan: BenchPlan, runs: number | undefined): BenchPlan {
  if (runs === undefined) return plan;
  return { ...plan, throughput: { ...plan.throughput, ecommerce: { ...plan.throughput.ecommerce, runs } } };
}
