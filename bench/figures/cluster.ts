/**
 * Figure 11: the production topology (src/cluster: PostgreSQL, the four Temporal services as separate
 * processes, versitygw, `director worker` processes sharing the S3 store) against the dev server.
 * - Per-activity overhead: figure 1's chains of no-op activities, run by the bench worker on the cluster,
 *   beside the same on the dev server.
 * - Throughput of E-commerce Directors (fake model at a fixed latency, real image work, S3 store) on 1, 2
 *   and 3 workers, with enough runs in flight to keep three busy: the ratio, and where it stops scaling.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadDirectorConfig } from '../../src/config';
import { startTopology } from '../../src/cluster/topology';
import type { ecommerceDirector } from '../../src/workflows/ecommerce-director';
import type { BenchEnv } from '../lib/bench-env';
import { runPool } from '../lib/pool';
import { median } from '../lib/stats';
import { startWorkerProcess } from '../lib/worker-link';
import { measureOverhead, type OverheadStats } from './overhead';

/** Throughput with a given number of workers. */
export interface ClusterThroughputRow {
  workers: number;
  runs: number;
  inFlight: number;
  perSecond: number;
  latencyP50Ms: number;
}

/** Figure 11 result. */
export interface ClusterFigure {
  /** Seconds to bring the topology up (Go tools cached). */
  bringUpSeconds: number;
  overhead: { cluster: OverheadStats; devServer: OverheadStats };
  ecommerce: {
    imageLatencyMs: number;
    textLatencyMs: number;
    rows: ClusterThroughputRow[];
    /** Throughput on 3 workers divided by throughput on 1. */
    ratio3to1: number;
    /** The first worker count that added less than 10 % over the one before; undefined: it kept scaling. */
    stopsScalingAt: number | undefined;
  };
}

const IMAGE_LATENCY_MS = 500;
const TEXT_LATENCY_MS = 100;

/** Measures figure 11. */
export async function measureCluster(env: BenchEnv): Promise<ClusterFigure> {
  const devServer = (await measureOverhead(env)).bare;
  const samplesDir = path.dirname(env.samples.product);
  const topology = await startTopology({
    workers: 0,
    workerEnv: {
      DIRECTOR_MODEL: 'fake',
      DIRECTOR_FAKE_LATENCY_MS: String(IMAGE_LATENCY_MS),
      DIRECTOR_FAKE_TEXT_LATENCY_MS: String(TEXT_LATENCY_MS),
      DIRECTOR_INPUT_DIRS: samplesDir,
    },
    log: (message) => env.log(`  cluster: ${message}`),
  });
  try {
    env.log(`  cluster up in ${topology.timings.total?.toFixed(1)} s`);
    const connection = await Connection.connect({ address: topology.temporal.address });
    try {
      const client = new Client({ connection, namespace: topology.temporal.namespace });
      // The bench worker (bench workflows, no-op activities) on the cluster, on the bench's task queue.
      const worker = await startWorkerProcess({
        address: topology.temporal.address,
        namespace: topology.temporal.namespace,
        dataDir: path.join(topology.folder, 'bench-worker'),
        bundleDir: path.join(loadDirectorConfig().stateDir, 'cache'),
        settings: {},
        workerOptions: env.options.workerOptions,
      });
      let cluster: OverheadStats;
      try {
        const pids = {
          server: topology.temporal.processes().history.pid,
          worker: worker.pid,
          bench: process.pid,
        };
        cluster = (await measureOverhead({ ...env, client, worker, pids })).bare;
      } finally {
        await worker.stop();
      }
      env.log(
        `  overhead per activity: cluster ${cluster.medianMs.toFixed(1)} ms, dev server ${devServer.medianMs.toFixed(1)} ms`,
      );

      const { runs, inFlight } = env.options.quick ? { runs: 6, inFlight: 6 } : { runs: 24, inFlight: 12 };
      const taskQueue = topology.clientEnv.DIRECTOR_TASK_QUEUE ?? '';
      const rows: ClusterThroughputRow[] = [];
      for (let workers = 1; workers <= 3; workers += 1) {
        await topology.startWorker();
        const oneRun = async () =>
          client.workflow.execute<typeof ecommerceDirector>('ecommerceDirector', {
            taskQueue,
            workflowId: env.workflowId(`cluster-${workers}w`),
            args: [{ productImage: env.samples.product, style: 'studio-white', brand: 'bench' }],
          });
        await runPool(Math.min(workers, 2), workers, oneRun); // each new worker loads its caches
        const { durations, wallMs } = await runPool(runs, inFlight, oneRun);
        rows.push({
          workers,
          runs,
          inFlight,
          perSecond: runs / (wallMs / 1000),
          latencyP50Ms: median(durations),
        });
        env.log(`  E-commerce on ${workers} worker(s): ${(runs / (wallMs / 1000)).toFixed(2)}/s`);
      }
      const rate = (workers: number) => rows.find((row) => row.workers === workers)?.perSecond ?? NaN;
      const stopsAt = rows.slice(1).find((row) => row.perSecond < rate(row.workers - 1) * 1.1);
      return {
        bringUpSeconds: topology.timings.total ?? NaN,
        overhead: { cluster, devServer },
        ecommerce: {
          imageLatencyMs: IMAGE_LATENCY_MS,
          textLatencyMs: TEXT_LATENCY_MS,
          rows,
          ratio3to1: rate(3) / rate(1),
          stopsScalingAt: stopsAt?.workers,
        },
      };
    } finally {
      await connection.close();
    }
  } finally {
    await topology.stop();
  }
}
