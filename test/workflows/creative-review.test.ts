import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities, type Activities } from '../../src/activities';
import { escapeHtml } from '../../src/report/html-page';
import type { CreativeInput, CreativeResult } from '../../src/shared/creative-input';
import {
  cancelSignal,
  decideUpdate,
  reviewQuery,
  reviewUpdate,
  summaryQuery,
} from '../../src/shared/messages';
import type { ReviewDecision, ReviewState } from '../../src/shared/review';
import { runKeyOf } from '../../src/shared/run-key';
import { drawReferences } from '../helpers/drawn-images';
import { runFailure } from '../helpers/failures';
import { listFilesUnder } from '../helpers/files';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

type Deps = Awaited<ReturnType<typeof tempDeps>>;

/** A Creative Director whose every image passes and which stops at its gate for a review. */
async function reviewed(
  input: Partial<CreativeInput> & { approval?: Partial<NonNullable<CreativeInput['approval']>> },
  drive: (handle: WorkflowHandle, deps: Deps) => Promise<void>,
  overrides: (deps: Deps) => Partial<Activities> = () => ({}),
) {
  const deps = await tempDeps();
  const full = {
    referenceImages: await drawReferences(1),
    brand: 'linn-atelier',
    mood: 'serene morning',
    batchCount: 3,
    size: 256,
    validation: { minScore: 0, maxRounds: 0 },
    ...input,
    approval: { required: true, timeout: '10 minutes', ...input.approval },
  };
  const run = await runWorkflow<CreativeResult>(temporal(), deps, 'creativeDirector', full, {
    drive: (handle) => drive(handle, deps),
    overrides: overrides(deps),
  });
  const leftovers = [...(await listFilesUnder(deps.dataDir)), ...(await listFilesUnder(deps.outputDir))];
  return { ...run, deps, leftovers };
}

/** Waits until the gate waits for decisions in review round `round`, and returns its state. */
async function atGate(handle: WorkflowHandle, round = 0): Promise<ReviewState> {
  for (let i = 0; i < 600; i += 1) {
    const state = await handle.query(reviewQuery).catch(() => undefined);
    if (state?.waiting && state.round === round) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`the run never waited at its gate in review round ${round}`);
}

const review = (handle: WorkflowHandle, decisions: ReviewDecision[]) =>
  handle.executeUpdate(reviewUpdate, { args: [{ decisions, by: 'ana' }] });

/** The refusal of a `review` update: its failure type and message. */
async function refusal(handle: WorkflowHandle, decisions: ReviewDecision[]): Promise<ApplicationFailure> {
  const error: unknown = await review(handle, decisions).then(
    () => assert.fail(`accepted ${JSON.stringify(decisions)}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof WorkflowUpdateFailedError, String(error));
  assert.ok(error.cause instanceof ApplicationFailure, String(error.cause));
  return error.cause;
}

/** Published image files (renditions) of a run: everything in its output folder but reports and the review. */
async function publishedImages(deps: Deps, workflowId: string): Promise<string[]> {
  const folder = path.join(deps.outputDir, runKeyOf(workflowId));
  const files = await listFilesUnder(folder);
  return files
    .map((file) => path.relative(folder, file))
    .filter((name) => !name.startsWith('review') && !['report.html', 'contact-sheet.png'].includes(name))
    .sort();
}

describe('per-image review at the Creative Director gate', () => {
  it('keeps, drops and redoes candidates over two rounds and publishes exactly the kept ones', async () => {
    let first: ReviewState | undefined;
    let second: ReviewState | undefined;
    let answer: ReviewState | undefined;
    let firstPage = '';
    let secondPage = '';
    const run = await reviewed({}, async (handle) => {
      first = await atGate(handle, 0);
      assert.ok(first.location, 'the review names its location');
      firstPage = await readFile(first.location, 'utf8');
      const summary = await handle.query(summaryQuery);
      assert.equal(summary.review?.location, first.location, 'the summary names the review');
      assert.equal(summary.review?.pending, 3);
      answer = await review(handle, [
        { index: 0, action: 'keep' },
        { index: 1, action: 'drop' },
        { index: 2, action: 'redo', note: 'warmer light' },
      ]);
      second = await atGate(handle, 1);
      secondPage = await readFile(second.location ?? '', 'utf8');
      await review(handle, [{ index: 2, action: 'keep' }]);
    });
    assert.ok(run.result, String(run.error));
    assert.ok(first && second && answer);

    // The first page shows every candidate with its score, prompt, seed and round, images embedded.
    assert.equal(first.candidates.length, 3);
    for (const c of first.candidates) {
      for (const fact of [c.score.toFixed(2), String(c.seed), `id="candidate-${c.index}"`])
        assert.ok(firstPage.includes(fact), `review.html shows ${fact}`);
      assert.ok(firstPage.includes(`<dd class="prompt">${escapeHtml(c.prompt)}</dd>`), 'and its prompt');
      assert.ok(firstPage.includes(`<dd class="round">${c.round}</dd>`), 'and its round');
    }
    assert.equal((firstPage.match(/src="data:image\/jpeg;base64,/g) ?? []).length, 3, 'images embedded');
    assert.ok(existsSync(path.join(path.dirname(first.location ?? ''), 'contact-sheet.png')));

    // The update answers with the new state.
    assert.deepEqual(
      answer.candidates.map((c) => [c.index, c.state, c.by]),
      [
        [0, 'kept', 'ana'],
        [1, 'dropped', 'ana'],
        [2, 'redoing', 'ana'],
      ],
    );

    // The redone candidate: a new round, a new seed, its prompt amended by the note, shown on the new page.
    const before = first.candidates[2];
    const after = second.candidates[2];
    assert.ok(before && after);
    assert.equal(after.state, 'pending');
    assert.ok(after.round > before.round, `round ${after.round} after ${before.round}`);
    assert.notEqual(after.seed, before.seed);
    assert.equal(after.prompt, `${before.prompt}. Reviewer: warmer light`);
    assert.deepEqual(after.notes, ['warmer light']);
    assert.ok(secondPage.includes('Reviewer: warmer light'), 'the republished page shows the new prompt');
    assert.ok(secondPage.includes(`<dd class="round">${after.round}</dd>`));

    // Only the kept candidates are published: #0 as first made, #2 as redone.
    const { result } = run;
    assert.deepEqual(
      result.images.map((i) => i.index),
      [0, 2],
    );
    assert.equal(result.images[1]?.prompt.text, after.prompt);
    const published = await publishedImages(run.deps, result.workflowId);
    assert.deepEqual(published, [
      '0-thumb.webp',
      '0-web.jpg',
      `2-r${after.round}-thumb.webp`,
      `2-r${after.round}-web.jpg`,
    ]);
    assert.deepEqual(result.approval, { decision: 'approve', by: 'ana', timedOut: false });
    assert.deepEqual(result.summary.review, {
      location: second.location,
      round: 1,
      pending: 0,
      kept: 2,
      dropped: 1,
      redoing: 0,
    });
    await run.deps.dispose();
  });

  it('refuses decisions that do not fit, naming the index or field', async () => {
    let releaseRedo: () => void = () => {};
    const redoing = new Promise<void>((resolve) => (releaseRedo = resolve));
    let redoStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => (redoStarted = resolve));
    let releasePrompts: () => void = () => {};
    const prompting = new Promise<void>((resolve) => (releasePrompts = resolve));
    let promptsStarted: () => void = () => {};
    const writing = new Promise<void>((resolve) => (promptsStarted = resolve));
    const messages: string[] = [];
    const run = await reviewed(
      { batchCount: 2, approval: { maxReviewRounds: 1 } },
      async (handle) => {
        const refuse = async (decisions: ReviewDecision[], pattern: RegExp) => {
          const failure = await refusal(handle, decisions);
          assert.equal(failure.type, 'InvalidInput');
          assert.match(failure.message, pattern);
          messages.push(failure.message);
        };
        await writing; // held at prompt writing, long before the gate
        await refuse([{ index: 0, action: 'keep' }], /not at its review gate \(it has not reached it\)/);
        releasePrompts();

        await atGate(handle, 0);
        await refuse(
          [{ index: 7, action: 'keep' }],
          /decisions\[0\]\.index: 7 is not a candidate \(candidates: 0, 1\)/,
        );
        await refuse([], /decisions: give at least one decision/);
        await refuse(
          [
            { index: 1, action: 'keep' },
            { index: 1, action: 'drop' },
          ],
          /decisions\[1\]\.index: candidate 1 is named twice/,
        );
        await refuse(
          [{ index: 0, action: 'keep', note: 'nice' }],
          /decisions\[0\]\.note: only a redo takes a note/,
        );
        // Nothing refused changed anything: both are still pending.
        const state = await handle.query(reviewQuery);
        assert.deepEqual(
          state?.candidates.map((c) => c.state),
          ['pending', 'pending'],
        );

        await review(handle, [
          { index: 0, action: 'redo', note: 'closer crop' },
          { index: 1, action: 'keep' },
        ]);
        await started; // the redo's generation is held until the next refusal is seen
        await refuse([{ index: 0, action: 'keep' }], /not at its review gate: it is redoing 1 candidate/);
        releaseRedo();

        await atGate(handle, 1);
        await refuse([{ index: 0, action: 'redo' }], /candidate 0 cannot be redone: .*maxReviewRounds is 1/);
        await refuse([{ index: 1, action: 'drop' }], /decisions\[0\]\.index: candidate 1 is already kept/);
        await review(handle, [{ index: 0, action: 'drop' }]);
      },
      (deps) => {
        const real = createActivities(deps);
        return {
          writePrompts: async (input) => {
            promptsStarted();
            await prompting;
            return real.writePrompts(input);
          },
          generateImage: async (input) => {
            // Review redos draw rounds past validation's (maxRounds 0 here): hold the first one.
            if (input.round > 0) {
              redoStarted();
              await redoing;
            }
            return real.generateImage(input);
          },
        };
      },
    );
    assert.ok(run.result, String(run.error));
    assert.deepEqual(
      run.result.images.map((i) => i.index),
      [1],
    );
    assert.equal(messages.length, 8);
    await run.deps.dispose();
  });

  it('gives undecided candidates the timeout default, and approve keeps every undecided one', async () => {
    const timedOut = await reviewed(
      { batchCount: 2, approval: { timeout: '4s', onTimeout: 'approve' } },
      async (handle) => {
        await atGate(handle, 0);
        await review(handle, [{ index: 0, action: 'drop' }]);
      },
    );
    assert.ok(timedOut.result, String(timedOut.error));
    assert.deepEqual(
      timedOut.result.images.map((i) => i.index),
      [1],
      'the undecided candidate was kept by the default',
    );
    assert.deepEqual(timedOut.result.approval, { decision: 'approve', by: 'timeout', timedOut: true });
    assert.equal(timedOut.result.summary.review?.dropped, 1);
    await timedOut.deps.dispose();

    const approved = await reviewed({}, async (handle) => {
      await atGate(handle, 0);
      await review(handle, [{ index: 1, action: 'drop' }]);
      await handle.executeUpdate(decideUpdate, { args: [{ decision: 'approve', by: 'bo' }] });
    });
    assert.ok(approved.result, String(approved.error));
    assert.deepEqual(
      approved.result.images.map((i) => i.index),
      [0, 2],
    );
    assert.deepEqual(await publishedImages(approved.deps, approved.result.workflowId), [
      '0-thumb.webp',
      '0-web.jpg',
      '2-thumb.webp',
      '2-web.jpg',
    ]);
    await approved.deps.dispose();
  });

  it('fails ApprovalRejected when every candidate is dropped, and removes the review', async () => {
    let location = '';
    const run = await reviewed({ batchCount: 2 }, async (handle) => {
      const state = await atGate(handle, 0);
      location = state.location ?? '';
      assert.ok(existsSync(location), 'the review is published while the gate waits');
      await review(handle, [
        { index: 0, action: 'drop' },
        { index: 1, action: 'drop' },
      ]);
    });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'ApprovalRejected');
    assert.match(failure.message, /every candidate was dropped: nothing to publish/);
    assert.ok(summary?.compensations.some((c) => c.name === 'unpublishReview' && c.status === 'completed'));
    assert.ok(!existsSync(path.dirname(location)), 'the review folder is gone');
    assert.deepEqual(run.leftovers, []);
    await run.deps.dispose();
  });

  it('removes the review and every redone image when a run is cancelled at its gate', async () => {
    let location = '';
    const run = await reviewed({ batchCount: 2 }, async (handle) => {
      await atGate(handle, 0);
      await review(handle, [
        { index: 0, action: 'redo', note: 'softer shadows' },
        { index: 1, action: 'keep' },
      ]);
      location = (await atGate(handle, 1)).location ?? '';
      await handle.signal(cancelSignal, { reason: 'brief changed' });
    });
    const { failure, summary } = runFailure(run.error);
    assert.equal(failure.type, 'DirectorCancelled');
    assert.ok(summary?.compensations.some((c) => c.name === 'unpublishReview' && c.status === 'completed'));
    assert.ok(!existsSync(location), 'the review page is gone');
    assert.deepEqual(run.leftovers, [], 'nothing the review or its redo wrote is left');
    await run.deps.dispose();
  });

  it('drops every undecided candidate when the timeout default is reject', async () => {
    const run = await reviewed(
      { batchCount: 2, approval: { timeout: '2s', onTimeout: 'reject' } },
      async () => {},
    );
    const { failure } = runFailure(run.error);
    assert.equal(failure.type, 'ApprovalRejected');
    assert.match(failure.message, /every candidate was dropped \(no decision within 2s\)/);
    assert.deepEqual(run.leftovers, []);
    await run.deps.dispose();
  });
});
