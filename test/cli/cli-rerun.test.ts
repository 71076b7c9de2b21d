import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { OutcomeDocument } from '../../src/cli/run-outcome';
import type { CreativeResult } from '../../src/shared/creative-input';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { StageCache } from '../../src/storage/stage-cache';
import { creativeInput } from '../helpers/creative-input';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';
import { assertExit, jsonOf, runCli } from './cli-process';

const temporal = useTemporal();
const cli = (args: string[]) => runCli(args, { address: temporal().address });

/** The creative result a `--json` run or rerun printed. */
function creativeOf(document: OutcomeDocument): CreativeResult {
  assert.equal(document.status, 'completed', JSON.stringify(document).slice(0, 400));
  assert.ok(document.status === 'completed');
  return document.result as CreativeResult;
}

const reusedStages = (result: CreativeResult) =>
  result.summary.stages.filter((s) => s.reused).map((s) => s.name);

describe('director rerun', () => {
  it('starts a run again with one field changed, reusing what did not change, and names the run it came from', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'cli-rerun-'));
    const deps = await tempDeps();
    const stageCache = new StageCache(new LocalObjectStore(path.join(root, 'store')));
    const inputFile = path.join(root, 'input.json');
    await writeFile(inputFile, JSON.stringify(await creativeInput('rerun: first light')));
    try {
      await withWorker(temporal(), { ...deps, stageCache }, async (taskQueue) => {
        const first = await cli(
          ['run', 'creative', '--input', inputFile, '--count', '2'].concat([
            '--task-queue',
            taskQueue,
            '--json',
          ]),
        );
        assertExit(first, 0);
        const firstDoc = jsonOf<OutcomeDocument>(first);
        assert.deepEqual(reusedStages(creativeOf(firstDoc)), []);

        // Another mood: the analysis is reused, the prompts and images are new. The queue is the earlier run's.
        const moody = await cli(['rerun', firstDoc.workflowId, '--set', 'mood=rerun: last light', '--json']);
        assertExit(moody, 0);
        const moodyDoc = jsonOf<OutcomeDocument>(moody);
        assert.notEqual(moodyDoc.workflowId, firstDoc.workflowId);
        assert.deepEqual(reusedStages(creativeOf(moodyDoc)), ['reference-analysis']);

        // Nothing changed: every paid stage reused; the people's view says so, and the report names the earlier run.
        const same = await cli(['rerun', moodyDoc.workflowId]);
        assertExit(same, 0);
        assert.match(same.stdout, new RegExp(`rerun of ${moodyDoc.workflowId}`));
        assert.match(same.stdout, /prompt-writing +│ completed · reused/);
        assert.match(same.stdout, /image-generation +│ completed · reused/);
        const report = /^report: (.+)$/m.exec(same.stdout)?.[1];
        assert.ok(report, same.stdout);
        const html = await readFile(report, 'utf8');
        // (includes, not match: a failed match would print the whole page with its images)
        assert.ok(html.includes(`<dt>rerun of</dt><dd>${moodyDoc.workflowId}</dd>`), 'the report names it');
        assert.ok(html.includes('<dt>mood</dt><dd>rerun: last light</dd>'), 'the mood set by the rerun');
        assert.ok(html.includes('<td>image-generation</td><td>completed · reused</td>'), 'reuse marked');

        // --fresh: the prompts and images are made again (analyses and judgements stay memoised).
        const fresh = await cli(['rerun', moodyDoc.workflowId, '--fresh', '--json']);
        assertExit(fresh, 0);
        const freshResult = creativeOf(jsonOf<OutcomeDocument>(fresh));
        assert.deepEqual(reusedStages(freshResult), ['reference-analysis', 'validation']);
      });
    } finally {
      await deps.dispose();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('refuses an unknown key, a bad value and a malformed --set before anything starts', async () => {
    const deps = await tempDeps();
    const inputFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'cli-rerun-')), 'input.json');
    await writeFile(inputFile, JSON.stringify(await creativeInput('rerun: refusals')));
    try {
      await withWorker(temporal(), deps, async (taskQueue) => {
        const first = await cli([
          'run',
          'creative',
          '--input',
          inputFile,
          '--task-queue',
          taskQueue,
          '--json',
        ]);
        assertExit(first, 0);
        const id = jsonOf<OutcomeDocument>(first).workflowId;
        const started = async () => {
          const ids: string[] = [];
          const runs = temporal().client.workflow.list({ query: `TaskQueue="${taskQueue}"` });
          for await (const run of runs) ids.push(run.workflowId);
          return ids.length;
        };
        const before = await started();

        const unknown = await cli(['rerun', id, '--set', 'colour=red']);
        assertExit(unknown, 2);
        assert.match(unknown.stderr, /--set colour \(colour\): unknown key/);
        const bad = await cli(['rerun', id, '--set', 'count=0']);
        assertExit(bad, 2);
        assert.match(bad.stderr, /--set count \(batchCount\): .*\(got 0\)/);
        const nested = await cli(['rerun', id, '--set', 'validation.maxRounds=9']);
        assertExit(nested, 2);
        assert.match(nested.stderr, /--set validation\.maxRounds/);
        const malformed = await cli(['rerun', id, '--set', 'mood']);
        assertExit(malformed, 2);
        assert.match(malformed.stderr, /--set expects key=value/);
        for (const run of [unknown, bad, nested, malformed]) assert.doesNotMatch(run.stdout, /started/);
        assert.equal(await started(), before, 'no run was started');
      });
    } finally {
      await deps.dispose();
    }
  });
});
