/**
 * PostgreSQL from the distribution's packages, for the harness: `initdb` into a temporary folder and
 * `pg_ctl start` on a free loopback port (its unix socket inside that folder too), stopped and removed at
 * the end. Trust authentication on loopback only: the database lives as long as the harness, holds test data
 * and is reachable from this machine alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findOnPath } from '../temporal/binary-probe';
import { findFreePort, LOOPBACK } from '../temporal/ports';
import { onHarnessExit, processAlive } from './processes';
import { runCommand } from './run-command';

/** A running PostgreSQL. */
export interface Postgres {
  host: string;
  port: number;
  /** The superuser role the harness connects as (no password: trust on loopback). */
  user: string;
  dataDir: string;
  logFile: string;
  /** `pg_ctl stop -m fast`; idempotent. */
  stop(): Promise<void>;
}

/** The role Temporal connects as; initdb makes it the superuser. */
const SUPERUSER = 'temporal';

/**
 * The folder holding `initdb`, `pg_ctl` and `postgres`: PATH first, else Debian's versioned
 * `/usr/lib/postgresql/<major>/bin` (the packages do not put the server programs on PATH), newest first.
 * Throws naming what to install when there is none.
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string {
  const onPath = findOnPath('initdb', env);
  if (onPath && findOnPath('pg_ctl', env)) return path.dirname(onPath);
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const major of majors) {
    const bin = path.join(root, major, 'bin');
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  throw new Error(
    'PostgreSQL is not installed: no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin. ' +
      'Install it with `apt-get install postgresql` (Debian/Ubuntu; any version 12+), or put its bin folder on PATH.',
  );
}

/**
 * initdb and postgres refuse to run as root. When the harness is root (CI containers), they run as the
 * `postgres` user that Debian's package creates, through `runuser`, and the folder is handed to that user.
 */
function asDatabaseUser(): { wrap: (command: string, args: string[]) => [string, string[]]; owner?: string } {
  if (process.getuid?.() !== 0) return { wrap: (command, args) => [command, args] };
  const runuser = findOnPath('runuser', process.env) ?? '/usr/sbin/runuser';
  return {
    wrap: (command, args) => [runuser, ['-u', 'postgres', '--', command, ...args]],
    owner: 'postgres',
  };
}

/** The uid and gid of `user` from /etc/passwd; throws naming the user when it does not exist. */
function userIds(user: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${user}:`));
  const fields = line?.split(':');
  if (!fields || fields.length < 4) {
    throw new Error(
      `running as root needs the '${user}' user to run PostgreSQL (apt-get install postgresql creates it)`,
    );
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Initialises and starts a PostgreSQL cluster in `folder` (created; its parent must be traversable). */
export async function startPostgres(folder: string, log: (message: string) => void): Promise<Postgres> {
  const bin = findPostgresBin();
  const { wrap, owner } = asDatabaseUser();
  await mkdir(folder, { recursive: true });
  if (owner) {
    const { uid, gid } = userIds(owner);
    await chown(folder, uid, gid);
    log(`running PostgreSQL as the '${owner}' user (it refuses to run as root)`);
  }
  const dataDir = path.join(folder, 'data');
  const logFile = path.join(folder, 'postgres.log');
  const run = (program: string, args: string[], what: string) => {
    const [command, full] = wrap(path.join(bin, program), args);
    return runCommand(command, full, { what, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  };
  await run(
    'initdb',
    ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-sync', '--no-instructions'],
    'initdb',
  );
  const port = await findFreePort();
  // A throwaway test database: durability settings off make schema setup and Temporal's writes fast; the
  // four services hold up to ~30 connections each (default store and visibility pools).
  const serverOptions = [
    `-h ${LOOPBACK}`,
    `-p ${port}`,
    `-k ${folder}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ].join(' ');
  let stopped = false;
  // pg_ctl puts the server in its own session, outside the harness's process groups: stop it on exit.
  const unhook = onHarnessExit(() => {
    if (!stopped) killPostmaster(dataDir);
  });
  await run(
    'pg_ctl',
    ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start'],
    'pg_ctl start',
  );
  const postmaster = postmasterPid(dataDir);
  log(`PostgreSQL (${bin}) on ${LOOPBACK}:${port}, data in ${dataDir}`);
  return {
    host: LOOPBACK,
    port,
    user: SUPERUSER,
    dataDir,
    logFile,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'], 'pg_ctl stop').catch(() =>
        killPostmaster(dataDir),
      );
      // pg_ctl returns once the pid file is gone, a moment before the postmaster has exited: wait for it.
      if (postmaster !== undefined) await untilGone(postmaster);
      unhook();
    },
  };
}

/** The postmaster's process id from `postmaster.pid`, or undefined when it is not running. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** SIGQUIT (immediate shutdown) to the postmaster named in `postmaster.pid`; it takes its backends along. */
function killPostmaster(dataDir: string): void {
  const pid = postmasterPid(dataDir);
  try {
    if (pid !== undefined) process.kill(pid, 'SIGQUIT');
  } catch {
    // No such process: it is not running.
  }
}

/** Waits until process `pid` has exited; SIGKILL after 10 s. */
async function untilGone(pid: number): Promise<void> {
  for (let i = 0; i < 100 && processAlive(pid); i += 1) await sleep(100);
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
}
