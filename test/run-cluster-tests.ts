/**
 * `npm run test:cluster`: brings the production topology up once (PostgreSQL, the four Temporal services
 * as separate processes, versitygw with a bucket, three `director worker` processes sharing only the
 * store; see src/cluster/topology.ts), runs `test/cluster/**\/*.test.ts` against it, and stops it. Prints
 * and records (in `.director/cluster-test-timings.json`) the wall time of the bring-up and of the tests.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config';
import { processAlive, stopOnSignals } from '../src/cluster/processes';
import { startTopology, type Topology } from '../src/cluster/topology';
import { CLUSTER_ENV, serveControl } from './cluster/control';

/** The fake model with short, fixed latencies: 30 runs in a few minutes on 2 cores. */
const WORKER_ENV = {
  DIRECTOR_MODEL: 'fake',
  DIRECTOR_FAKE_LATENCY_MS: '400',
  DIRECTOR_FAKE_TEXT_LATENCY_MS: '100',
};

async function testFiles(requested: string[]): Promise<string[]> {
  if (requested.length > 0) return requested;
  const folder = path.join(__dirname, 'cluster');
  return (await readdir(folder))
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => path.relative(process.cwd(), path.join(folder, name)));
}

/** Every process the topology runs now: the four services, versitygw, the workers, the postmaster. */
function harnessPids(topology: Topology): number[] {
  const postmaster = Number(
    readFileSync(path.join(topology.postgres.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  return [
    ...Object.values(topology.temporal.processes()).map((p) => p.pid),
    topology.s3.process.pid,
    ...topology.workers.map((w) => w.process.pid),
    postmaster,
  ].filter((pid) => Number.isInteger(pid) && pid > 0);
}

async function main(): Promise<number> {
  const log = (message: string) => console.log(`[cluster] ${message}`);
  const running: { topology?: Topology } = {};
  stopOnSignals(async () => running.topology?.stop(), log);
  const started = Date.now();
  // The folder workers accept local input paths from (the tests write their inputs there).
  const inputs = await mkdtemp(path.join(os.tmpdir(), 'director-cluster-inputs-'));
  const topology = await startTopology({
    workers: 3,
    workerEnv: { ...WORKER_ENV, DIRECTOR_INPUT_DIRS: inputs },
    keepFolder: process.env.DIRECTOR_CLUSTER_KEEP === '1',
    log,
  });
  running.topology = topology;
  const bringUp = (Date.now() - started) / 1000;
  log(`topology up in ${bringUp.toFixed(1)} s (${JSON.stringify(topology.timings)})`);
  const controlServer = await serveControl(topology);
  const testsStarted = Date.now();
  let code = 1;
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=1', ...(await testFiles(process.argv.slice(2)))],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          ...topology.clientEnv,
          [CLUSTER_ENV.control]: controlServer.url,
          [CLUSTER_ENV.bucket]: topology.s3.bucket,
          [CLUSTER_ENV.prefix]: topology.storePrefix,
          [CLUSTER_ENV.inputs]: inputs,
        },
      },
    );
    code = await new Promise<number>((resolve) =>
      child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))),
    );
  } finally {
    const tests = (Date.now() - testsStarted) / 1000;
    await controlServer.close();
    const started = harnessPids(topology);
    const stopStarted = Date.now();
    await topology.stop();
    // No orphans: every process the harness started (killed and restarted ones included) is gone.
    const survivors = started.filter(processAlive);
    if (survivors.length > 0) {
      log(`processes left running after the stop: ${survivors.join(', ')}`);
      code = 1;
    }
    await rm(inputs, { recursive: true, force: true });
    const stop = (Date.now() - stopStarted) / 1000;
    const timings = {
      when: new Date().toISOString(),
      bringUpSeconds: bringUp,
      testSeconds: tests,
      stopSeconds: stop,
      steps: topology.timings,
      exitCode: code,
    };
    log(
      `wall time: bring-up ${bringUp.toFixed(1)} s, tests ${tests.toFixed(1)} s, stop ${stop.toFixed(1)} s`,
    );
    const stateDir = path.join(PROJECT_ROOT, '.director');
    await mkdir(stateDir, { recursive: true });
    await writeFile(
      path.join(stateDir, 'cluster-test-timings.json'),
      `${JSON.stringify(timings, null, 2)}\n`,
    );
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
