/**
 * The Creative Director's per-image review at its approval gate:
 *
 *   publishReview ─► wait (review / approve / reject / timeout) ─► all kept or dropped? ─► kept candidates
 *   (undo: unpublishReview)          │ redos (≤ approval.maxReviewRounds)
 *                                    └─► generateImage ─► judgeImage ─► renderImages ─► publishReview again
 *
 * Each redo writes under a round no earlier step used and renders under a label carrying that round, and
 * registers `deleteBlobs` before each write, so nothing a redo made outlives a rejected or cancelled run.
 */
import type { Duration } from '@temporalio/common';
import type { ActivityInterfaceFor } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Rendition } from '../activities/post-processing';
import { blobKeys } from '../shared/blob-keys';
import { renditionFileName, type BrandGuide } from '../shared/brand-guide';
import type { creativeInputSchema } from '../shared/creative-input';
import { nonRetryable } from '../shared/failures';
import type { ReviewCandidate } from '../shared/review';
import { summarizeReview } from '../shared/review-summary';
import type { ReportFact } from '../shared/run-report';
import type { z } from 'zod';
import type { Candidate } from './creative-validation';
import { processingProxy, undo } from './engine/activity-proxies';
import type { DirectorRun, Undo } from './engine/director-run';
import { fanOut } from './engine/fan-out';
import type { ApprovalGate } from './engine/approval';
import { ReviewGate } from './engine/review-gate';

/** A candidate and its renditions, as post-processing left them or a redo renewed them. */
export interface ReviewedCandidate {
  candidate: Candidate;
  renditions: Rendition[];
}

/** Everything the review needs from its Director. */
export interface ReviewContext {
  run: DirectorRun;
  gate: ReviewGate;
  runKey: string;
  workflowId: string;
  title: string;
  input: z.output<typeof creativeInputSchema>;
  guide: BrandGuide;
  width: number;
  height: number;
  deleteBlobs: (...keys: string[]) => Undo;
  generation: Pick<ActivityInterfaceFor<Activities>, 'generateImage'>;
  processing: Pick<ActivityInterfaceFor<Activities>, 'judgeImage' | 'renderImages'>;
}

/** What the gate decided: the approval the result records, and the candidates to publish. */
export interface ReviewOutcome {
  approval: { decision: 'approve'; by: string; timedOut: boolean };
  kept: ReviewedCandidate[];
}

/**
 * The run's per-image review gate (its `review` update and query registered now), its state mirrored into
 * the run summary (`status`, `watch`, the Web UI) once the review is published.
 */
export function reviewGate(run: DirectorRun, approval: ApprovalGate): ReviewGate {
  return new ReviewGate(approval, (state) => {
    const summary = summarizeReview(state);
    if (summary) run.tracker.setReview(summary);
  });
}

/** The review's outcome for the run's report: how many were kept, and the prompt of each one redone. */
export function reviewFacts(gate: ReviewGate): ReportFact[] {
  const { candidates, round } = gate.current();
  const kept = candidates.filter((c) => c.state === 'kept');
  return [
    { name: 'review', value: `${kept.length} of ${candidates.length} kept after ${round} redo round(s)` },
    ...kept.filter((c) => c.notes.length > 0).map((c) => ({ name: `redone #${c.index}`, value: c.prompt })),
  ];
}

/**
 * Publishes the candidates for review and waits for decisions, redoing candidates as asked, until every
 * candidate is kept or dropped. Throws `ApprovalRejected` when the batch is rejected, or every candidate
 * ends dropped (nothing to publish); the saga then removes the review and everything the redos made.
 */
export async function reviewCandidates(
  ctx: ReviewContext,
  candidates: ReviewedCandidate[],
): Promise<ReviewOutcome> {
  const { run, gate, runKey, input } = ctx;
  const current = new Map(candidates.map((c) => [c.candidate.prompt.index, c]));
  gate.open(candidates.map(reviewCandidate), input.approval.maxReviewRounds);
  run.registerUndo({ name: 'unpublishReview', run: () => undo.unpublishReview({ runKey }) });
  for (;;) {
    const state = gate.current();
    const { location } = await processingProxy.publishReview.executeWithOptions(
      { summary: `publishReview (round ${state.round})` },
      [
        {
          runKey,
          workflowId: ctx.workflowId,
          title: ctx.title,
          state,
          images: [...current.values()].map((c) => ({
            index: c.candidate.prompt.index,
            image: c.candidate.image,
          })),
        },
      ],
    );
    gate.setLocation(location);
    const turn = await gate.wait(input.approval.timeout as Duration, input.approval.onTimeout);
    if ('rejected' in turn) {
      const { by, note } = turn.rejected;
      throw nonRetryable('ApprovalRejected', `rejected by ${by}${note ? `: ${note}` : ''}`);
    }
    if (turn.redo.length === 0) break;
    await redoAll(ctx, current, turn.redo, state.round + 1);
    gate.nextRound();
  }
  const kept = gate
    .current()
    .candidates.filter((c) => c.state === 'kept')
    .flatMap((c) => current.get(c.index) ?? []);
  if (kept.length === 0) {
    const timeout = gate.decidedBy().timedOut ? ` (no decision within ${input.approval.timeout})` : '';
    throw nonRetryable('ApprovalRejected', `every candidate was dropped${timeout}: nothing to publish`);
  }
  return { approval: { decision: 'approve', ...gate.decidedBy() }, kept };
}

/** A candidate as the reviewer first sees it. */
function reviewCandidate({ candidate }: ReviewedCandidate): ReviewCandidate {
  return {
    index: candidate.prompt.index,
    state: 'pending',
    score: candidate.score,
    seed: candidate.seed ?? candidate.prompt.seed,
    round: candidate.rounds,
    prompt: candidate.prompt.text,
    notes: [],
  };
}

/**
 * Redoes the candidates asked for, side by side: each gets a new image (its prompt amended by the note),
 * judged and rendered again, and is pending once more; one whose redo failed keeps its image, pending too.
 */
async function redoAll(
  ctx: ReviewContext,
  current: Map<number, ReviewedCandidate>,
  redo: { index: number; note: string | undefined }[],
  reviewRound: number,
): Promise<void> {
  // Past every round validation could have used, so no blob key or rendition name is written twice.
  const round = ctx.input.validation.maxRounds + reviewRound;
  const outcomes = await fanOut({
    items: redo,
    concurrency: ctx.input.concurrency,
    run: ({ index, note }) => redoOne(ctx, current.get(index) as ReviewedCandidate, note, round),
  });
  const before = new Map(ctx.gate.current().candidates.map((c) => [c.index, c]));
  outcomes.forEach((outcome, i) => {
    const { index } = redo[i] as { index: number };
    const previous = before.get(index) as ReviewCandidate;
    if (outcome.status === 'fulfilled') {
      current.set(index, outcome.value);
      const { candidate } = outcome.value;
      ctx.gate.renew({
        ...previous,
        state: 'pending',
        score: candidate.score,
        seed: candidate.seed ?? previous.seed,
        round: candidate.rounds,
        prompt: candidate.prompt.text,
      });
    } else {
      ctx.gate.renew({ ...previous, state: 'pending' });
    }
  });
}

async function redoOne(
  ctx: ReviewContext,
  reviewed: ReviewedCandidate,
  note: string | undefined,
  round: number,
): Promise<ReviewedCandidate> {
  const { run, runKey, guide, deleteBlobs } = ctx;
  const index = reviewed.candidate.prompt.index;
  const base = reviewed.candidate.prompt;
  const prompt = note ? { ...base, text: `${base.text}. Reviewer: ${note}` } : base;
  run.registerUndo(deleteBlobs(blobKeys.generated(runKey, index, round)));
  const { image, seed } = await ctx.generation.generateImage.executeWithOptions(
    { summary: `generateImage #${index} (review, round ${round})` },
    [{ runKey, prompt, round, width: ctx.width, height: ctx.height }],
  );
  const { judgement } = await ctx.processing.judgeImage.executeWithOptions(
    { summary: `judgeImage #${index} (review, round ${round})` },
    [{ image, prompt, guide }],
  );
  const label = `${index}-r${round}`;
  run.registerUndo(
    deleteBlobs(...guide.renditions.map((r) => blobKeys.file(runKey, 'post', renditionFileName(label, r)))),
  );
  const { renditions } = await ctx.processing.renderImages.executeWithOptions(
    { summary: `renderImages #${label}` },
    [{ runKey, label, image, renditions: guide.renditions }],
  );
  const candidate: Candidate = {
    ...reviewed.candidate,
    prompt,
    image,
    seed,
    score: judgement.score,
    reasons: judgement.reasons,
    rounds: round,
  };
  return { candidate, renditions };
}
