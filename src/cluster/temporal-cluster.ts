/**
 * The real multi-service Temporal server (`go.temporal.io/server/cmd/server`) on loopback: frontend,
 * history, matching and worker as four separate processes reading one rendered configuration, persistence
 * and SQL visibility on the harness's PostgreSQL. Waits until the frontend serves the `default` namespace
 * (registering it) and the project's search attributes are visible; a single service can be killed and
 * started again, as a crash and a restart would.
 */
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { SEARCH_ATTRIBUTES } from '../shared/names';
import { ensureSearchAttributes } from '../temporal/dev-server-ready';
import { REQUIRED_DYNAMIC_CONFIG, TUNED_DYNAMIC_CONFIG } from '../temporal/dev-server';
import { isPortFree, LOOPBACK } from '../temporal/ports';
import type { Postgres } from './postgres';
import { failIfExited, startProcess, type ManagedProcess } from './processes';

/** The four services of a Temporal cluster, each its own process here. */
export const TEMPORAL_SERVICES = ['history', 'matching', 'worker', 'frontend'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

/** A running cluster. */
export interface TemporalCluster {
  /** The frontend's gRPC address, for clients and workers. */
  address: string;
  namespace: string;
  /** The frontend's HTTP API. */
  httpAddress: string;
  configFile: string;
  /** The running process of each service. */
  processes(): Readonly<Record<TemporalService, ManagedProcess>>;
  /** Starts `service` again after it stopped (e.g. after a SIGKILL), with the same ports and log file. */
  restart(service: TemporalService): Promise<ManagedProcess>;
  /** Stops every service (frontend first, so clients see it go before the rest). */
  stop(): Promise<void>;
}

const NAMESPACE = 'default';
/** Retention of closed runs: the harness's cluster lives for one session. */
const RETENTION_SECONDS = 24 * 3600;

/**
 * Dynamic config for a small cluster: the dev server's tuned queue readers (the same keys work on a
 * self-hosted cluster), so the bench compares the topology, not a setting, and the priority matcher the
 * Directors depend on (`REQUIRED_DYNAMIC_CONFIG`). Workflow updates, which the
 * Directors' approval gate uses, are on by default in v1.32 (`frontend.enableUpdateWorkflowExecution`).
 */
function dynamicConfigYaml(): string {
  return Object.entries({ ...TUNED_DYNAMIC_CONFIG, ...REQUIRED_DYNAMIC_CONFIG })
    .map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n`)
    .join('');
}

/** Replaces each `${NAME}` in `template`; throws naming a placeholder without a value. */
export function renderTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`the Temporal config template uses \${${name}}, which has no value`);
    return String(value);
  });
}

/** Starts the four services with their logs in `folder`, and waits until they serve the namespace. */
export async function startTemporalCluster(options: {
  serverPath: string;
  postgres: Postgres;
  folder: string;
  log: (message: string) => void;
  readyTimeoutMs?: number;
}): Promise<TemporalCluster> {
  const { serverPath, postgres, folder, log, readyTimeoutMs = 120_000 } = options;
  const ports: number[] = [];
  const port = async () => {
    const chosen = await freePortForMembership(ports);
    ports.push(chosen);
    return chosen;
  };
  const values = {
    POSTGRES_ADDRESS: `${postgres.host}:${postgres.port}`,
    POSTGRES_USER: postgres.user,
    FRONTEND_PORT: await port(),
    FRONTEND_MEMBERSHIP_PORT: await port(),
    FRONTEND_HTTP_PORT: await port(),
    HISTORY_PORT: await port(),
    HISTORY_MEMBERSHIP_PORT: await port(),
    MATCHING_PORT: await port(),
    MATCHING_MEMBERSHIP_PORT: await port(),
    WORKER_PORT: await port(),
    WORKER_MEMBERSHIP_PORT: await port(),
    DYNAMIC_CONFIG_FILE: path.join(folder, 'dynamic-config.yaml'),
  };
  await writeFile(values.DYNAMIC_CONFIG_FILE, dynamicConfigYaml());
  const template = await readFile(path.join(__dirname, 'temporal-config.template.yaml'), 'utf8');
  const configFile = path.join(folder, 'temporal.yaml');
  await writeFile(configFile, renderTemplate(template, values));

  const startService = (service: TemporalService) =>
    startProcess({
      name: `temporal ${service}`,
      command: serverPath,
      args: ['--config-file', configFile, '--allow-no-auth', 'start', '--service', service],
      env: process.env,
      logFile: path.join(folder, `temporal-${service}.log`),
    });
  const running = {} as Record<TemporalService, ManagedProcess>;
  // On a fresh database every service writes the cluster's metadata record at start-up; started together
  // they race on it and one exits ("failed to initialize current cluster metadata"). History goes first,
  // and the others once it listens (past that write).
  running.history = startService('history');
  try {
    await untilListening(values.HISTORY_PORT, running.history, Date.now() + readyTimeoutMs);
  } catch (error: unknown) {
    await running.history.stop();
    throw error;
  }
  for (const service of TEMPORAL_SERVICES.filter((s) => s !== 'history'))
    running[service] = startService(service);
  const address = `${LOOPBACK}:${values.FRONTEND_PORT}`;
  const cluster: TemporalCluster = {
    address,
    namespace: NAMESPACE,
    httpAddress: `${LOOPBACK}:${values.FRONTEND_HTTP_PORT}`,
    configFile,
    processes: () => ({ ...running }),
    restart: async (service) => {
      await running[service].stop();
      running[service] = startService(service);
      log(`temporal ${service} started again (pid ${running[service].pid})`);
      return running[service];
    },
    stop: async () => {
      for (const service of [...TEMPORAL_SERVICES].reverse()) await running[service].stop();
    },
  };
  try {
    const deadline = Date.now() + readyTimeoutMs;
    const checkAlive = async () => {
      for (const service of TEMPORAL_SERVICES) await failIfExited(running[service]);
    };
    const connection = await untilReady('the frontend to answer', deadline, checkAlive, async () => {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      try {
        await connection.withDeadline(Date.now() + 3_000, () => connection.workflowService.getSystemInfo({}));
        return connection;
      } catch (error: unknown) {
        await connection.close();
        throw error;
      }
    });
    try {
      await untilReady(`namespace ${NAMESPACE}`, deadline, checkAlive, () =>
        registerNamespace(connection, log),
      );
      await untilReady('the search attributes', deadline, checkAlive, async () => {
        await ensureSearchAttributes(connection, NAMESPACE, log);
        await searchAttributesVisible(connection);
      });
    } finally {
      await connection.close();
    }
    // Services other than the frontend read the namespace (and its search attribute names) from their
    // namespace cache, refreshed every 2 s (`system.namespaceCacheRefreshInterval`): wait out one refresh.
    await sleep(2_500);
    log(
      `Temporal cluster: frontend ${address}, ${TEMPORAL_SERVICES.map((s) => `${s} pid ${running[s].pid}`).join(', ')}`,
    );
    return cluster;
  } catch (error: unknown) {
    await cluster.stop();
    throw error;
  }
}

/**
 * A free loopback port below 32768. The SQL cluster-membership table stores ports as `smallint`, so a
 * service on an ephemeral port (the OS hands out 32768+) dies with "out of range for type smallint".
 */
async function freePortForMembership(exclude: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!exclude.includes(port) && (await isPortFree(port))) return port;
  }
  throw new Error(`no free TCP port between 20000 and 32000 on ${LOOPBACK}`);
}

/** Registers the namespace; an existing one is fine. */
async function registerNamespace(connection: Connection, log: (message: string) => void): Promise<void> {
  try {
    await connection.workflowService.describeNamespace({ namespace: NAMESPACE });
    return;
  } catch {
    // Not there yet (or the server is still starting): register it below.
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace: NAMESPACE,
      workflowExecutionRetentionPeriod: msToTs(RETENTION_SECONDS * 1000),
    });
    log(`registered namespace ${NAMESPACE}`);
  } catch (error: unknown) {
    if (!/already exists/i.test((error as Error).message)) throw error;
  }
  await connection.workflowService.describeNamespace({ namespace: NAMESPACE });
}

/** Throws unless every project search attribute is listed for the namespace. */
async function searchAttributesVisible(connection: Connection): Promise<void> {
  const listed = await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE });
  const missing = Object.values(SEARCH_ATTRIBUTES)
    .map(({ name }) => name)
    .filter((name) => listed.customAttributes?.[name] === undefined);
  if (missing.length > 0) throw new Error(`search attributes not visible yet: ${missing.join(', ')}`);
}

/** Waits until something accepts TCP connections on the loopback `port`, while `child` runs. */
async function untilListening(port: number, child: ManagedProcess, deadline: number): Promise<void> {
  for (;;) {
    await failIfExited(child);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: LOOPBACK, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() >= deadline) throw new Error(`${child.name} did not listen on ${LOOPBACK}:${port}`);
    await sleep(200);
  }
}

/** Retries `attempt` every 500 ms until it succeeds, a process dies, or the deadline passes. */
async function untilReady<T>(
  what: string,
  deadline: number,
  checkAlive: () => Promise<void>,
  attempt: () => Promise<T>,
): Promise<T> {
  let lastError = 'no attempt made';
  for (;;) {
    await checkAlive();
    try {
      return await attempt();
    } catch (error: unknown) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}: ${lastError}`);
    await sleep(500);
  }
}
