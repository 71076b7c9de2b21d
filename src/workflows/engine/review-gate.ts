import type { Duration } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import { reviewQuery, reviewUpdate, type ApprovalOutcome } from '../../shared/messages';
import type { ReviewCandidate, ReviewRequest, ReviewState } from '../../shared/review';
import type { ApprovalGate } from './approval';
import { checkReviewRequest } from './review-rules';

/** How one wait at the gate ended. */
export type GateTurn =
  /** A whole-batch rejection (`reject`, or the timeout's default with nothing kept by anyone). */
  | { rejected: ApprovalOutcome }
  /** Every candidate is kept, dropped or to be redone; `redo` lists the last, with their notes. */
  | { redo: { index: number; note: string | undefined }[] };

/**
 * A per-image review at an approval gate: the `review` update (keep, drop or redo each candidate, checked by
 * its validator) and the `review` query, next to the whole-batch `approve` / `reject` of the `ApprovalGate`.
 * Construct at the start of a run (an early `review` is refused as not at the gate); `open` it with the
 * candidates, then `wait` once per review round. Deterministic: state changes only in handlers and here.
 */
export class ReviewGate {
  private state: ReviewState | undefined;
  private readonly redoNotes = new Map<number, string | undefined>();
  private defaulted = false;
  private lastBy: string | undefined;

  /** Registers the `review` update and query; `onChange` hears every change (the run summary's review). */
  constructor(
    private readonly approval: ApprovalGate,
    private readonly onChange: (state: ReviewState) => void,
  ) {
    setHandler(reviewUpdate, (request) => this.decide(request), {
      validator: (request: ReviewRequest) => checkReviewRequest(this.state, request),
    });
    setHandler(reviewQuery, () => (this.state ? copyState(this.state) : undefined));
  }

  /** Puts the candidates before the reviewer (all pending, review round 0). */
  open(candidates: ReviewCandidate[], maxRounds: number): void {
    this.state = { waiting: false, round: 0, maxRounds, candidates };
    this.onChange(copyState(this.state));
  }

  /** The gate's state as it stands (a copy). Throws before `open`. */
  current(): ReviewState {
    return copyState(this.opened());
  }

  /** Records where the review was published. */
  setLocation(location: string): void {
    this.opened().location = location;
    this.onChange(this.current());
  }

  /** Replaces a candidate after a redo (or puts it back as it was when the redo failed): pending again. */
  renew(candidate: ReviewCandidate): void {
    const state = this.opened();
    state.candidates = state.candidates.map((c) => (c.index === candidate.index ? candidate : c));
    this.onChange(this.current());
  }

  /** Starts the next review round, after a batch of redos. */
  nextRound(): void {
    this.opened().round += 1;
    this.onChange(this.current());
  }

  /**
   * Waits until no candidate is pending, a whole-batch decision arrives, or `timeout` passes. An `approve`
   * keeps every candidate not dropped (redo requests are dropped with it); a `reject` is returned as is;
   * at the timeout, pending candidates take `onTimeout` (approve → kept, reject → dropped).
   */
  async wait(timeout: Duration, onTimeout: 'approve' | 'reject'): Promise<GateTurn> {
    const state = this.opened();
    this.redoNotes.clear();
    state.waiting = true;
    this.onChange(this.current());
    const pending = () => state.candidates.some((c) => c.state === 'pending');
    try {
      const { outcome, timedOut } = await this.approval.waitFor(timeout, () => !pending());
      if (outcome?.decision === 'reject') return { rejected: outcome };
      for (const candidate of state.candidates) {
        if (outcome?.decision === 'approve' && candidate.state !== 'dropped') {
          Object.assign(candidate, { state: 'kept', by: outcome.by });
        } else if (timedOut && candidate.state === 'pending') {
          Object.assign(candidate, { state: onTimeout === 'approve' ? 'kept' : 'dropped', by: 'timeout' });
          this.defaulted = true;
        }
      }
      if (outcome) this.lastBy = outcome.by;
      const redo = state.candidates
        .filter((c) => c.state === 'redoing')
        .map((c) => ({ index: c.index, note: this.redoNotes.get(c.index) }));
      return { redo };
    } finally {
      state.waiting = false;
      this.onChange(this.current());
    }
  }

  /** Who decided last (`timeout` when the default applied to any candidate), for the run's result. */
  decidedBy(): { by: string; timedOut: boolean } {
    return { by: this.defaulted ? 'timeout' : (this.lastBy ?? 'unknown'), timedOut: this.defaulted };
  }

  private decide(request: ReviewRequest): ReviewState {
    const state = this.opened();
    const by = request.by?.trim() || 'unknown';
    for (const decision of request.decisions) {
      const candidate = state.candidates.find((c) => c.index === decision.index);
      if (!candidate) continue; // the validator refused unknown indexes; a replayed update meets the same state
      const note = decision.note?.trim() || undefined;
      const next = { keep: 'kept', drop: 'dropped', redo: 'redoing' } as const;
      Object.assign(candidate, { state: next[decision.action], by });
      if (decision.action === 'redo') {
        this.redoNotes.set(candidate.index, note);
        if (note) candidate.notes = [...candidate.notes, note];
      }
    }
    this.lastBy = by;
    this.onChange(this.current());
    return this.current();
  }

  private opened(): ReviewState {
    if (!this.state) throw new Error('the review gate has not been opened');
    return this.state;
  }
}

function copyState(state: ReviewState): ReviewState {
  return { ...state, candidates: state.candidates.map((c) => ({ ...c, notes: [...c.notes] })) };
}
