import { reportError, toCliError } from './cli-errors';
import { createOutput, type Output } from './output';
import { targetOf, temporalSettings } from './temporal-session';

function safeTarget(): { address: string; namespace: string } {
  try {
    return targetOf(temporalSettings());
  } catch {
    return { address: 'localhost:7233', namespace: 'default' }; // only used to word a message
  }
}

/**
 * Runs a command's body and exits the process with the code it resolves to. Any error becomes a clear
 * message (or a JSON error document with `--json`) and its exit code: see `EXIT`.
 */
export function runAction(options: { json?: boolean }, body: (out: Output) => Promise<number>): void {
  const out = createOutput(options.json === true);
  Promise.resolve()
    .then(() => body(out))
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        const failure = toCliError(error, safeTarget());
        reportError(out, failure);
        process.exit(failure.exitCode);
      },
    );
}
