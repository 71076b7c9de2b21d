/** Finding executables and checking that a Temporal binary really runs. */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** The platform's file name for an executable (`temporal` → `temporal.exe` on Windows). */
export function executableName(name: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? `${name}.exe` : name;
}

/** Whether `file` is a regular file this process may execute; never throws. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` in the folders of `env.PATH` (honouring PATHEXT on Windows), if any. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const pathValue = env.PATH ?? env.Path ?? '';
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of pathValue.split(path.delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension.toLowerCase());
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Runs a program to completion and returns its exit code and output; rejects only when it cannot start. */
export async function runProgram(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const execOptions = {
      env: options.env,
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 16 * 1024 * 1024,
    };
    execFile(file, args, execOptions, (error, stdout, stderr) => {
      const startFailure = error && typeof error.code === 'string' ? error : undefined;
      if (startFailure) reject(new Error(`cannot run ${file}: ${startFailure.message}`));
      else
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/**
 * Runs `<cli> --version` and returns the CLI version (`1.9.1` from `temporal version 1.9.1 (Server …)`);
 * throws when the binary does not run or does not answer like the Temporal CLI.
 */
export async function probeTemporalCli(cliPath: string): Promise<{ version: string; banner: string }> {
  const { code, stdout, stderr } = await runProgram(cliPath, ['--version']);
  const banner = stdout.trim().split('\n')[0] ?? '';
  const match = /^temporal version (\S+)/.exec(banner);
  if (code !== 0 || !match?.[1]) {
    throw new Error(
      `${cliPath} --version did not answer like the Temporal CLI (exit ${code}): ${(stdout + stderr).trim()}`,
    );
  }
  return { version: match[1], banner };
}

/**
 * Runs the time-skipping test server without arguments (it prints its usage and exits) to check it starts;
 * throws when it does not.
 */
export async function probeTestServer(serverPath: string): Promise<void> {
  const { code, stdout, stderr } = await runProgram(serverPath, []);
  if (code !== 0 || !/usage/i.test(stdout + stderr)) {
    throw new Error(
      `${serverPath} did not answer like the Temporal test server (exit ${code}): ${(stdout + stderr).trim()}`,
    );
  }
}
