/**
 * A catalog's world for end-to-end tests: real `director worker` processes (killable, their own process
 * groups) over one local store in a temp folder, a task queue of the test's own, manifests written to disk,
 * and ways to look at what the catalog left behind.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { CatalogInput, CatalogProgress } from '../../src/shared/catalog';
import { catalogProgressQuery } from '../../src/shared/messages';
import { CATALOG_WORKFLOW_TYPE } from '../../src/shared/names';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

/** One test's catalog world. */
export interface CatalogWorld {
  root: string;
  dataDir: string;
  outputDir: string;
  taskQueue: string;
  /** Starts a worker process with the world's settings and `env` over them; waits until it polls. */
  startWorker(env?: Record<string, string>): Promise<WorkerProcess>;
  /** Writes a manifest file into the world; returns its file:// URI. */
  writeManifest(name: string, text: string): Promise<string>;
  /** Starts a catalog on the world's queue. */
  startCatalog(input: CatalogInput, id?: string): Promise<WorkflowHandle>;
  /** Files under a folder of the world (relative paths), recursively; [] when it does not exist. */
  files(folder: string): Promise<string[]>;
  dispose(): Promise<void>;
}

/** Makes a world; `dispose` stops every worker it started and removes the folder. */
export async function catalogWorld(client: Client, address: string): Promise<CatalogWorld> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'director-catalog-'));
  const dataDir = path.join(root, 'data');
  const outputDir = path.join(root, 'output');
  const taskQueue = `catalog-${randomUUID()}`;
  const workers: WorkerProcess[] = [];
  return {
    root,
    dataDir,
    outputDir,
    taskQueue,
    async startWorker(env = {}) {
      const worker = await startWorkerProcess({
        TEMPORAL_ADDRESS: address,
        DIRECTOR_TASK_QUEUE: taskQueue,
        DIRECTOR_DATA_DIR: dataDir,
        DIRECTOR_OUTPUT_DIR: outputDir,
        DIRECTOR_MODEL: 'local',
        ...env,
      });
      workers.push(worker);
      return worker;
    },
    async writeManifest(name, text) {
      const file = path.join(root, name);
      await writeFile(file, text);
      return pathToFileURL(file).href;
    },
    startCatalog(input, id = `catalog-${randomUUID()}`) {
      return client.workflow.start(CATALOG_WORKFLOW_TYPE, { taskQueue, workflowId: id, args: [input] });
    },
    files: (folder) => listFiles(path.join(root, folder)),
    async dispose() {
      for (const worker of workers) await worker.kill();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The catalog's progress, or undefined while it cannot answer (between runs, or no worker). */
export async function progressOf(handle: WorkflowHandle): Promise<CatalogProgress | undefined> {
  return handle.query(catalogProgressQuery).catch(() => undefined);
}

/** Waits until `check` holds for the catalog's progress (polling every 250 ms, up to `seconds`). */
export async function untilProgress(
  handle: WorkflowHandle,
  check: (progress: CatalogProgress) => boolean,
  what: string,
  seconds = 300,
): Promise<CatalogProgress> {
  for (let i = 0; i < seconds * 4; i += 1) {
    const progress = await progressOf(handle);
    if (progress && check(progress)) return progress;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`the catalog never got to: ${what}`);
}

/** The rows of a catalog's `results.jsonl` (a path or a file:// URI). */
export async function readResultsJsonl(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(file.startsWith('file:') ? new URL(file) : file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function listFiles(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
      .sort();
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** One run of a catalog's continue-as-new chain. */
export interface SegmentRun {
  runId: string;
  events: number;
  /** How many activities of this type the run scheduled. */
  activities(type: string): number;
}

/** Every run of a catalog's chain, oldest first, followed back from the latest through each start event. */
export async function segmentRuns(client: Client, workflowId: string): Promise<SegmentRun[]> {
  const runs: SegmentRun[] = [];
  let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const events: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
    const types: string[] = events.flatMap(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
    );
    runs.unshift({
      runId,
      events: events.length,
      activities: (type) => types.filter((name) => name === type).length,
    });
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}
