import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderLiveFrame } from '../../src/cli/live-view';
import { renderSummary } from '../../src/cli/render-summary';
import { reviewDecisions } from '../../src/cli/review-flags';
import { describeReview, summarizeReview } from '../../src/shared/review-summary';
import type { RunSummary } from '../../src/shared/stages';
import { renderStageTable } from '../../src/workflows/engine/visibility';

const LINE = 'review: /out/run/review/review.html · round 1 · 2 kept, 1 dropped, 1 redoing';

const summary: RunSummary = {
  director: 'creative',
  status: 'running',
  durationMs: 0,
  stages: [{ name: 'approval', status: 'running', attempts: 0 }],
  compensations: [],
  review: { location: '/out/run/review/review.html', round: 1, pending: 0, kept: 2, dropped: 1, redoing: 1 },
};

describe('the review line', () => {
  it('names the review location, round and counts in every view', () => {
    assert.equal(describeReview(summary.review!), LINE);
    assert.ok(renderStageTable(summary).includes(LINE), 'Web UI details');
    assert.ok(renderSummary(summary).includes(LINE), 'status');
    assert.ok(
      renderLiveFrame({ workflowId: 'w', elapsedMs: 0, summary }).some((line) => line.includes(LINE)),
      'watch',
    );
    const plain = { ...summary };
    delete plain.review;
    assert.ok(!renderStageTable(plain).includes('review:'), 'no review, no line');
  });

  it('summarizes a gate only once its review is published', () => {
    const candidate = { score: 0.8, seed: 1, round: 0, prompt: 'p', notes: [] };
    const state = {
      waiting: true,
      round: 0,
      maxRounds: 2,
      candidates: [
        { ...candidate, index: 0, state: 'kept' as const },
        { ...candidate, index: 1, state: 'pending' as const },
      ],
    };
    assert.equal(summarizeReview(state), undefined);
    assert.deepEqual(summarizeReview({ ...state, location: '/r.html' }), {
      location: '/r.html',
      round: 0,
      pending: 1,
      kept: 1,
      dropped: 0,
      redoing: 0,
    });
  });

  it('reads --keep, --drop and --redo into decisions, a note keeping its own colons', () => {
    assert.deepEqual(reviewDecisions({ keep: ['0,2'], drop: ['1'], redo: ['3:light: warm', '4'] }), [
      { index: 0, action: 'keep' },
      { index: 2, action: 'keep' },
      { index: 1, action: 'drop' },
      { index: 3, action: 'redo', note: 'light: warm' },
      { index: 4, action: 'redo' },
    ]);
    assert.throws(() => reviewDecisions({ keep: ['1.5'] }), /--keep: '1.5' is not a candidate index/);
    assert.throws(() => reviewDecisions({ drop: [''] }), /--drop: '' is not a candidate index/);
  });
});
