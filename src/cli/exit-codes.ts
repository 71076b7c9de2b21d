/** Exit codes of every `director` command: scripts branch on them, so they never change meaning. */
export const EXIT = {
  /** The command did what was asked (a run it waited for completed). */
  ok: 0,
  /** A run failed, was cancelled or rejected, or a replay found non-determinism. */
  failed: 1,
  /**
   * Bad input or usage: an unknown flag or input key, a wrong value, a file that cannot be read, a run
   * refused for its input (an image missing or unreadable), a request that does not apply.
   */
  usage: 2,
  /** The Temporal server could not be reached. */
  unreachable: 3,
  /** No workflow with that id in the namespace. */
  notFound: 4,
} as const;

/** One of the exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What kind of error a JSON error document reports, one per non-zero exit code. */
export const ERROR_KINDS: Record<ExitCode, string> = {
  0: 'none',
  1: 'failed',
  2: 'usage',
  3: 'unreachable',
  4: 'not-found',
};

/** The exit codes as `director --help` explains them. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  ok (a run that was waited for completed)
  1  the run failed, was cancelled or rejected; a replay found non-determinism
  2  bad input or usage (unknown flag or key, wrong value, unreadable file or image, request that
     does not apply)
  3  the Temporal server is unreachable (start one with \`director dev\`, or set TEMPORAL_ADDRESS)
  4  no workflow with that id

Every command takes --json: one JSON document on stdout (errors too: { "error": { kind, message } }).`;

/** An error the CLI reports as it is: its message for people, and the exit code it stands for. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage error (exit 2) naming what was wrong. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}
