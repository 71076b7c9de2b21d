import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RunStatusDocument } from '../../src/cli/run-status';
import type { ListedRun } from '../../src/cli/commands/list';
import type { OutcomeDocument } from '../../src/cli/run-outcome';
import { PROJECT_ROOT } from '../../src/config';
import { drawProduct } from '../helpers/drawn-images';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';
import { assertExit, jsonOf, runCli, type CliRun } from './cli-process';

const temporal = useTemporal();
const cli = (args: string[]) => runCli(args, { address: temporal().address });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `npm run director -- …` as a user would, in `cwd` (a folder inside the project). */
function npmDirector(args: string[], cwd: string): Promise<CliRun> {
  const child = spawn('npm', ['run', '--silent', 'director', '--', ...args], {
    cwd,
    env: { ...process.env, TEMPORAL_ADDRESS: temporal().address, TEMPORAL_NAMESPACE: 'default' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('director CLI on real runs', () => {
  it('runs a Director with --follow, then reports it with status and result (text and --json)', async () => {
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const brand = `cli-${randomUUID().slice(0, 8)}`;
    const run = await withWorker(temporal(), deps, (taskQueue) =>
      cli(['run', 'ecommerce', '--image', image, '--brand', brand, '--task-queue', taskQueue, '--follow']),
    );
    assertExit(run, 0);
    const workflowId = /^started (\S+)$/m.exec(run.stdout)?.[1];
    assert.ok(workflowId, run.stdout);
    assert.match(run.stdout, /composition completed/, 'the live view reports stages as they finish');
    assert.match(run.stdout, /ecommerce director: completed/);
    assert.match(run.stdout, /output files:\n.*product\.png/);

    // A closed run's stage table comes from its result: no worker needed any more.
    const status = await cli(['status', workflowId]);
    assertExit(status, 0);
    assert.match(status.stdout, /status +completed/);
    assert.match(status.stdout, /quality-check +│ completed/);
    const statusJson = jsonOf<RunStatusDocument>(await cli(['status', workflowId, '--json']));
    assert.equal(statusJson.status, 'completed');
    assert.equal(statusJson.type, 'ecommerceDirector');
    assert.equal(statusJson.brand, brand);
    assert.ok(statusJson.summary?.stages.every((stage) => stage.status === 'completed'));

    const result = await cli(['result', workflowId]);
    assertExit(result, 0);
    const printed = JSON.parse(result.stdout) as { workflowId: string; files: { path: string }[] };
    assert.equal(printed.workflowId, workflowId);
    const resultJson = await cli(['result', workflowId, '--json']);
    assertExit(resultJson, 0);
    const document = jsonOf<OutcomeDocument>(resultJson);
    assert.equal(document.status, 'completed');
    assert.ok(document.status === 'completed' && 'files' in document.result);
    assert.deepEqual(document.result, printed);

    const report = jsonOf<{ report: { contactSheet: string; html: string } }>(
      await cli(['report', workflowId, '--json']),
    );
    assert.ok(existsSync(report.report.contactSheet), report.report.contactSheet);
    assert.ok(existsSync(report.report.html), report.report.html);
    assert.match((await cli(['report', workflowId])).stdout, /report\s+\S+report\.html/);
    await deps.dispose();
  });

  it('prints only the outcome document with --json, and lists the run by brand', async () => {
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const brand = `cli-${randomUUID().slice(0, 8)}`;
    const run = await withWorker(temporal(), deps, (taskQueue) =>
      cli(['run', 'ecommerce', '--image', image, '--brand', brand, '--task-queue', taskQueue, '--json']),
    );
    assertExit(run, 0);
    const outcome = jsonOf<OutcomeDocument>(run);
    assert.equal(outcome.status, 'completed');

    // Visibility lags a run by about a second: ask until the run shows up (bounded).
    let runs: ListedRun[] = [];
    for (let attempt = 0; attempt < 30 && runs.length === 0; attempt += 1) {
      if (attempt > 0) await sleep(500);
      const listed = await cli(['list', '--brand', brand, '--json']);
      assertExit(listed, 0);
      runs = jsonOf<{ query: string; runs: ListedRun[] }>(listed).runs;
    }
    assert.equal(runs.length, 1, 'exactly the one run of this brand');
    assert.equal(runs[0]?.workflowId, outcome.workflowId);
    assert.equal(runs[0]?.director, 'ecommerce');
    assert.equal(runs[0]?.status, 'completed');
    const table = await cli(['list', '--brand', brand, '--director', 'ecommerce', '--status', 'completed']);
    assertExit(table, 0);
    assert.ok(table.stdout.includes(outcome.workflowId), table.stdout);
    const none = await cli(['list', '--brand', brand, '--director', 'creative', '--json']);
    assert.deepEqual(jsonOf<{ runs: ListedRun[] }>(none).runs, []);
    await deps.dispose();
  });

  it('records a history that replays, and catches a tampered one', async () => {
    const deps = await tempDeps();
    const image = await drawProduct('tote');
    const run = await withWorker(temporal(), deps, (taskQueue) =>
      cli(['run', 'ecommerce', '--image', image, '--task-queue', taskQueue, '--json']),
    );
    const { workflowId } = jsonOf<OutcomeDocument>(run);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-cli-history-'));
    const file = path.join(dir, 'history.json');
    const history = await cli(['history', workflowId, '--out', file]);
    assertExit(history, 0);
    assert.match(history.stdout, /wrote \d+ events/);

    const replay = await cli(['replay', file]);
    assertExit(replay, 0);
    assert.match(replay.stdout, /the current code makes the recorded decisions/);

    // As if the history came from code whose first step was another activity.
    const recorded = JSON.parse(await readFile(file, 'utf8')) as {
      events: { activityTaskScheduledEventAttributes?: { activityType: { name: string } } }[];
    };
    const first = recorded.events.find((event) => event.activityTaskScheduledEventAttributes);
    assert.ok(first?.activityTaskScheduledEventAttributes);
    first.activityTaskScheduledEventAttributes.activityType.name = 'someOtherActivity';
    const tampered = path.join(dir, 'tampered.json');
    await writeFile(tampered, JSON.stringify(recorded));
    const broken = await cli(['replay', tampered]);
    assertExit(broken, 1);
    assert.match(broken.stderr, /does NOT replay on the current code \(DeterminismViolationError\)/);
    assert.match(broken.stderr, /someOtherActivity/);
    const brokenJson = await cli(['replay', tampered, '--json']);
    assertExit(brokenJson, 1);
    assert.equal(jsonOf<{ ok: boolean }>(brokenJson).ok, false);
    await deps.dispose();
  });

  it('reads an image path typed in a subfolder from that subfolder, under npm run', async () => {
    const deps = await tempDeps();
    // npm runs the script in the project's root; the user typed the path in a folder below it.
    const folder = await mkdtemp(path.join(PROJECT_ROOT, '.director', 'typed-here-'));
    await copyFile(await drawProduct('tote'), path.join(folder, 'tote.png'));
    try {
      const run = await withWorker(temporal(), deps, (taskQueue) =>
        npmDirector(['run', 'ecommerce', '--image', 'tote.png', '--task-queue', taskQueue, '--json'], folder),
      );
      assertExit(run, 0);
      assert.equal(jsonOf<OutcomeDocument>(run).status, 'completed');
    } finally {
      await rm(folder, { recursive: true, force: true });
      await deps.dispose();
    }
  });

  it('exits 2, as for bad input, when the run refuses the image file', async () => {
    const deps = await tempDeps();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-cli-bad-image-'));
    const notAnImage = path.join(dir, 'photo.png');
    await writeFile(notAnImage, 'this is a text file, not a photo');
    const run = await withWorker(temporal(), deps, (taskQueue) =>
      cli(['run', 'ecommerce', '--image', notAnImage, '--task-queue', taskQueue, '--json']),
    );
    assertExit(run, 2);
    const outcome = jsonOf<OutcomeDocument>(run);
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed' && /Image/.test(outcome.failure.type), JSON.stringify(outcome));
    const text = await cli(['result', outcome.workflowId]);
    assertExit(text, 2);
    await rm(dir, { recursive: true, force: true });
    await deps.dispose();
  });

  it('says a workflow id is unknown with exit 4', async () => {
    const id = `ecommerce-no-such-run-${randomUUID()}`;
    for (const command of ['status', 'result', 'watch', 'cancel', 'approve', 'history']) {
      const run = await cli([command, id]);
      assertExit(run, 4);
      assert.match(run.stderr, new RegExp(`no workflow with id '${id}'`));
    }
    const json = await cli(['status', id, '--json']);
    assertExit(json, 4);
    assert.equal(jsonOf<{ error: { kind: string } }>(json).error.kind, 'not-found');
  });
});
