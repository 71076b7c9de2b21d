/**
 * The production topology of docker-compose.yml, on loopback and without Docker: PostgreSQL, the four
 * Temporal services, an S3-compatible store (versitygw) with a bucket, and `director worker` processes that
 * share only the store. One call brings it up (stopping whatever it started when a step fails); `stop()`
 * takes it down in reverse order and removes the temporary folder.
 */
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { TEMPORAL_SERVER, TEMPORAL_SQL_TOOL, VERSITYGW } from '../tools/go-tool-pins';
import { resolveGoTool } from '../tools/go-tools';
import { startDirectorWorker, type DirectorWorker } from './director-workers';
import { startPostgres, type Postgres } from './postgres';
import { runCommand } from './run-command';
import { startTemporalCluster, type TemporalCluster } from './temporal-cluster';
import { setUpTemporalSchemas } from './temporal-schema';
import { startVersitygw, type S3Server } from './versitygw';

/** How to bring the topology up. */
export interface TopologyOptions {
  /** How many `director worker` processes to start; default 3. */
  workers?: number;
  /** Extra environment for every worker (the model, fake latencies, input folders). */
  workerEnv?: NodeJS.ProcessEnv;
  /** Keep the temporary folder (logs, data) after `stop()`; default false. */
  keepFolder?: boolean;
  log?: (message: string) => void;
}

/** A running topology. */
export interface Topology {
  /** The temporary folder holding every process's data and log. */
  folder: string;
  postgres: Postgres;
  temporal: TemporalCluster;
  s3: S3Server;
  /** The store every worker uses: `s3://<bucket>/<prefix>`. */
  storeUri: string;
  /** The key prefix inside the bucket. */
  storePrefix: string;
  /** Workers started so far (killed ones included; see `process.exit()`). */
  workers: DirectorWorker[];
  /** What a client (the CLI, a test, a person's shell) sets to use this topology. */
  clientEnv: Readonly<Record<string, string>>;
  /** Starts one more worker, named `worker-<n>`. */
  startWorker(): Promise<DirectorWorker>;
  /** Seconds the bring-up took, per step and in total. */
  timings: Readonly<Record<string, number>>;
  /** Stops everything in reverse order; idempotent. */
  stop(): Promise<void>;
}

const BUCKET = 'linn-director';
/** The task queue of the topology's workers. */
export const CLUSTER_TASK_QUEUE = 'linn-director-cluster';
const STORE_PREFIX = 'studio';

/** Brings the whole topology up; throws (after stopping what it started) when a step fails. */
export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const { workers: workerCount = 3, workerEnv = {}, keepFolder = false, log = () => {} } = options;
  const started = Date.now();
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const from = Date.now();
    const result = await work();
    timings[step] = (Date.now() - from) / 1000;
    return result;
  };
  const folder = await mkdtemp(path.join(os.tmpdir(), 'director-cluster-'));
  // Traversable by the `postgres` user, which runs the database when the harness is root.
  await chmod(folder, 0o711);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse())
      await stop().catch((error: unknown) => log(`stop: ${(error as Error).message}`));
    if (!keepFolder) await rm(folder, { recursive: true, force: true });
    log(keepFolder ? `stopped; logs and data kept in ${folder}` : 'stopped; temporary folder removed');
  };
  try {
    const tools = await timed('tools', async () => ({
      server: (await resolveGoTool(TEMPORAL_SERVER, { log })).path,
      sqlTool: (await resolveGoTool(TEMPORAL_SQL_TOOL, { log })).path,
      gateway: (await resolveGoTool(VERSITYGW, { log })).path,
    }));
    // The compiled CLI, built once here, so the workers do not race to build it.
    await timed('build', () =>
      runCommand(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'build.js')], { what: 'build the CLI' }),
    );
    const postgres = await timed('postgres', () => startPostgres(path.join(folder, 'postgres'), log));
    stops.push(() => postgres.stop());
    await timed('schemas', () => setUpTemporalSchemas(tools.sqlTool, postgres, log));
    const temporalFolder = path.join(folder, 'temporal');
    await mkdir(temporalFolder);
    const [temporal, s3] = await timed('temporal+s3', () =>
      Promise.all([
        startTemporalCluster({ serverPath: tools.server, postgres, folder: temporalFolder, log }).then(
          (cluster) => {
            stops.push(() => cluster.stop());
            return cluster;
          },
        ),
        startVersitygw({
          gatewayPath: tools.gateway,
          folder: path.join(folder, 's3'),
          bucket: BUCKET,
          log,
        }).then((server) => {
          stops.push(() => server.stop());
          return server;
        }),
      ]),
    );
    const storeUri = `s3://${BUCKET}/${STORE_PREFIX}`;
    const clientEnv: Record<string, string> = {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      // Named explicitly, so clients, workers and tests agree whatever the default becomes, and the bench's
      // own worker (on the default queue) never receives a Director's tasks.
      DIRECTOR_TASK_QUEUE: CLUSTER_TASK_QUEUE,
      DIRECTOR_STORE: storeUri,
      DIRECTOR_S3_ENDPOINT: s3.endpoint,
      DIRECTOR_S3_REGION: s3.region,
      DIRECTOR_S3_FORCE_PATH_STYLE: 'true',
      // The store's credentials reach workers and the CLI through the AWS SDK's standard variables only.
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    const workersFolder = path.join(folder, 'workers');
    const workers: DirectorWorker[] = [];
    let workerNumber = 0;
    const baseEnv = withoutDirectorSettings(process.env);
    const startWorker = async (): Promise<DirectorWorker> => {
      workerNumber += 1;
      const name = `worker-${workerNumber}`;
      const first = workers[0];
      // A deployed worker ships its workflow bundle in its image; here the later workers take the first
      // one's build (the same sources) instead of each running webpack on a 2-core machine.
      if (first) await seedBundleCache(first.stateDir, path.join(workersFolder, name));
      const worker = await startDirectorWorker({
        name,
        folder: workersFolder,
        env: { ...baseEnv, ...workerEnv, ...clientEnv },
      });
      workers.push(worker);
      stops.push(() => worker.process.stop());
      log(`${name} polling (pid ${worker.process.pid}, state ${worker.stateDir})`);
      return worker;
    };
    await timed('workers', async () => {
      if (workerCount > 0) await startWorker();
      await Promise.all(Array.from({ length: workerCount - 1 }, () => startWorker()));
    });
    timings.total = (Date.now() - started) / 1000;
    return {
      folder,
      postgres,
      temporal,
      s3,
      storeUri,
      storePrefix: `${STORE_PREFIX}/`,
      workers,
      clientEnv,
      startWorker,
      timings,
      stop: stopAll,
    };
  } catch (error: unknown) {
    await stopAll();
    throw error;
  }
}

/** The parent's environment without project settings that would point a worker at another folder or queue. */
function withoutDirectorSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith('DIRECTOR_') && !name.startsWith('TEMPORAL_')),
  );
}

/** Copies the workflow-bundle cache of one worker's state folder into another's. */
async function seedBundleCache(fromStateDir: string, toStateDir: string): Promise<void> {
  const from = path.join(fromStateDir, 'cache');
  const to = path.join(toStateDir, 'cache');
  await mkdir(to, { recursive: true });
  const files = await readdir(from).catch(() => []);
  for (const file of files.filter((name) => name.startsWith('workflow-bundle-'))) {
    await copyFile(path.join(from, file), path.join(to, file));
  }
}
