/**
 * Where a command's output goes. With `--json` the command's one JSON document is the only thing on
 * stdout, so scripts can parse it; lines meant for people are then dropped, and diagnostics go to stderr.
 */
export interface Output {
  /** Whether `--json` was given. */
  readonly json: boolean;
  /** Prints a line for people (dropped with `--json`). */
  readonly line: (text: string) => void;
  /** Prints the command's JSON document (only with `--json`; ignored otherwise). */
  readonly document: (value: unknown) => void;
  /** Prints a diagnostic to stderr, in both modes. */
  readonly warn: (text: string) => void;
  /** The stream live views draw on (stdout for people; stderr with `--json`, which never draws). */
  readonly stream: NodeJS.WriteStream;
}

/** An Output over the process's stdout and stderr. */
export function createOutput(json: boolean): Output {
  return {
    json,
    line: (text) => {
      if (!json) process.stdout.write(`${text}\n`);
    },
    document: (value) => {
      if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    warn: (text) => process.stderr.write(`${text}\n`),
    stream: json ? process.stderr : process.stdout,
  };
}
