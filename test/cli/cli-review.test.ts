import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { CreativeResult } from '../../src/shared/creative-input';
import { reviewQuery } from '../../src/shared/messages';
import type { ReviewState } from '../../src/shared/review';
import { drawReferences } from '../helpers/drawn-images';
import { freePort } from '../helpers/free-port';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';
import { assertExit, jsonOf, runCli } from './cli-process';

const temporal = useTemporal();
const cli = (args: string[]) => runCli(args, { address: temporal().address });

async function atGate(handle: WorkflowHandle, round: number): Promise<ReviewState> {
  for (let i = 0; i < 600; i += 1) {
    const state = await handle.query(reviewQuery).catch(() => undefined);
    if (state?.waiting && state.round === round) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`the run never waited at its gate in review round ${round}`);
}

describe('director review', () => {
  it('refuses flags that do not fit with exit 2, naming the flag, before connecting', async () => {
    const closed = { address: `127.0.0.1:${await freePort()}` }; // nothing listens: a connection would exit 3
    const word = await runCli(['review', 'some-run', '--keep', 'x'], closed);
    assertExit(word, 2);
    assert.match(word.stderr, /--keep: 'x' is not a candidate index/);
    const none = await runCli(['review', 'some-run', '--json'], closed);
    assertExit(none, 2);
    assert.match(jsonOf<{ error: { message: string } }>(none).error.message, /give at least one decision/);
    const twice = await runCli(['review', 'some-run', '--keep', '0,1', '--redo', '1:warmer'], closed);
    assertExit(twice, 2);
    assert.match(twice.stderr, /candidate 1 is named twice/);
    const redo = await runCli(['review', 'some-run', '--redo', 'two:warmer'], closed);
    assertExit(redo, 2);
    assert.match(redo.stderr, /--redo: 'two' is not a candidate index/);
  });

  it('reviews a run image by image: keep, drop, redo with and without a note, then keep', async () => {
    const deps = await tempDeps();
    try {
      await withWorker(temporal(), deps, async (taskQueue) => {
        const handle = await temporal().client.workflow.start('creativeDirector', {
          taskQueue,
          workflowId: `creative-review-cli-${randomUUID()}`,
          args: [
            {
              referenceImages: await drawReferences(1),
              brand: 'linn-atelier',
              mood: 'quiet morning',
              batchCount: 3,
              size: 256,
              validation: { minScore: 0, maxRounds: 0 },
              approval: { required: true, timeout: '10 minutes' },
            },
          ],
        });
        const id = handle.workflowId;
        const first = await atGate(handle, 0);
        assert.ok(first.location && existsSync(first.location));

        const status = await cli(['status', id]);
        assertExit(status, 0);
        assert.ok(status.stdout.includes(`review: ${first.location} · round 0 · 3 pending`), status.stdout);

        const decided = await cli([
          'review',
          id,
          '--keep',
          '0',
          '--drop',
          '1',
          '--redo',
          '2:warmer light',
          '--by',
          'ana',
        ]);
        assertExit(decided, 0);
        assert.match(decided.stdout, /#0 {2}kept +by ana/);
        assert.match(decided.stdout, /#1 {2}dropped by ana/);
        assert.match(decided.stdout, /#2 {2}redoing by ana/);
        assert.match(decided.stdout, /redoes 1 candidate\(s\), republishes the review and waits again/);

        await atGate(handle, 1);
        const again = await cli(['review', id, '--redo', '2', '--json']); // no note: drawn again, prompt unchanged
        assertExit(again, 0);
        const state = jsonOf<ReviewState & { workflowId: string }>(again);
        assert.equal(state.workflowId, id);
        assert.deepEqual(
          state.candidates.map((c) => c.state),
          ['kept', 'dropped', 'redoing'],
        );

        const second = await atGate(handle, 2);
        assert.deepEqual(second.candidates[2]?.notes, ['warmer light']);
        const unknown = await cli(['review', id, '--keep', '7']);
        assertExit(unknown, 2);
        assert.match(unknown.stderr, /decisions\[0\]\.index: 7 is not a candidate \(candidates: 0, 1, 2\)/);
        const pastLast = await cli(['review', id, '--redo', '2:one more']);
        assertExit(pastLast, 2);
        assert.match(pastLast.stderr, /cannot be redone: .*maxReviewRounds is 2/);

        const standing = await cli(['status', id]);
        assert.match(standing.stdout, /review: .* · round 2 · 1 pending, 1 kept, 1 dropped/);
        const last = await cli(['review', id, '--keep', '2']);
        assertExit(last, 0);
        assert.match(last.stdout, /goes on to publish the 2 kept candidate\(s\)/);
        const result = (await handle.result()) as CreativeResult;
        assert.deepEqual(
          result.images.map((i) => i.index),
          [0, 2],
        );
        assert.equal(result.images[1]?.prompt.text.endsWith('. Reviewer: warmer light'), true);

        const closed = await cli(['review', id, '--keep', '2']);
        assertExit(closed, 2);
        assert.match(closed.stderr, /already closed \(completed\): not at its review gate/);
      });
    } finally {
      await deps.dispose();
    }
  });
});
