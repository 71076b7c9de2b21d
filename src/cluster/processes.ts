/**
 * The harness's child processes: each started in its own process group (so its children go with it), its
 * output in a log file, stopped with SIGTERM then SIGKILL. Every group still running is killed when the
 * harness exits for any reason, and SIGINT/SIGTERM stop everything before exiting, so no process outlives
 * the harness.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process the harness started and owns. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Its stdout and stderr. */
  readonly logFile: string;
  /** Resolves when it has exited. */
  readonly exited: Promise<ProcessExit>;
  /** How it ended, once it has. */
  exit(): ProcessExit | undefined;
  /** Sends `signal` to its whole process group; no-op once it has exited. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once it has exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/** How to start one process. */
export interface StartOptions {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
}

const running = new Set<ManagedProcess>();
/** Synchronous last-resort cleanups (e.g. PostgreSQL, which `pg_ctl` runs outside our groups). */
const exitHooks = new Set<() => void>();
let handlersInstalled = false;

/** Signals a process group, ignoring a group that is already gone. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group has exited already.
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // On any exit (an uncaught error included) kill what is left; nothing async can run here.
  process.on('exit', () => {
    for (const child of running) killGroup(child.pid, 'SIGKILL');
    for (const hook of exitHooks) hook();
  });
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Registers a synchronous cleanup run when the harness process exits, for resources outside the harness's
 * process groups; returns a function that unregisters it.
 */
export function onHarnessExit(hook: () => void): () => void {
  installHandlers();
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}

/**
 * Makes SIGINT and SIGTERM run `shutdown` (stop everything in order) once, then exit with 130 / 143. A
 * signal again more than 2 s later exits at once (the exit hook still kills every group); sooner, it is
 * the same Ctrl-C arriving twice (the terminal signals the whole foreground group, and npm and tsx relay it).
 */
export function stopOnSignals(shutdown: () => Promise<void>, log: (message: string) => void): void {
  installHandlers();
  let stoppingSince: number | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      const code = signal === 'SIGINT' ? 130 : 143;
      if (stoppingSince !== undefined) {
        if (Date.now() - stoppingSince > 2_000) process.exit(code);
        return;
      }
      stoppingSince = Date.now();
      log(`${signal}: stopping the topology (again to force)`);
      shutdown().then(
        () => process.exit(code),
        (error: unknown) => {
          log(`stopping failed: ${(error as Error).message}`);
          process.exit(code);
        },
      );
    });
  }
}

/** Starts a process in its own process group with its output appended to `logFile`. */
export function startProcess(options: StartOptions): ManagedProcess {
  installHandlers();
  const fd = openSync(options.logFile, 'a');
  const child = (() => {
    try {
      return spawn(options.command, [...options.args], {
        env: options.env,
        cwd: options.cwd,
        stdio: ['ignore', fd, fd],
        // Its own process group: a stop reaches the grandchildren too, and a Ctrl-C in the terminal goes
        // to the harness only, which then stops everything in order.
        detached: true,
      });
    } finally {
      closeSync(fd);
    }
  })();
  if (child.pid === undefined) throw new Error(`could not start ${options.name} (${options.command})`);
  const pid = child.pid;
  let ended: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.on('error', () => {
      ended ??= { code: 127, signal: null };
      resolve(ended);
    });
    child.on('exit', (code, signal) => {
      ended = { code, signal };
      // The leader is gone; anything it left in its group goes too.
      killGroup(pid, 'SIGKILL');
      running.delete(handle);
      resolve(ended);
    });
  });
  const handle: ManagedProcess = {
    name: options.name,
    pid,
    logFile: options.logFile,
    exited,
    exit: () => ended,
    signal: (signal) => {
      if (!ended) killGroup(pid, signal);
    },
    stop: async (graceMs = 10_000) => {
      if (ended) return;
      killGroup(pid, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        killGroup(pid, 'SIGKILL');
        await exited;
      }
    },
  };
  running.add(handle);
  return handle;
}

/** The last `lines` lines of a log file, for error messages; empty when it cannot be read. */
export async function logTail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Throws with the log's tail when `child` has exited; for readiness loops. */
export async function failIfExited(child: ManagedProcess): Promise<void> {
  const ended = child.exit();
  if (!ended) return;
  const how = ended.signal ? `signal ${ended.signal}` : `exit ${ended.code}`;
  throw new Error(
    `${child.name} stopped (${how}); the end of ${child.logFile}:\n${await logTail(child.logFile)}`,
  );
}
