/**
 * glibc malloc settings for Director worker processes. sharp's image buffers are large and short-lived;
 * with glibc's defaults they land in up to 8 × cores arenas and in heap regions that are not given back,
 * so a worker's RSS climbs with every image it touches. Two arenas and a fixed 128 KiB mmap threshold (a
 * buffer that large is mapped on its own and unmapped when freed) keep it flat; BENCHMARKS.md has the
 * figures. glibc reads them once, at process start: they go into the environment of the processes the
 * project starts (bench, cluster, tests), the Dockerfile and the npm scripts, never into a running one.
 */
export const WORKER_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

/** `env` with the worker's malloc settings under it: a value the caller sets wins. */
export function withWorkerMalloc(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...WORKER_MALLOC_ENV, ...env };
}
