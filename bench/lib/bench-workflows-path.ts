/** The bench worker's workflow entry (bench/workflows): every Director plus the benchmark's own workflows. */
export const BENCH_WORKFLOWS = require.resolve('../workflows');
