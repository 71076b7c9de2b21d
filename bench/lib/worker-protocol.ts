import type { FakeCallEvent, FakeModelSettings } from '../../src/model/fake/fake-model';

/** Start-up timings the bench worker reports, in ms since its process started (`performance.now()`). */
export interface WorkerStartup {
  /** Modules loaded (the worker script's imports done). */
  modulesLoadedMs: number;
  /** Connected to the server. */
  connectedMs: number;
  /** Prebuilt workflow bundle read. */
  bundleLoadedMs: number;
  /** `createDirectorWorker` resolved. */
  createdMs: number;
  /** The worker is running: its pollers are out. */
  pollingMs: number;
}

/** What the bench asks of its worker process. */
export type WorkerRequest =
  | { op: 'configure'; settings: Partial<FakeModelSettings>; unset?: (keyof FakeModelSettings)[] }
  | { op: 'memory' }
  | { op: 'record'; on: boolean }
  | { op: 'drain' }
  | { op: 'stop' };

/** Memory of the worker process, after a full garbage collection, in bytes. */
export interface WorkerMemory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** The answer to each request op. */
export interface WorkerAnswers {
  configure: null;
  memory: WorkerMemory;
  record: null;
  drain: FakeCallEvent[];
  stop: null;
}

/**
 * A message from the bench to its worker: a request with an id to answer under. IPC drops keys whose value
 * is undefined, so a `configure` lists them in `unset` (e.g. `imagesPerMinute` to lift the limit).
 */
export type ToWorker = WorkerRequest & { id: number };

/** A message from the worker to the bench. */
export type FromWorker =
  | { type: 'ready'; startup: WorkerStartup; memory: WorkerMemory }
  | { type: 'answer'; id: number; ok: true; value: unknown }
  | { type: 'answer'; id: number; ok: false; error: string };

/** How the bench starts its worker (passed as JSON in `BENCH_WORKER_CONFIG`). */
export interface WorkerConfig {
  address: string;
  namespace: string;
  /** Folder for the worker's blobs, outputs and memo (a temp folder the bench removes). */
  dataDir: string;
  /** Folder of the prebuilt workflow bundle. */
  bundleDir: string;
  settings: Partial<FakeModelSettings>;
  /** Extra worker options for A/B experiments (`--worker-options`); empty for the standard worker. */
  workerOptions: Record<string, unknown>;
}

/** The environment variable carrying the `WorkerConfig`. */
export const WORKER_CONFIG_ENV = 'BENCH_WORKER_CONFIG';
