import { nonRetryable } from '../../shared/failures';
import type { ReviewRequest, ReviewState } from '../../shared/review';

/** Longest redo note: it is added to a prompt, and prompts stay short. */
export const MAX_REVIEW_NOTE = 300;

const ACTIONS = ['keep', 'drop', 'redo'];
const REQUEST_KEYS = new Set(['decisions', 'by']);
const DECISION_KEYS = new Set(['index', 'action', 'note']);

/**
 * The `review` update's validator: throws a non-retryable `InvalidInput` naming the field and the value when
 * the run is not waiting at its gate, or a decision does not fit: an empty list, an unknown key, an unknown
 * candidate index, one named twice, one already kept, dropped or being redone, a redo past
 * `approval.maxReviewRounds`, or a note on anything but a redo. Pure: reads the state, changes nothing.
 */
export function checkReviewRequest(state: ReviewState | undefined, request: ReviewRequest): void {
  const refuse = (message: string) => {
    throw nonRetryable('InvalidInput', `review: ${message}`);
  };
  if (!state) return refuse('this run is not at its review gate (it has not reached it)');
  if (!state.waiting) {
    const redoing = state.candidates.filter((c) => c.state === 'redoing').length;
    return refuse(
      redoing > 0
        ? `this run is not at its review gate: it is redoing ${redoing} candidate(s) for round ${state.round + 1}`
        : 'this run is not at its review gate (it has passed it)',
    );
  }
  if (typeof request !== 'object' || request === null) return refuse('the request must be an object');
  unknownKeys(request, REQUEST_KEYS, 'request', refuse);
  if (request.by !== undefined && typeof request.by !== 'string')
    refuse(`by: must be text, got ${String(request.by)}`);
  const { decisions } = request;
  if (!Array.isArray(decisions) || decisions.length === 0)
    return refuse('decisions: give at least one decision (keep, drop or redo a candidate)');
  const known = state.candidates.map((c) => c.index).join(', ');
  const seen = new Set<number>();
  decisions.forEach((decision, i) => {
    const at = `decisions[${i}]`;
    unknownKeys(decision, DECISION_KEYS, at, refuse);
    const { index, action, note } = decision;
    if (!ACTIONS.includes(action))
      refuse(`${at}.action: must be keep, drop or redo, got '${String(action)}'`);
    const candidate = state.candidates.find((c) => c.index === index);
    if (!candidate) refuse(`${at}.index: ${String(index)} is not a candidate (candidates: ${known})`);
    if (seen.has(index)) refuse(`${at}.index: candidate ${index} is named twice`);
    seen.add(index);
    if (candidate && candidate.state !== 'pending')
      refuse(
        `${at}.index: candidate ${index} is already ${candidate.state === 'redoing' ? 'being redone' : candidate.state}`,
      );
    if (note !== undefined && (typeof note !== 'string' || action !== 'redo'))
      refuse(`${at}.note: only a redo takes a note (text), got ${JSON.stringify(note)} with '${action}'`);
    if (typeof note === 'string' && note.length > MAX_REVIEW_NOTE)
      refuse(`${at}.note: at most ${MAX_REVIEW_NOTE} characters, got ${note.length}`);
    if (action === 'redo' && state.round >= state.maxRounds)
      refuse(
        `${at}: candidate ${index} cannot be redone: review round ${state.round} is the last ` +
          `(approval.maxReviewRounds is ${state.maxRounds}); keep or drop it`,
      );
  });
}

function unknownKeys(
  value: unknown,
  allowed: Set<string>,
  at: string,
  refuse: (message: string) => void,
): void {
  if (typeof value !== 'object' || value === null) return refuse(`${at}: must be an object`);
  const extra = Object.keys(value).filter((key) => !allowed.has(key));
  if (extra.length > 0) refuse(`${at}: unknown key(s) ${extra.map((k) => `'${k}'`).join(', ')}`);
}
