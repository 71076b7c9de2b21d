/** The last install route for the Temporal CLI: building it from source with the local Go toolchain. */
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { TEMPORAL_CLI_GO_MODULE } from './binary-versions';
import { executableName, runProgram } from './binary-probe';

/**
 * Builds the Temporal CLI with `go install` (modules from the Go proxy; minutes of compiling) into a
 * temporary GOBIN and renames it into `cacheDir`; returns its path, throws with Go's output when it fails.
 */
export async function installCliWithGo(options: {
  goPath: string;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
}): Promise<string> {
  const { goPath, cacheDir, env, log } = options;
  const moduleRef = `${TEMPORAL_CLI_GO_MODULE.package}@${TEMPORAL_CLI_GO_MODULE.version}`;
  await mkdir(cacheDir, { recursive: true });
  const gobin = await mkdtemp(path.join(cacheDir, '.go-install-'));
  try {
    log(`building ${moduleRef} with ${goPath} (downloads modules and compiles for several minutes)`);
    const started = Date.now();
    const args = ['install', '-trimpath', `-ldflags=${TEMPORAL_CLI_GO_MODULE.ldflags}`, moduleRef];
    const result = await runProgram(goPath, args, {
      env: { ...env, GOBIN: gobin, CGO_ENABLED: '0' },
      timeoutMs: 60 * 60_000,
    });
    if (result.code !== 0) {
      const tail = (result.stderr || result.stdout).trim().split('\n').slice(-8).join('\n');
      throw new Error(`go install ${moduleRef} failed (exit ${result.code}):\n${tail}`);
    }
    const target = path.join(cacheDir, executableName('temporal'));
    await rename(path.join(gobin, executableName('temporal')), target);
    log(`built the Temporal CLI in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return target;
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
}
