/** Runs `total` jobs with at most `inFlight` at once; returns each job's duration (ms, in job order) and the wall time. */
export async function runPool(
  total: number,
  inFlight: number,
  job: (index: number) => Promise<unknown>,
): Promise<{ durations: number[]; wallMs: number }> {
  const durations: number[] = new Array<number>(total).fill(NaN);
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      const index = next++;
      const at = performance.now();
      await job(index);
      durations[index] = performance.now() - at;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(inFlight, total)) }, lane));
  return { durations, wallMs: performance.now() - started };
}

/** Runs `fn` on every item, `limit` at a time, and returns the results in order (for bulk client calls). */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  await runPool(items.length, limit, async (index) => {
    results[index] = await fn(items[index] as T);
  });
  return results;
}
