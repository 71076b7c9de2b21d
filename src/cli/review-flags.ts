import type { ReviewDecision } from '../shared/review';
import { usageError } from './exit-codes';

/** Options of `director review`: each flag repeatable; `--keep` / `--drop` take comma lists. */
export interface ReviewFlags {
  keep?: string[];
  drop?: string[];
  /** `<index>` or `<index>:<note>`, e.g. `3:warmer light`. */
  redo?: string[];
  by?: string;
}

/** A candidate index as typed: a whole number, nothing else. */
function indexOf(flag: string, text: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed))
    throw usageError(`${flag}: '${text}' is not a candidate index (a whole number, e.g. ${flag} 0,2)`);
  return Number(trimmed);
}

/**
 * The decisions `director review` sends, in the order typed. Throws a usage error naming the flag and the
 * value for a word where an index belongs, an empty list, or a candidate named twice; a redo may come with
 * or without a note (without one, the candidate is drawn again from the same prompt with a new seed).
 */
export function reviewDecisions(flags: ReviewFlags): ReviewDecision[] {
  const decisions: ReviewDecision[] = [];
  const lists = (values: string[] | undefined) => (values ?? []).flatMap((value) => value.split(','));
  for (const text of lists(flags.keep)) decisions.push({ index: indexOf('--keep', text), action: 'keep' });
  for (const text of lists(flags.drop)) decisions.push({ index: indexOf('--drop', text), action: 'drop' });
  for (const text of flags.redo ?? []) {
    const colon = text.indexOf(':');
    const index = indexOf('--redo', colon < 0 ? text : text.slice(0, colon));
    const note = colon < 0 ? '' : text.slice(colon + 1).trim();
    decisions.push({ index, action: 'redo', ...(note ? { note } : {}) });
  }
  if (decisions.length === 0)
    throw usageError('give at least one decision: --keep <i,j>, --drop <i,j> or --redo <i>:"note"');
  const seen = new Set<number>();
  for (const { index } of decisions) {
    if (seen.has(index)) throw usageError(`candidate ${index} is named twice (--keep, --drop, --redo)`);
    seen.add(index);
  }
  return decisions;
}
