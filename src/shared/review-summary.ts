/**
 * The short form of a review gate's state: what a run summary carries and the one line `status`, `watch`
 * and the Web UI's details print for it. Pure; imports nothing from Node.
 */
import type { ReviewState, ReviewSummary } from './review';

/** Counts the candidates of a review by state; undefined until the review has been published somewhere. */
export function summarizeReview(state: ReviewState): ReviewSummary | undefined {
  if (state.location === undefined) return undefined;
  const count = (wanted: string) => state.candidates.filter((c) => c.state === wanted).length;
  return {
    location: state.location,
    round: state.round,
    pending: count('pending'),
    kept: count('kept'),
    dropped: count('dropped'),
    redoing: count('redoing'),
  };
}

/** `review: /abs/review.html · round 1 · 2 kept, 1 dropped, 1 redoing` (zero counts left out). */
export function describeReview(review: ReviewSummary): string {
  const counts = (['pending', 'kept', 'dropped', 'redoing'] as const)
    .filter((state) => review[state] > 0)
    .map((state) => `${review[state]} ${state}`);
  return [
    `review: ${review.location}`,
    `round ${review.round}`,
    ...(counts.length ? [counts.join(', ')] : []),
  ].join(' · ');
}
