import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CatalogProgress, CatalogResult, LineRecord } from '../../src/shared/catalog';
import { PROJECT_ROOT } from '../../src/config';
import { catalogProgressQuery } from '../../src/shared/messages';
import { CATALOG_WORKFLOW_TYPE } from '../../src/shared/names';
import { drawProduct } from '../helpers/drawn-images';
import { useTemporal } from '../helpers/temporal';
import { chainOf } from './catalog-harness';
import { readyLine } from './fake-catalog';
import { waitFor } from './gate';

const temporal = useTemporal();

/** A catalog worker process (its own process group, so SIGKILL takes tsx and node together). */
async function startCatalogWorker(root: string, taskQueue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/catalog-flow/catalog-worker.ts'], {
    cwd: PROJECT_ROOT,
    detached: true,
    env: { ...process.env, CATALOG_TEST_ROOT: root, CATALOG_TEST_QUEUE: taskQueue },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor('the catalog worker to poll', () => {
    if (child.exitCode !== null) assert.fail(`the worker exited (${child.exitCode}):\n${output}`);
    return output.includes('catalog worker polling');
  });
  return child;
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  try {
    process.kill(-child.pid, signal);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
  return exited;
}

describe('a catalog whose worker dies', () => {
  it('finishes every line exactly once after its worker is SIGKILLed mid-catalog', async () => {
    const env = temporal();
    const root = await mkdtemp(path.join(os.tmpdir(), 'director-catalog-crash-'));
    const image = await drawProduct('tote');
    const lines = Array.from({ length: 9 }, (_, i) => readyLine(i, image));
    await writeFile(path.join(root, 'manifest.json'), JSON.stringify(lines));
    const taskQueue = `catalog-crash-${randomUUID()}`;
    const workers: ChildProcess[] = [];
    try {
      workers.push(await startCatalogWorker(root, taskQueue));
      const handle = await env.client.workflow.start(CATALOG_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `test-catalog-crash-${randomUUID()}`,
        args: [{ manifest: 'manifest.jsonl', window: 3, segmentLines: 4 }],
      });
      let atCrash: CatalogProgress | undefined;
      await waitFor('lines settled and lines in flight', async () => {
        atCrash = await handle.query(catalogProgressQuery).catch(() => undefined);
        return (atCrash?.done ?? 0) >= 2 && (atCrash?.running ?? 0) > 0;
      });
      await kill(workers[0] as ChildProcess, 'SIGKILL');
      workers.push(await startCatalogWorker(root, taskQueue));
      const result = (await handle.result()) as CatalogResult;
      const runs = await chainOf(env, handle.workflowId, handle.firstExecutionRunId);

      assert.ok((atCrash?.running ?? 0) > 0, 'killed with lines in flight');
      assert.equal(result.tallies.published, 9);
      assert.equal(result.segments, runs.length);
      const written = (await readFile(path.join(root, 'records.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as LineRecord);
      const byIndex = new Map<number, LineRecord[]>();
      for (const record of written) byIndex.set(record.index, [...(byIndex.get(record.index) ?? []), record]);
      assert.deepEqual([...byIndex.keys()].sort(), [...Array(9).keys()], 'every line recorded');
      for (const [index, records] of byIndex) {
        // A flush retried after the crash may write a batch again: the same record, never a second outcome.
        assert.ok(
          records.every((r) => JSON.stringify(r) === JSON.stringify(records[0])),
          `line ${index} settled once`,
        );
        assert.equal(records[0]?.status, 'published');
      }
      const started = runs.flatMap((run) => run.childrenStarted);
      assert.equal(new Set(started).size, 9, 'one child per line');
      assert.equal(started.length, 9, 'no line started twice');
    } finally {
      for (const worker of workers) await kill(worker, 'SIGKILL');
      await rm(root, { recursive: true, force: true });
    }
  });
});
