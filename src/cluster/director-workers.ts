/**
 * `director worker` processes for the harness, one per simulated machine: each with its own state folder
 * (blobs, memo, output, workflow-bundle cache), so the only thing they share is the object store and the
 * Temporal frontend. Any one can be SIGKILLed and others started, as machines fail and are replaced.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../config';
import { failIfExited, logTail, startProcess, type ManagedProcess } from './processes';
import { withWorkerMalloc } from '../worker-malloc';

/** A running worker and its private folder. */
export interface DirectorWorker {
  /** `worker-1`, `worker-2`, … */
  name: string;
  stateDir: string;
  process: ManagedProcess;
}

/** The line `director worker` logs once it polls (src/worker.ts). */
const POLLING = /worker polling task queue/;

/**
 * Starts `node bin/director.js worker` as `name` with its state under `folder/name`, and waits until it
 * polls. `env` carries the Temporal address, the store settings and credentials, the model.
 */
export async function startDirectorWorker(options: {
  name: string;
  folder: string;
  env: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}): Promise<DirectorWorker> {
  const { name, folder, env, readyTimeoutMs = 180_000 } = options;
  const stateDir = path.join(folder, name);
  await mkdir(stateDir, { recursive: true });
  const child = startProcess({
    name,
    command: process.execPath,
    args: [path.join(PROJECT_ROOT, 'bin', 'director.js'), 'worker'],
    cwd: PROJECT_ROOT,
    env: {
      ...withWorkerMalloc(env),
      DIRECTOR_STATE_DIR: stateDir,
      DIRECTOR_DATA_DIR: path.join(stateDir, 'blobs'),
      DIRECTOR_OUTPUT_DIR: path.join(stateDir, 'output'),
    },
    logFile: path.join(folder, `${name}.log`),
  });
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    try {
      await failIfExited(child);
    } catch (error: unknown) {
      throw new Error(`director ${(error as Error).message}`);
    }
    if (POLLING.test(await logTail(child.logFile, 40))) return { name, stateDir, process: child };
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(
        `${name} did not start polling within ${readyTimeoutMs / 1000} s; see ${child.logFile}`,
      );
    }
    await sleep(250);
  }
}
