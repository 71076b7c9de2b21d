/** Running a one-shot command of the bring-up (initdb, pg_ctl, the SQL tool) and failing with its output. */
import { spawn } from 'node:child_process';

/** Runs `command` to completion; resolves its combined output, rejects with the output's tail on failure. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; what: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a Ctrl-C during the bring-up reaches the harness, which then cleans up.
    const child = spawn(command, [...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) =>
      reject(new Error(`${options.what}: cannot run ${command}: ${error.message}`)),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output);
      else {
        const tail = output.trim().split('\n').slice(-12).join('\n');
        reject(
          new Error(
            `${options.what} failed (${signal ?? `exit ${code}`}): ${command} ${args.join(' ')}\n${tail}`,
          ),
        );
      }
    });
  });
}
