import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import sharp from 'sharp';
import { createActivities, type Activities } from '../../src/activities';
import type { CreativeInput, CreativeResult } from '../../src/shared/creative-input';
import { approveSignal, decideUpdate, approvalQuery } from '../../src/shared/messages';
import { drawReferences } from '../helpers/drawn-images';
import { runFailure } from '../helpers/failures';
import { listFilesUnder } from '../helpers/files';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';
import { localActivityTypes } from '../helpers/history';

const temporal = useTemporal();

async function creative(input: Partial<CreativeInput>, options: Parameters<typeof runWorkflow>[4] = {}) {
  const deps = await tempDeps();
  const referenceImages = input.referenceImages ?? (await drawReferences(2));
  const full = {
    brand: 'linn-atelier',
    mood: 'serene morning',
    batchCount: 4,
    size: 384,
    ...input,
    referenceImages,
  };
  const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', full, options);
  const leftovers = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
  return { ...run, deps, leftovers, referenceImages };
}

async function untilWaiting(handle: WorkflowHandle) {
  for (let i = 0; i < 300; i += 1) {
    const state = await handle.query(approvalQuery).catch(() => undefined);
    if (state?.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('the run never reached its approval gate');
}

describe('creativeDirector', () => {
  it('makes, judges, renders and publishes a batch with a contact sheet', async () => {
    const run = await creative({});
    assert.ok(run.result, `run failed: ${String(run.error)}`);
    const { result } = run;
    assert.equal(result.prompts.length, 4);
    assert.ok(result.images.length >= 2, 'at least half pass');
    assert.equal(result.images.length + result.rejected.length, 4);
    for (const image of result.images) {
      assert.deepEqual(image.files.map((f) => f.name.replace(/^\d+-/, '')).sort(), ['thumb.webp', 'web.jpg']);
      for (const file of image.files) assert.ok(existsSync(file.path), file.path);
    }
    const web = result.images[0]?.files.find((f) => f.name.endsWith('web.jpg'));
    const meta = await sharp(web?.path).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(Math.max(meta.width, meta.height), 1600, 'the brand asks for 1600 px web renditions');
    assert.ok(result.contactSheet && existsSync(result.contactSheet.path));
    assert.equal(result.summary.stages.find((s) => s.name === 'approval')?.status, 'skipped');
    assert.ok(
      result.summary.stages.filter((s) => s.name !== 'approval').every((s) => s.status === 'completed'),
    );
    await run.deps.dispose();
  });

  it('does not analyse a reference it has seen before', async () => {
    const deps = await tempDeps();
    const referenceImages = await drawReferences(2);
    const input = {
      referenceImages,
      brand: 'north-pier',
      mood: 'stormy',
      batchCount: 1,
      size: 256,
      validation: { minScore: 0 },
    };
    const first = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', input);
    const second = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', input);
    assert.ok(first.result && second.result);
    const cachedFlags = async (run: typeof first) => {
      const history = await run.handle.fetchHistory();
      const scheduled = new Map<string, string>();
      for (const e of history.events ?? []) {
        const type = e.activityTaskScheduledEventAttributes?.activityType?.name;
        if (type) scheduled.set(String(e.eventId), type);
      }
      return (history.events ?? []).flatMap((e) => {
        const done = e.activityTaskCompletedEventAttributes;
        if (!done || scheduled.get(String(done.scheduledEventId)) !== 'analyzeReference') return [];
        const payload = done.result?.payloads?.[0]?.data;
        return [(JSON.parse(Buffer.from(payload ?? []).toString()) as { cached: boolean }).cached];
      });
    };
    assert.deepEqual(await cachedFlags(first), [false, false]);
    assert.deepEqual(await cachedFlags(second), [true, true], 'the second run reuses both analyses');
    await deps.dispose();
  });

  it('rolls back the images that succeeded when generation failures exceed the budget', async () => {
    const deps = await tempDeps();
    const real = createActivities(deps);
    let cancelledWhileRunning = false;
    const overrides: Partial<Activities> = {
      generateImage: async (input) => {
        if (input.prompt.index % 2 === 0) {
          throw ApplicationFailure.create({
            type: 'SafetyBlocked',
            message: `blocked #${input.prompt.index}`,
            nonRetryable: true,
          });
        }
        if (input.prompt.index !== 3) return real.generateImage(input);
        // Still running when the budget is exceeded, its file already written: its undo must wait for it
        // to settle, or the file is orphaned. It holds until the cancel arrives, with no guessed delay.
        const written = await real.generateImage(input);
        const context = Context.current();
        const beat = setInterval(() => context.heartbeat(), 100);
        try {
          await context.cancelled;
        } finally {
          clearInterval(beat);
          cancelledWhileRunning = true;
        }
        return written;
      },
    };
    const referenceImages = await drawReferences(1);
    const input = {
      referenceImages,
      brand: 'linn-atelier',
      mood: 'calm',
      batchCount: 4,
      size: 256,
      minSuccessRatio: 0.75,
      concurrency: 4,
    };
    const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', input, { overrides });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'BudgetExceeded');
    assert.match(failure.message, /2 of 4 items failed \(at most 1 allowed\)/);
    assert.ok(cancelledWhileRunning, 'item 3 was still running, its file written, when the budget ran out');
    const generation = summary?.stages.find((s) => s.name === 'image-generation');
    assert.equal(generation?.status, 'failed');
    assert.ok(summary?.compensations.every((c) => c.status === 'completed'));
    assert.deepEqual(
      [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))],
      [],
    );
    await deps.dispose();
  });

  it('regenerates failing images for a bounded number of rounds, then fails the run', async () => {
    const run = await creative({ batchCount: 2, validation: { maxRounds: 2, minScore: 0.999 } });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'QualityRejected');
    assert.match(failure.message, /0 of 2 images passed .* after 2 regeneration rounds/);
    assert.equal(run.scheduled.filter((a) => a === 'generateImage').length, 6, '2 images × (1 + 2 rounds)');
    assert.equal(run.scheduled.filter((a) => a === 'judgeImage').length, 6);
    assert.equal(summary?.stages.find((s) => s.name === 'validation')?.status, 'failed');
    assert.deepEqual(run.leftovers, []);
    await run.deps.dispose();
  });

  it('publishes after an approval by signal', async () => {
    const run = await creative(
      { batchCount: 1, validation: { minScore: 0 }, approval: { required: true, timeout: '10 minutes' } },
      {
        drive: async (handle) => {
          await untilWaiting(handle);
          await handle.signal(approveSignal, { by: 'ana' });
        },
      },
    );
    assert.ok(run.result, String(run.error));
    assert.deepEqual(run.result.approval, { decision: 'approve', by: 'ana', timedOut: false });
    assert.equal(run.result.summary.stages.find((s) => s.name === 'publish')?.status, 'completed');
    await run.deps.dispose();
  });

  it('rolls everything back after a rejection by update', async () => {
    let answer: unknown;
    const run = await creative(
      { batchCount: 1, validation: { minScore: 0 }, approval: { required: true, timeout: '10 minutes' } },
      {
        drive: async (handle) => {
          await untilWaiting(handle);
          answer = await handle.executeUpdate(decideUpdate, {
            args: [{ decision: 'reject', by: 'bo', note: 'too dark' }],
          });
        },
      },
    );
    assert.deepEqual(answer, { decision: 'reject', by: 'bo', note: 'too dark', timedOut: false });
    const { failure } = runFailure(run.error);
    assert.equal(failure.type, 'ApprovalRejected');
    assert.match(failure.message, /rejected by bo: too dark/);
    assert.deepEqual(run.leftovers, []);
    await run.deps.dispose();
  });

  it('applies the default action when nobody decides in time', async () => {
    const run = await creative({
      batchCount: 1,
      validation: { minScore: 0 },
      approval: { required: true, timeout: '1s', onTimeout: 'approve' },
    });
    assert.ok(run.result, String(run.error));
    assert.deepEqual(run.result.approval, { decision: 'approve', by: 'timeout', timedOut: true });
    await run.deps.dispose();
  });

  it('refuses bad input naming the field, before any activity runs', async () => {
    const cases: [Partial<CreativeInput>, RegExp][] = [
      [{ referenceImages: [] }, /referenceImages: .*at least one/],
      [{ batchCount: 0 }, /batchCount: .*0/],
      [{ batchCount: 2.5 }, /batchCount: .*2\.5/],
      [{ batchCount: 65 }, /batchCount: .*65/],
      [{ brand: 'Acme Corp' }, /brand: .*lowercase letters, digits and dashes/],
    ];
    for (const [input, message] of cases) {
      const run = await creative(input);
      const { failure } = runFailure(run.error);
      assert.equal(failure.type, 'InvalidInput');
      assert.match(failure.message, message);
      assert.deepEqual(
        run.scheduled,
        ['resolveInput'],
        `nothing but the input check ran for ${JSON.stringify(input)}`,
      );
      assert.deepEqual(run.leftovers, []);
      await run.deps.dispose();
    }
  });

  it('refuses an unknown brand at the brand-guide stage, before any reference is analysed', async () => {
    const run = await creative({ brand: 'acme' });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'InvalidInput');
    assert.match(
      failure.message,
      /unknown brand 'acme'; known brands: linn-atelier, north-pier, soleil-studio/,
    );
    // The brand is known only to the worker's brand guides, so an activity checks it, first: nothing is
    // paid for (no reference analysed) before a cheap check has passed.
    assert.deepEqual(run.scheduled, ['resolveInput']);
    assert.deepEqual(await localActivityTypes(run.handle), ['loadBrandGuide'], 'a local activity checked it');
    assert.equal(summary?.stages.find((s) => s.name === 'brand-guide')?.status, 'failed');
    assert.equal(summary?.stages.find((s) => s.name === 'reference-analysis')?.status, 'pending');
    assert.deepEqual(summary?.compensations, []);
    assert.deepEqual(run.leftovers, []);
    await run.deps.dispose();
  });
});
