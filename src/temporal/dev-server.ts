/**
 * Running the Temporal CLI's dev server (SQLite state file, Web UI) as a child process: free ports, a log
 * file, a readiness wait long enough for a slow machine, the project's search attributes, the tuned
 * dynamic config and SQLite settings, and a clean stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SEARCH_ATTRIBUTES } from '../shared/names';
import { connectWhenReady, ensureSearchAttributes } from './dev-server-ready';
import { choosePort, LOOPBACK } from './ports';

/** A running dev server. */
export interface DevServer {
  /** gRPC address for clients and workers, `127.0.0.1:<port>`. */
  address: string;
  /** Web UI, `http://127.0.0.1:<uiPort>`. */
  uiUrl: string;
  namespace: string;
  pid: number;
  /** The server's stdout and stderr. */
  logFile: string;
  /** Stops the server (SIGTERM, SIGKILL after 10 s); idempotent, resolves once the process is gone. */
  stop(): Promise<void>;
}

/** How to start the dev server. */
export interface DevServerOptions {
  /** The Temporal CLI executable (see `resolveTemporalCli`). */
  cliPath: string;
  /** Folder for `temporal.sqlite` and `temporal-server.log`; created if missing. */
  stateDir: string;
  /** gRPC port; default 7233, or a free port when 7233 is busy. */
  port?: number;
  /** Web UI port; default gRPC port + 1000, or a free port when that is busy. */
  uiPort?: number;
  namespace?: string;
  log?: (message: string) => void;
  /** How long to wait for the server to serve the namespace; default 60 s. */
  readyTimeoutMs?: number;
  /**
   * Dynamic config values (`--dynamic-config-value KEY=VALUE`, the value as JSON); default
   * `TUNED_DYNAMIC_CONFIG` and `REQUIRED_DYNAMIC_CONFIG`. `{}` runs the server on Temporal's defaults (the
   * bench's comparison).
   */
  dynamicConfig?: Readonly<Record<string, number | string | boolean>>;
  /**
   * SQLite pragmas of the server's database file (`--sqlite-pragma NAME=VALUE`); default
   * `TUNED_SQLITE_PRAGMAS`. `{}` keeps SQLite's defaults (the bench's untuned comparison).
   */
  sqlitePragmas?: Readonly<Record<string, string>>;
  /** A codec server the Web UI decodes payloads through (`--ui-codec-endpoint`, see `director codec-server`). */
  uiCodecEndpoint?: string;
}

/**
 * The dev server's history-service queue readers, raised from Temporal's 20 loads per second. At 20, a
 * task written just after a load waits for the next one: up to 50 ms for every workflow task, queued
 * activity and timer (BENCHMARKS.md: overhead per activity 49.8 → 13.6 ms). The readers only load when
 * tasks are written, so an idle server costs the same. A self-hosted cluster takes the same keys.
 */
export const TUNED_DYNAMIC_CONFIG: Readonly<Record<string, number>> = {
  /** Workflow tasks and activities sent through the task queue. */
  'history.transferProcessorMaxPollRPS': 1000,
  /** Timers: retry backoff, approval timeouts, sleeps. */
  'history.timerProcessorMaxPollRPS': 1000,
};

/**
 * The dev server's database in write-ahead-log mode. Temporal opens its SQLite file on one connection in
 * SQLite's default rollback-journal mode, where each commit writes and flushes a journal, then the
 * database, then deletes the journal: several fsyncs per transaction, one transaction after another, and
 * every activity start, heartbeat and completion and every workflow task is one. With the log, a commit is
 * appended to it and flushed once; `synchronous=full` keeps each commit on disk when it returns, so a
 * crash (of the server or of the machine) loses no more than before. Measured with bench figure 3's
 * fan-out (64 images at once, 2 s each, A/B in one session on a loaded machine): server CPU per item 11–13
 * → 7–9 ms, and the 64 completions, recorded over 1.7–1.8 s, took 0.2–0.3 s with the window's starts eager
 * too (BENCHMARKS.md). The log's `-wal` and `-shm` files live beside `temporal.sqlite`.
 */
export const TUNED_SQLITE_PRAGMAS: Readonly<Record<string, string>> = {
  journal_mode: 'wal',
  synchronous: 'full',
};

/**
 * Dynamic config the Directors depend on, given to every server the project starts (the dev server, the
 * harness's cluster) unless asked for Temporal's bare defaults (go.temporal.io/server v1.32.2, common/dynamicconfig and
 * service/matching/ratelimit_manager.go):
 * - the priority-aware task matcher, which dispatches a backlog by `priorityKey`, so people's runs go ahead
 *   of catalog lines (src/shared/priority.ts); Temporal's default since v1.31, stated so that an older
 *   server or an operator's override cannot turn it off unnoticed;
 * - one partition per task queue: Temporal splits a queue's rate limit evenly across its read partitions
 *   (4 by default) and a partition whose backlog runs out leaves its share unused, so 64 images at
 *   120/min used 0.82 of the quota with 4 partitions and all of it with one (bench figure 12); one
 *   partition also keeps priority order across the whole queue. One machine's server gains nothing from
 *   more. (A large cluster can keep its partitions and give one only to the model queues, by task queue
 *   name, in its dynamic config file.)
 */
export const REQUIRED_DYNAMIC_CONFIG: Readonly<Record<string, boolean | number>> = {
  'matching.useNewMatcher': true,
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
};

const STOP_GRACE_MS = 10_000;

/**
 * Starts `temporal server start-dev` with state in `stateDir`, waits until it serves the namespace and has
 * the project's search attributes, and returns a handle. Throws (with the server log's tail) when a given
 * port is busy, the server exits early, or it is not ready within the timeout; the process is then stopped.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { cliPath, stateDir, namespace = 'default', log = () => {}, readyTimeoutMs = 60_000 } = options;
  const { dynamicConfig = { ...TUNED_DYNAMIC_CONFIG, ...REQUIRED_DYNAMIC_CONFIG } } = options;
  const { sqlitePragmas = TUNED_SQLITE_PRAGMAS } = options;
  const port = await choosePort('gRPC', options.port, 7233, [], log);
  const uiPort = await choosePort('Web UI', options.uiPort, port <= 64535 ? port + 1000 : 8233, [port], log);
  mkdirSync(stateDir, { recursive: true });
  const logFile = path.join(stateDir, 'temporal-server.log');
  const args = [
    ...['server', 'start-dev', '--db-filename', path.join(stateDir, 'temporal.sqlite')],
    ...['--ip', LOOPBACK, '--port', String(port), '--ui-port', String(uiPort)],
    ...['--namespace', namespace, '--log-level', 'warn'],
    ...Object.values(SEARCH_ATTRIBUTES).flatMap(({ name, type }) => [
      '--search-attribute',
      `${name}=${type}`,
    ]),
    ...Object.entries(dynamicConfig).flatMap(([key, value]) => [
      '--dynamic-config-value',
      `${key}=${JSON.stringify(value)}`,
    ]),
    ...Object.entries(sqlitePragmas).flatMap(([name, value]) => ['--sqlite-pragma', `${name}=${value}`]),
    ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
  ];
  const child = spawnLogged(cliPath, args, logFile);
  const address = `${LOOPBACK}:${port}`;
  const uiUrl = `http://${LOOPBACK}:${uiPort}`;
  log(`starting Temporal dev server at ${address} (Web UI ${uiUrl}), log ${logFile}`);

  let exitReason: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitReason = `exited with ${signal ?? `code ${code}`}`;
      resolve();
    });
    child.once('error', (error) => {
      exitReason = `could not be started: ${error.message}`;
      resolve();
    });
  });
  const killOnParentExit = () => child.kill('SIGTERM');
  process.once('exit', killOnParentExit);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', killOnParentExit);
      await stopChild(child, exited);
    })());

  try {
    const gaveUp = () => exitReason && `Temporal dev server ${exitReason} during start-up`;
    const connection = await connectWhenReady({ address, namespace, timeoutMs: readyTimeoutMs, gaveUp });
    try {
      await ensureSearchAttributes(connection, namespace, log);
    } finally {
      await connection.close();
    }
  } catch (error: unknown) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- last lines of ${logFile} ---\n${await logTail(logFile)}`, {
      cause: error,
    });
  }
  if (child.pid === undefined) throw new Error(`${cliPath} started without a process id`);
  log(`Temporal dev server ready (pid ${child.pid})`);
  return { address, uiUrl, namespace, pid: child.pid, logFile, stop };
}

/**
 * The Web UI page of one workflow run's history (pure): `<ui>/namespaces/<ns>/workflows/<wid>/<runId>/history`.
 */
export function uiRunUrl(uiUrl: string, namespace: string, workflowId: string, runId: string): string {
  const [ns, wid, rid] = [namespace, workflowId, runId].map(encodeURIComponent);
  return `${uiUrl.replace(/\/+$/, '')}/namespaces/${ns}/workflows/${wid}/${rid}/history`;
}

function spawnLogged(file: string, args: string[], logFile: string): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    writeSync(fd, `\n--- ${new Date().toISOString()} ${file} ${args.join(' ')}\n`);
    // The child writes straight into the file, so its log survives this process.
    return spawn(file, args, { stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const graceful = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), STOP_GRACE_MS))),
  ]);
  clearTimeout(timer);
  if (!graceful) {
    child.kill('SIGKILL');
    await exited;
  }
}

async function logTail(logFile: string, lines = 30): Promise<string> {
  try {
    return (await readFile(logFile, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error: unknown) {
    return `(cannot read the log: ${error instanceof Error ? error.message : String(error)})`;
  }
}
