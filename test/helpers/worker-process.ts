import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/config';
import { withWorkerMalloc } from '../../src/worker-malloc';

/** A running `director worker` process: its pid, the task queue it said it polls, and a way to stop it. */
export interface WorkerProcess {
  pid: number;
  taskQueue: string;
  /** stdout and stderr so far. */
  log(): string;
  /** SIGTERM to its process group (SIGKILL after 10 s); resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL to its process group at once (a crash: nothing flushed); resolves once it has exited. */
  kill(): Promise<void>;
}

/**
 * Starts `director worker` (a real process, its own process group) with `env` over this process's
 * environment, and waits until it polls. Fails the test, showing its output, if it exits first.
 */
export async function startWorkerProcess(env: Record<string, string | undefined>): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/client.ts', 'worker'], {
    cwd: PROJECT_ROOT,
    detached: true, // its own process group: stop() takes tsx's loader and node together
    env: { ...withWorkerMalloc(process.env), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, name);
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  const stop = async () => {
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const kill = async () => {
    signal('SIGKILL');
    await exited;
  };
  for (let i = 0; i < 1200 && !/worker polling task queue/.test(output); i += 1) {
    if (child.exitCode !== null) assert.fail(`the worker exited (${child.exitCode}):\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const taskQueue = /worker polling task queue '([^']+)'/.exec(output)?.[1];
  if (!taskQueue || child.pid === undefined) {
    await stop();
    assert.fail(`the worker never started polling:\n${output}`);
  }
  return { pid: child.pid, taskQueue, log: () => output, stop, kill };
}
