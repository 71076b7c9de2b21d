/**
 * The per-image review at a Creative Director's approval gate: what a person decides for each candidate
 * (keep, drop, or redo with a note that amends its prompt) and the state the gate answers with. Plain
 * data shared by the workflow, the CLI and tests; imports nothing.
 */

/** What a person decides for one candidate. */
export type ReviewAction = 'keep' | 'drop' | 'redo';

/** One candidate's decision; `note` (for `redo`) is added to the candidate's prompt. */
export interface ReviewDecision {
  /** The candidate's prompt index, as `review.html` and `status` show it. */
  index: number;
  action: ReviewAction;
  note?: string;
}

/** The `review` update's argument: decisions for some or all candidates, and who made them. */
export interface ReviewRequest {
  decisions: ReviewDecision[];
  by?: string;
}

/** Where a candidate stands at the gate. */
export type CandidateState = 'pending' | 'kept' | 'dropped' | 'redoing';

/** One candidate as the gate shows it. */
export interface ReviewCandidate {
  index: number;
  state: CandidateState;
  /** The judge's score of its current image. */
  score: number;
  /** The seed its current image was generated with (a redo draws a new one). */
  seed: number;
  /** The regeneration round of its current image (judge rounds and review redos both count). */
  round: number;
  /** The prompt its current image was generated from, redo notes included. */
  prompt: string;
  /** The redo notes given so far, oldest first. */
  notes: string[];
  /** Who decided its current state, when someone did. */
  by?: string;
}

/** The gate's state: the `review` update's answer and the `review` query. */
export interface ReviewState {
  /** Whether the gate is waiting for decisions now (false while redos are being made). */
  waiting: boolean;
  /** Review round: 0 for the first look, +1 after each batch of redos. */
  round: number;
  /** Most review rounds with redos; a redo past it is refused. */
  maxRounds: number;
  /** Where `review.html` is, for people: an absolute path or an `s3://…` URI. */
  location?: string;
  candidates: ReviewCandidate[];
}

/** The short form a run summary carries (shown by `status`, `watch` and the Web UI's details). */
export interface ReviewSummary {
  location: string;
  round: number;
  pending: number;
  kept: number;
  dropped: number;
  redoing: number;
}
