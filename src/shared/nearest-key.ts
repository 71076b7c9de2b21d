/**
 * Edit distance between two strings (Levenshtein: insertions, deletions and substitutions each cost 1),
 * compared case-insensitively so `BatchCount` is one step from nothing but its case.
 */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  // One row of the classic table at a time: the previous row is all the next one needs.
  let previous = Array.from({ length: right.length + 1 }, (_, j) => j);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/**
 * The known key closest to `key`, when it is close enough to be a slip of the keyboard: at most a third
 * of the longer name's letters differ (so `approvel` finds `approval`, and `colour` finds nothing in a list
 * of sizes). Ties go to the first known key. Undefined when nothing is close.
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    const allowed = Math.max(1, Math.floor(Math.max(key.length, candidate.length) / 3));
    if (distance <= allowed && (best === undefined || distance < best.distance))
      best = { key: candidate, distance };
  }
  return best?.key;
}
