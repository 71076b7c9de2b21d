/**
 * `npm run bench`: what durability costs. Starts the dev server (SQLite file) and one Director worker over
 * the fake model, warms up, measures every figure of BENCHMARKS.md side by side with the in-process
 * baseline, prints a table (or JSON with `--json`) and writes `bench/results/<date>.json`.
 * `--quick` shrinks every figure to run in well under a minute.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WORKER_TUNING } from '../src/worker';
import { measureCli } from './figures/cli';
import { measureCluster } from './figures/cluster';
import { measureDirector } from './figures/director';
import { measureFanOut } from './figures/fan-out';
import { measureMemory } from './figures/memory';
import { measureOverhead } from './figures/overhead';
import { measureQuota } from './figures/quota';
import { measureCatalog } from './figures/catalog';
import { measureRateLimit } from './figures/rate-limit';
import { measureRerun } from './figures/rerun';
import { measureServerTuning } from './figures/server-tuning';
import { measureStartup } from './figures/startup';
import { measureStore } from './figures/store';
import { measureThroughput } from './figures/throughput';
import { startBenchEnv, type BenchEnv } from './lib/bench-env';
import { parseBenchArgs, type FigureName } from './lib/options';
import { renderTable, type BenchFigures, type BenchResult } from './lib/report';
import { warmUp } from './lib/warm-up';

async function step<T>(env: BenchEnv, name: string, measure: () => Promise<T>): Promise<T> {
  env.log(`${name}…`);
  const started = performance.now();
  const value = await measure();
  env.log(`${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return value;
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const log = (message: string) => console.error(`[bench] ${message}`);
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const env = await startBenchEnv(options, log);
  // Ctrl-C: stop the dev server and the worker this run started, then leave.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the dev server and the worker`);
      void env.close().finally(() => process.exit(130));
    });
  }
  const figures: Partial<BenchFigures> = {};
  const wanted = (name: FigureName) => options.only.includes(name);
  try {
    if (wanted('startup')) figures.startup = await step(env, 'start-up', () => measureStartup(env));
    await step(env, 'warm-up', () => warmUp(env));
    if (wanted('overhead'))
      figures.overheadPerActivity = await step(env, 'overhead per activity', () => measureOverhead(env));
    if (wanted('director'))
      figures.director = await step(env, 'Directors at realistic latencies', () => measureDirector(env));
    if (wanted('fan-out')) figures.fanOut = await step(env, 'fan-out', () => measureFanOut(env));
    if (wanted('rate-limit')) figures.rateLimit = await step(env, 'rate limit', () => measureRateLimit(env));
    if (wanted('throughput'))
      figures.throughput = await step(env, 'throughput', () => measureThroughput(env));
    if (wanted('memory')) figures.memory = await step(env, 'memory', () => measureMemory(env));
    if (wanted('cli')) figures.cli = await step(env, 'CLI start-up', () => measureCli(env));
    if (wanted('server-tuning'))
      figures.serverTuning = await step(env, 'tuned vs untuned dev server', () => measureServerTuning(env));
    if (wanted('cluster'))
      figures.cluster = await step(env, 'production topology vs dev server', () => measureCluster(env));
    if (wanted('store'))
      figures.store = await step(env, 'store round trips, local vs S3', () => measureStore(env));
    if (wanted('quota')) figures.quota = await step(env, 'quota use across workers', () => measureQuota(env));
    if (wanted('catalog')) figures.catalog = await step(env, 'a catalog at scale', () => measureCatalog(env));
    if (wanted('rerun')) figures.rerun = await step(env, 'what a rerun saves', () => measureRerun(env));
  } finally {
    await env.close();
  }
  const result: BenchResult = {
    meta: {
      date: startedAt.toISOString(),
      quick: options.quick,
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        loadAverageBefore: loadBefore,
        loadAverageAfter: os.loadavg(),
      },
      versions: {
        node: process.version,
        temporalCli: env.server.cliVersion,
        temporalSdk: sdkVersion(),
      },
      server: env.server.args,
      workerTuning: WORKER_TUNING,
      workerOptions: options.workerOptions,
      plan: options.plan,
      bundleMs: env.bundleMs,
      durationS: (Date.now() - startedAt.getTime()) / 1000,
    },
    figures,
  };
  await mkdir(options.resultsDir, { recursive: true });
  const file = path.join(options.resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`results written to ${file}`);
  console.log(options.json ? JSON.stringify(result, null, 2) : renderTable(figures));
}

function sdkVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@temporalio/worker/package.json') as { version: string }).version;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
