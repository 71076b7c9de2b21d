import type { ReviewState } from '../shared/review';

/** Renders a review gate's state for the terminal: where the page is, then one line per candidate. */
export function renderReviewState(state: ReviewState): string[] {
  const lines = [
    `review round ${state.round} of at most ${state.maxRounds}${state.location ? `: ${state.location}` : ''}`,
  ];
  for (const c of state.candidates) {
    const by = c.by ? ` by ${c.by}` : '';
    const facts = `score ${c.score.toFixed(2)} · seed ${c.seed} · round ${c.round}`;
    lines.push(`  #${c.index}  ${c.state.padEnd(7)}${by}  ${facts}  ${c.prompt.slice(0, 60)}`);
  }
  return lines;
}
