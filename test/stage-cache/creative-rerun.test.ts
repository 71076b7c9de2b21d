import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderSummary } from '../../src/cli/render-summary';
import type { CreativeInput, CreativeResult } from '../../src/shared/creative-input';
import type { StageRecord } from '../../src/shared/stages';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { MemoStore } from '../../src/storage/memo-store';
import { StageCache } from '../../src/storage/stage-cache';
import { renderStageTable } from '../../src/workflows/engine/visibility';
import { drawReferences } from '../helpers/drawn-images';
import { FakeGeminiServer, type RecordedRequest } from '../helpers/fake-gemini-server';
import { geminiDeps } from '../helpers/gemini-deps';
import { callKind, type CallKind } from '../helpers/gemini-studio';
import { moodStudio } from '../helpers/mood-studio';
import { runWorkflow } from '../helpers/run-workflow';
import { useTemporal } from '../helpers/temporal';

const temporal = useTemporal();
const KEY = 'AIzaFAKE-stage-cache-key-0123456789';
let fake: FakeGeminiServer;
let shared: string;

before(async () => {
  fake = await FakeGeminiServer.start(KEY);
  shared = await mkdtemp(path.join(os.tmpdir(), 'stage-cache-rerun-'));
  // Prompts that follow what they were asked (the mood): another mood writes other prompts, so other images.
  fake.setFallback(await moodStudio());
});
after(async () => {
  await fake.close();
  await rm(shared, { recursive: true, force: true });
});

/**
 * A worker's dependencies as a fresh worker process builds them: new memo and stage cache objects over
 * the one store every worker shares (the run's own blobs and outputs in folders of their own).
 */
async function workerDeps() {
  const deps = await geminiDeps(KEY, fake);
  const store = new LocalObjectStore(path.join(shared, 'store'));
  return { ...deps, memo: new MemoStore(store), stageCache: new StageCache(store) };
}

/** Runs a Creative Director on fresh worker dependencies; answers its result and the model calls it made. */
async function paidRun(input: CreativeInput) {
  const deps = await workerDeps();
  const from = fake.requests.length;
  const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', input);
  assert.ok(run.result, String(run.error));
  const calls = countCalls(fake.requests.slice(from));
  const html = await readFile(run.result.report.html.path, 'utf8');
  await deps.dispose();
  return { result: run.result, calls, html };
}

function countCalls(requests: RecordedRequest[]): Partial<Record<CallKind, number>> {
  const counts: Partial<Record<CallKind, number>> = {};
  for (const kind of requests.map(callKind)) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

const reusedOf = (result: CreativeResult) =>
  Object.fromEntries(
    result.summary.stages.flatMap((s: StageRecord) => (s.reused ? [[s.name, s.reused]] : [])),
  ) as Record<string, StageRecord['reused']>;

describe('re-running a Creative Director through the stage cache (fake Gemini, real client)', () => {
  let input: CreativeInput;
  let changed: Awaited<ReturnType<typeof paidRun>>;

  it('pays for everything the first time', async () => {
    input = {
      referenceImages: await drawReferences(1),
      brand: 'linn-atelier',
      mood: 'linen at dawn',
      batchCount: 3,
      size: 256,
      validation: { maxRounds: 0, minScore: 0.5 },
    };
    const first = await paidRun(input);
    assert.deepEqual(first.calls, { 'reference-analysis': 1, prompts: 1, image: 3, judge: 3 });
    assert.deepEqual(reusedOf(first.result), {}, 'nothing was there to reuse');
  });

  it('pays for 0 analyses, 1 prompt call, 3 images and 3 judgements when only the mood changed', async () => {
    changed = await paidRun({ ...input, mood: 'linen at dusk' });
    assert.deepEqual(changed.calls, { prompts: 1, image: 3, judge: 3 });
    assert.deepEqual(reusedOf(changed.result), { 'reference-analysis': { items: 1, of: 1 } });
    assert.ok((changed.result.summary.cost?.costUsd ?? 0) > 0);
  });

  it('pays nothing when nothing changed, marks every paid stage reused, and keeps images of its own', async () => {
    const again = await paidRun({ ...input, mood: 'linen at dusk' });
    assert.deepEqual(again.calls, {}, 'not one request reached the model');
    assert.equal(again.result.summary.cost?.costUsd ?? 0, 0);
    const whole = { items: 1, of: 1 };
    assert.deepEqual(reusedOf(again.result), {
      'reference-analysis': whole,
      'prompt-writing': whole,
      'image-generation': { items: 3, of: 3 },
      validation: { items: 3, of: 3 },
    });
    // The same images (bytes), each copied under the new run's own key: the earlier run's are long gone.
    assert.deepEqual(
      again.result.images.map((i) => i.image.sha256),
      changed.result.images.map((i) => i.image.sha256),
    );
    for (const [i, image] of again.result.images.entries()) {
      assert.notEqual(image.image.key, changed.result.images[i]?.image.key);
    }
    assert.match(renderSummary(again.result.summary), /prompt-writing +│ completed · reused/);
    assert.match(renderStageTable(again.result.summary), /\*\*image-generation\*\*: completed .*· reused/);
    // (includes, not match: a failed match would print the whole page with its images)
    assert.ok(
      again.html.includes('<td>prompt-writing</td><td>completed · reused</td>'),
      'report marks prompts',
    );
    assert.ok(again.html.includes('<td>validation</td><td>completed · reused</td>'), 'report marks judging');
  });

  it('pays for prompts and images again with reuse: false (--fresh), and caches them anew', async () => {
    const fresh = await paidRun({ ...input, mood: 'linen at dusk', reuse: false });
    assert.equal(fresh.calls.prompts, 1);
    assert.equal(fresh.calls.image, 3);
    assert.equal(reusedOf(fresh.result)['prompt-writing'], undefined);
  });
});
