import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { compileBenchWorker, type CompiledWorker } from './compile-worker';
import {
  WORKER_CONFIG_ENV,
  type FromWorker,
  type WorkerAnswers,
  type WorkerConfig,
  type WorkerMemory,
  type WorkerRequest,
  type WorkerStartup,
} from './worker-protocol';
import { withWorkerMalloc } from '../../src/worker-malloc';

/** The bench's handle on its worker process. */
export interface WorkerLink {
  pid: number;
  startup: WorkerStartup;
  /** The worker's memory when it was ready, before it ran anything (after a full GC). */
  memoryAtReady: WorkerMemory;
  /** Wall time from spawning the process to its `ready` message, as the bench saw it. */
  spawnToReadyMs: number;
  /** Sends a request and resolves with the worker's answer; rejects with the worker's error. */
  request<R extends WorkerRequest>(request: R): Promise<WorkerAnswers[R['op']]>;
  /** Shuts the worker down gracefully and waits for its process to exit (killed after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

const GC_PRELOAD = path.join(__dirname, 'gc-all-threads.ts');
/**
 * Runs another build of the worker script: an A/B experiment knob. `bench/lib/worker-process.ts` runs the
 * sources through tsx (as `npm run bench` did before the worker was compiled).
 */
export const WORKER_SCRIPT_ENV = 'BENCH_WORKER_SCRIPT';

/** `BENCH_DEFAULT_MALLOC=1` runs the worker on glibc's malloc defaults: the A/B knob for src/worker-malloc.ts. */
export const DEFAULT_MALLOC_ENV = 'BENCH_DEFAULT_MALLOC';

function workerEnv(): NodeJS.ProcessEnv {
  return process.env[DEFAULT_MALLOC_ENV] === '1' ? process.env : withWorkerMalloc(process.env);
}

/** The worker script and its GC preload: compiled JavaScript unless `$BENCH_WORKER_SCRIPT` names another. */
async function workerScript(): Promise<CompiledWorker & { compiled: boolean }> {
  const chosen = process.env[WORKER_SCRIPT_ENV];
  if (!chosen) return { ...(await compileBenchWorker()), compiled: true };
  const compiled = !chosen.endsWith('.ts');
  const preload = compiled ? chosen.replace(/worker-process\.js$/, 'gc-all-threads.js') : GC_PRELOAD;
  return { script: path.resolve(chosen), preload, compiled };
}

/**
 * Starts the bench worker (`worker-process.ts` compiled, with `--expose-gc` and a preload that lets every
 * thread collect garbage on request) and waits for it to poll.
 * Throws when the process exits or fails before it is ready.
 */
export async function startWorkerProcess(config: WorkerConfig): Promise<WorkerLink> {
  const startedAt = performance.now();
  const { script, preload, compiled } = await workerScript();
  const loader = compiled ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, ['--expose-gc', ...loader, '--require', preload, script], {
    // The child's stdout goes to our stderr: the bench's stdout carries only its report (or --json).
    stdio: ['ignore', 2, 'inherit', 'ipc'],
    env: { ...workerEnv(), [WORKER_CONFIG_ENV]: JSON.stringify(config) },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const { startup, memory } = await new Promise<{ startup: WorkerStartup; memory: WorkerMemory }>(
    (resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(new Error(`bench worker exited (${signal ?? code}) before it was ready`)),
      );
      child.on('message', (message: FromWorker) => {
        if (message.type === 'ready') return resolve(message);
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) waiter?.resolve(message.value);
        else waiter?.reject(new Error(`bench worker: ${message.error}`));
      });
    },
  );
  const spawnToReadyMs = performance.now() - startedAt;
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('bench worker exited'));
    pending.clear();
  });

  const request = <R extends WorkerRequest>(message: R): Promise<WorkerAnswers[R['op']]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: (value) => resolve(value as WorkerAnswers[R['op']]), reject });
      const unset =
        message.op === 'configure'
          ? (Object.keys(message.settings) as (keyof typeof message.settings)[]).filter(
              (key) => message.settings[key] === undefined,
            )
          : undefined;
      child.send({ ...message, ...(unset ? { unset } : {}), id });
    });

  return {
    pid: child.pid ?? -1,
    startup,
    memoryAtReady: memory,
    spawnToReadyMs,
    request,
    stop: (graceMs = 15_000) => stopWorker(child, exited, () => request({ op: 'stop' }), graceMs),
  };
}

async function stopWorker(
  child: ChildProcess,
  exited: Promise<void>,
  askToStop: () => Promise<unknown>,
  graceMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>(
    (resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)),
  );
  const stopped = askToStop()
    .then(() => {
      if (child.connected) child.disconnect();
      return exited;
    })
    .catch(() => undefined);
  const outcome = await Promise.race([stopped.then(() => 'stopped' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
