/**
 * The bench's world: the Temporal CLI's dev server (SQLite file in a temp folder, as users run it), one
 * Director worker in its own process, a client, the in-process baseline, and the sample images.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadDirectorConfig } from '../../src/config';
import { drawSampleProduct } from '../../src/samples/sample-product';
import {
  REQUIRED_DYNAMIC_CONFIG,
  startDevServer,
  TUNED_DYNAMIC_CONFIG,
  TUNED_SQLITE_PRAGMAS,
  type DevServer,
} from '../../src/temporal/dev-server';
import { ensureSearchAttributes } from '../../src/temporal/dev-server-ready';
import { findFreePort } from '../../src/temporal/ports';
import { resolveTemporalCli } from '../../src/temporal/resolve-binary';
import { loadWorkflowBundle } from '../../src/workflow-bundle';
import { BENCH_WORKFLOWS } from './bench-workflows-path';
import { createBaseline, type Baseline } from './baseline';
import type { BenchOptions } from './options';
import { startWorkerProcess, type WorkerLink } from './worker-link';

/** Everything a figure needs. */
export interface BenchEnv {
  options: BenchOptions;
  client: Client;
  worker: WorkerLink;
  baseline: Baseline;
  server: { address: string; cliPath: string; cliVersion: string; args: string };
  /** Process ids whose CPU the figures account: the dev server, the worker and the bench itself. */
  pids: { server: number; worker: number; bench: number };
  samples: { product: string; references: string[] };
  /** Time to build or read the workflow bundle before the worker started (a prebuilt bundle: a file read). */
  bundleMs: number;
  log(message: string): void;
  /** A fresh workflow id with a readable prefix. */
  workflowId(prefix: string): string;
  close(): Promise<void>;
}

/** Starts the dev server and the worker, and prepares samples. Stops what it started when a step fails. */
export async function startBenchEnv(
  options: BenchOptions,
  log: (message: string) => void,
): Promise<BenchEnv> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'director-bench-'));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(root, { recursive: true, force: true })];
  // Idempotent: a Ctrl-C during the normal close must not stop things twice.
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      for (const cleanup of [...cleanups].reverse())
        await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
    })());
  try {
    const bundleDir = path.join(loadDirectorConfig().stateDir, 'cache');
    const bundleStarted = performance.now();
    const [server] = await Promise.all([
      startServer(options, root, log),
      loadWorkflowBundle(bundleDir, BENCH_WORKFLOWS),
    ]);
    const bundleMs = performance.now() - bundleStarted;
    cleanups.push(() => server.stop());
    const samples = await drawSamples(root, options.plan.director.creative.references);
    const worker = await startWorkerProcess({
      address: server.address,
      namespace: server.namespace,
      dataDir: path.join(root, 'worker'),
      bundleDir,
      settings: {},
      workerOptions: options.workerOptions,
    });
    cleanups.push(() => worker.stop());
    log(`worker ready (pid ${worker.pid}) in ${worker.spawnToReadyMs.toFixed(0)} ms`);
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const baseline = await createBaseline({});
    cleanups.push(() => baseline.dispose());
    return {
      options,
      client: new Client({ connection, namespace: server.namespace }),
      worker,
      baseline,
      server: {
        address: server.address,
        cliPath: server.cliPath,
        cliVersion: server.cliVersion,
        args: server.args,
      },
      pids: { server: server.pid, worker: worker.pid, bench: process.pid },
      samples,
      bundleMs,
      log,
      workflowId: (prefix) => `bench-${prefix}-${randomUUID().slice(0, 8)}`,
      close,
    };
  } catch (error: unknown) {
    await close();
    throw error;
  }
}

interface BenchServer {
  address: string;
  namespace: string;
  pid: number;
  cliPath: string;
  cliVersion: string;
  args: string;
  stop(): Promise<void>;
}

// The dev server as users run it (SQLite file, free ports), or the server given with --address.
async function startServer(
  options: BenchOptions,
  root: string,
  log: (message: string) => void,
): Promise<BenchServer> {
  if (options.external) {
    const { address, pid } = options.external;
    log(`using the server at ${address}`);
    const connection = await Connection.connect({ address });
    try {
      await ensureSearchAttributes(connection, 'default', log);
    } finally {
      await connection.close();
    }
    const args = `external server at ${address}`;
    return {
      address,
      namespace: 'default',
      pid,
      cliPath: '',
      cliVersion: 'external',
      args,
      stop: async () => {},
    };
  }
  const cli = await resolveTemporalCli({ log });
  log(`temporal CLI ${cli.version} (${cli.source}): ${cli.path}`);
  const port = await findFreePort();
  const uiPort = await findFreePort([port]);
  const dynamicConfig = {
    // As the project starts it (REQUIRED_DYNAMIC_CONFIG: one partition per queue, the priority matcher).
    ...(options.untunedServer ? {} : { ...TUNED_DYNAMIC_CONFIG, ...REQUIRED_DYNAMIC_CONFIG }),
    ...Object.fromEntries(options.serverConfig.map(parseConfigValue)),
  };
  const server: DevServer = await startDevServer({
    cliPath: cli.path,
    stateDir: path.join(root, 'temporal'),
    port,
    uiPort,
    log,
    dynamicConfig,
    // Untuned: SQLite's own journal mode too, as `temporal server start-dev` runs on its own.
    ...(options.untunedServer ? { sqlitePragmas: {} } : {}),
  });
  return {
    ...server,
    cliPath: cli.path,
    cliVersion: cli.version,
    args: [
      `server start-dev --db-filename <tmp>/temporal.sqlite --ip 127.0.0.1 --namespace ${server.namespace} --log-level warn --search-attribute … (src/temporal/dev-server.ts)`,
      ...Object.entries(dynamicConfig).map(([key, value]) => `--dynamic-config-value ${key}=${value}`),
      ...(options.untunedServer ? [] : Object.entries(TUNED_SQLITE_PRAGMAS)).map(
        ([name, value]) => `--sqlite-pragma ${name}=${value}`,
      ),
    ].join(' '),
  };
}

// `key=value`: the value as JSON when it parses (numbers, booleans), else as a string.
function parseConfigValue(text: string): [string, number | string | boolean] {
  const at = text.indexOf('=');
  const raw = text.slice(at + 1);
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
      return [text.slice(0, at), value];
  } catch {
    // not JSON: a plain string
  }
  return [text.slice(0, at), raw];
}

// The quick start's sample product, and references: the three drawn samples, cycled.
async function drawSamples(root: string, references: number): Promise<BenchEnv['samples']> {
  const kinds = ['tote', 'tshirt', 'sneaker'] as const;
  const files: string[] = [];
  await mkdir(path.join(root, 'samples'), { recursive: true });
  for (const kind of kinds) {
    const file = path.join(root, 'samples', `${kind}.png`);
    await writeFile(file, await drawSampleProduct(kind));
    files.push(file);
  }
  const product = files[0] ?? '';
  return {
    product,
    references: Array.from({ length: references }, (_, i) => files[i % files.length] ?? product),
  };
}
