import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** What a finished `director` process left behind. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A `director` process still running: its outcome, and a way to wait for something it prints. */
export interface StartedCli {
  result: Promise<CliRun>;
  /** Resolves once stdout (or stderr, when named) matches `pattern`; rejects if the process ends first. */
  printed(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<void>;
  /** Sends the process SIGINT, as Ctrl-C in a terminal does. */
  interrupt(): void;
}

/**
 * Starts the real CLI (`node --import tsx src/client.ts …`) as a child process against `address`, with
 * `env` on top of this process's environment. Asynchronous on purpose: a test's worker runs in this
 * process and must keep polling while the CLI waits for a run.
 */
export function startCli(
  args: string[],
  options: { address?: string; env?: Record<string, string | undefined> } = {},
): StartedCli {
  const env: NodeJS.ProcessEnv = { ...process.env, TEMPORAL_NAMESPACE: 'default', ...options.env };
  if (options.address) env.TEMPORAL_ADDRESS = options.address;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/client.ts', ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; stream: 'stdout' | 'stderr'; resolve: () => void }[] = [];
  const text = (stream: 'stdout' | 'stderr') => (stream === 'stdout' ? stdout : stderr);
  const notify = () => {
    for (const watcher of watchers.filter((w) => w.pattern.test(text(w.stream)))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    notify();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    notify();
  });
  const result = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
  return {
    result,
    interrupt: () => void child.kill('SIGINT'),
    printed: (pattern, stream = 'stdout') =>
      pattern.test(text(stream))
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => watchers.push({ pattern, stream, resolve })),
            result.then((run) =>
              assert.fail(
                `the CLI ended (exit ${run.code}) without printing ${String(pattern)}:\n${run.stdout}\n${run.stderr}`,
              ),
            ),
          ]),
  };
}

/** Runs the CLI to the end (see `startCli`). */
export function runCli(
  args: string[],
  options: { address?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  return startCli(args, options).result;
}

/** The one JSON document a `--json` run printed on stdout; fails the test, showing both streams, if not. */
export function jsonOf<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    assert.fail(`stdout is not one JSON document (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

/** Asserts the exit code, showing the output when it is not the expected one. */
export function assertExit(run: CliRun, code: number): void {
  assert.equal(
    run.code,
    code,
    `exit ${run.code}, expected ${code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`,
  );
}
