/**
 * Obtaining the pinned Go programs (the Temporal server, its SQL tool, versitygw) on a machine that has the
 * Go module proxy but no internet: an explicit path setting, else the user-wide cache, else a build with
 * `go install` into the cache. A build first checks the module's checksum against the pin; the cached
 * binary's sha256 is recorded beside it and checked on every use, so a truncated or swapped file is rebuilt,
 * never run.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { executableName, findOnPath, isExecutableFile } from '../temporal/binary-probe';
import { GO_TOOLCHAIN, type GoToolPin } from './go-tool-pins';

/** How to resolve a Go tool; every field is optional. */
export interface GoToolOptions {
  /** The cache folder; default `DIRECTOR_TOOLS_CACHE`, else `~/.cache/linn-director/go-tools`. */
  cacheDir?: string;
  /** The environment to read settings and PATH from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Progress messages (a first build of the Temporal server takes about 17 minutes on 2 cores). */
  log?: (message: string) => void;
  /** Whether to build when nothing usable is cached; default true. */
  install?: boolean;
}

/** A usable executable and where it came from. */
export interface ResolvedGoTool {
  path: string;
  source: 'env' | 'cache' | 'go';
}

/** The user-wide cache, shared by every clone on the machine so a build happens once. */
export function defaultGoToolsCache(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DIRECTOR_TOOLS_CACHE) return path.resolve(env.DIRECTOR_TOOLS_CACHE);
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'linn-director', 'go-tools');
}

/** Where the cached build of `pin` lives: `<cacheDir>/<name>-<version>`, its sha256 in `<file>.sha256`. */
export function cachedToolFile(pin: GoToolPin, cacheDir: string): string {
  return path.join(cacheDir, executableName(`${pin.name}-${pin.version}`));
}

/**
 * Finds or builds `pin`. Throws naming the setting when `pin.pathEnv` names a missing file, and saying what
 * to install when there is no cached build and no Go (or the build fails, or the module's checksum differs
 * from the pin).
 */
export async function resolveGoTool(pin: GoToolPin, options: GoToolOptions = {}): Promise<ResolvedGoTool> {
  const { env = process.env, log = () => {}, install = true } = options;
  const explicit = env[pin.pathEnv];
  if (explicit) {
    if (!isExecutableFile(explicit)) {
      throw new Error(`${pin.pathEnv} is set to ${explicit}, which is not an executable file`);
    }
    return { path: explicit, source: 'env' };
  }
  const cacheDir = options.cacheDir ?? defaultGoToolsCache(env);
  const file = cachedToolFile(pin, cacheDir);
  const problem = await cachedBuildProblem(file);
  if (!problem) return { path: file, source: 'cache' };
  if (existsSync(file)) log(`ignoring the cached ${pin.name}: ${problem}`);
  const ref = `${pin.package}@${pin.version}`;
  if (!install)
    throw new Error(`no usable ${pin.name} in ${cacheDir} (${problem}); build it: go install ${ref}`);
  const goPath = findOnPath('go', env);
  if (!goPath) {
    throw new Error(
      `${pin.name} is not cached in ${cacheDir} and there is no \`go\` on PATH to build it. Install Go ` +
        `(any 1.21+; it fetches ${GO_TOOLCHAIN} itself), or build it elsewhere with ` +
        `\`GOTOOLCHAIN=${GO_TOOLCHAIN} go install ${ref}\` and set ${pin.pathEnv}=/path/to/it`,
    );
  }
  await buildIntoCache(pin, goPath, file, env, log);
  return { path: file, source: 'go' };
}

/** Why the cached file cannot be used (missing, not executable, no or wrong checksum), or undefined. */
async function cachedBuildProblem(file: string): Promise<string | undefined> {
  if (!isExecutableFile(file)) return 'not built yet';
  const recorded = await readFile(`${file}.sha256`, 'utf8').catch(() => '');
  if (!/^[0-9a-f]{64}$/.test(recorded.trim())) return 'its checksum file is missing';
  const actual = await sha256OfFile(file);
  return actual === recorded.trim() ? undefined : `its sha256 ${actual} differs from the recorded one`;
}

async function buildIntoCache(
  pin: GoToolPin,
  goPath: string,
  target: string,
  env: NodeJS.ProcessEnv,
  log: (message: string) => void,
): Promise<void> {
  const cacheDir = path.dirname(target);
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(path.join(cacheDir, `.build-${pin.name}-`));
  const goEnv = { ...env, GOTOOLCHAIN: GO_TOOLCHAIN, GOBIN: path.join(work, 'bin'), GOFLAGS: '-mod=mod' };
  try {
    const moduleRef = `${pin.module}@${pin.version}`;
    const download = await runGo(goPath, ['mod', 'download', '-json', moduleRef], goEnv, work, () => {});
    const sum = (JSON.parse(download) as { Sum?: string }).Sum;
    if (sum !== pin.moduleSum) {
      throw new Error(`${moduleRef} has checksum ${sum ?? '(none)'}, but the pin says ${pin.moduleSum}`);
    }
    const ref = `${pin.package}@${pin.version}`;
    log(`building ${ref} with ${GO_TOOLCHAIN} into ${cacheDir} (minutes the first time; cached after)`);
    const started = Date.now();
    const ticker = setInterval(
      () => log(`  still building ${pin.name} (${Math.round((Date.now() - started) / 60_000)} min)`),
      60_000,
    );
    try {
      await runGo(goPath, ['install', ref], goEnv, work, log);
    } finally {
      clearInterval(ticker);
    }
    const built = path.join(work, 'bin', executableName(path.basename(pin.package)));
    const sha256 = await sha256OfFile(built);
    await writeFile(path.join(work, 'sha256'), `${sha256}\n`);
    await rename(built, target);
    await rename(path.join(work, 'sha256'), `${target}.sha256`);
    log(
      `built ${pin.name} ${pin.version} in ${Math.round((Date.now() - started) / 1000)} s (sha256 ${sha256})`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Runs go; resolves its stdout, rejects with the tail of its output when it fails. */
function runGo(
  goPath: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  log: (message: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(goPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) log(`  go: ${line}`);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else {
        const tail = (stderr || stdout).trim().split('\n').slice(-10).join('\n');
        reject(new Error(`go ${args.join(' ')} failed (exit ${code}):\n${tail}`));
      }
    });
  });
}

function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
