/** Blob keys of a run's outputs: derived from the run and the step, so a retried step overwrites its own. */
export const blobKeys = {
  /** A checked, normalised input image. */
  intake: (runKey: string, name: string): string => `runs/${runKey}/intake/${name}.png`,
  /** An image a step produced. */
  step: (runKey: string, step: string, name: string): string => `runs/${runKey}/${step}/${name}.png`,
};
