/** Blob keys of a run's outputs: derived from the run and the step, so a retried step overwrites its own. */
export const blobKeys = {
  /** A checked, normalised input image. */
  intake: (runKey: string, name: string): string => `runs/${runKey}/intake/${name}.png`,
  /** An image a step produced. */
  step: (runKey: string, step: string, name: string): string => `runs/${runKey}/${step}/${name}.png`,
  /** A generated image: a prompt's index and its regeneration round. */
  generated: (runKey: string, index: number, round: number): string =>
    `runs/${runKey}/generation/${index}-r${round}.png`,
  /** A file of a step with its own extension (renditions in JPEG or WebP). */
  file: (runKey: string, step: string, fileName: string): string => `runs/${runKey}/${step}/${fileName}`,
};

/** The folder-like prefix under which every blob of a run lives: `runs/<runKey>/`. */
export function runFolderPrefix(runKey: string): string {
  return `runs/${runKey}/`;
}
