/**
 * The intake check for user-supplied images. Decisions: JPEG, PNG, WebP, AVIF, TIFF and GIF are read; SVG
 * is refused (a drawing, not a photo, and it may reference other files), as are JPEG 2000 and HEIC, which
 * sharp's prebuilt binaries cannot decode. Animations and multi-page files give their first frame, up to
 * `maxFrames` frames; more is refused as `ImageTooLarge`. Sizes are checked from the file size and the
 * header before any pixel is decoded, and decoding stops at the first error, so truncated data is
 * `CorruptImage` rather than a grey half-image. Images under `minSide` and fully transparent ones are
 * `InvalidInput`: there is no product photo in them.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Metadata } from 'sharp';
import sharp from 'sharp';
import type { ImageData } from '../model/creative-model';
import { nonRetryable } from '../shared/failures';

/** Limits on an input image, checked from the file size and the header before any pixel is decoded. */
export interface ImageLimits {
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  /** Largest accepted pixel count (width × height of one frame). */
  maxPixels: number;
  /** Longest accepted side, in pixels. */
  maxSide: number;
  /** Shortest accepted side, in pixels: smaller images are icons, not product photos. */
  minSide: number;
  /** Most frames (animation frames, pages) accepted; only the first is used. */
  maxFrames: number;
}

/** The default input limits: 40 MB, 40 megapixels, 12000 px a side, at least 64 px a side, 50 frames. */
export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = Object.freeze({
  maxBytes: 40 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxSide: 12_000,
  minSide: 64,
  maxFrames: 50,
});

// Raster formats a studio sends that sharp decodes. SVG is refused on purpose: it is a drawing, not a photo,
// and rendering it would fetch or embed whatever it references. AVIF shows up as 'heif'.
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

/**
 * Reads an image file and returns it normalised: upright by EXIF orientation, sRGB, PNG (alpha kept), first
 * frame only. Throws non-retryable `ImageNotFound`, `InvalidInput`, `UnsupportedImage`, `CorruptImage` or
 * `ImageTooLarge` naming the path and the problem; it writes nothing.
 */
export async function readInputImage(file: string, limits: Partial<ImageLimits> = {}): Promise<ImageData> {
  const all = { ...DEFAULT_IMAGE_LIMITS, ...limits };
  const info = await stat(file).catch((error: unknown) => {
    throw fileFailure(file, error);
  });
  if (info.isDirectory()) {
    throw nonRetryable('InvalidInput', `image path '${file}' is a directory, not an image file`, {
      path: file,
    });
  }
  if (!info.isFile()) {
    throw nonRetryable('InvalidInput', `image path '${file}' is not a regular file`, { path: file });
  }
  checkByteSize(info.size, file, all);
  const bytes = await readFile(file).catch((error: unknown) => {
    throw fileFailure(file, error);
  });
  return decodeImageBytes(bytes, file, all);
}

/**
 * Checks and normalises image bytes already in memory, exactly as `readInputImage` does for a file;
 * `label` (a path or a blob key) names the image in error messages. Throws the same typed failures.
 */
export async function decodeImageBytes(
  bytes: Buffer,
  label: string,
  limits: Partial<ImageLimits> = {},
): Promise<ImageData> {
  const all = { ...DEFAULT_IMAGE_LIMITS, ...limits };
  checkByteSize(bytes.length, label, all);
  // Headers only, with no pixel limit, so that a giant image is reported with its real size.
  const metadata = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw decodeFailure(label, bytes, error);
    });
  checkMetadata(metadata, label, all);
  if (isNormalisedPng(metadata)) return keepNormalisedPng(bytes, label, all, metadata);
  const pipeline = sharp(bytes, {
    failOn: 'error',
    limitInputPixels: all.maxPixels,
    sequentialRead: true,
    pages: 1,
    page: 0,
  })
    .autoOrient()
    .toColourspace('srgb')
    .png({ compressionLevel: 6 });
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true }).catch((error: unknown) => {
    throw decodeFailure(label, bytes, error);
  });
  if (info.channels === 4 && (await isFullyTransparent(data))) {
    throw nonRetryable('InvalidInput', `image '${label}' is fully transparent: there is nothing to show`, {
      image: label,
    });
  }
  return { bytes: data, mimeType: 'image/png', width: info.width, height: info.height };
}

/**
 * Whether the bytes are already what normalising would make of them, pixel for pixel: an 8-bit RGB or RGBA
 * PNG in sRGB with no colour profile and no orientation to apply. Such a file is kept as it came: a PNG
 * re-encode costs more CPU than everything else the intake does, and gives back the same pixels.
 */
function isNormalisedPng(metadata: Metadata): boolean {
  return (
    metadata.format === 'png' &&
    metadata.depth === 'uchar' &&
    metadata.space === 'srgb' &&
    (metadata.channels === 3 || metadata.channels === 4) &&
    metadata.isPalette !== true &&
    metadata.hasProfile !== true &&
    (metadata.orientation ?? 1) === 1 &&
    (metadata.pages ?? 1) === 1
  );
}

// Decodes the whole image once, stopping at the first error as the re-encoding path does, so that a
// truncated or corrupt file is refused all the same; the decoded pixels answer the transparency check.
async function keepNormalisedPng(
  bytes: Buffer,
  label: string,
  limits: ImageLimits,
  metadata: Metadata,
): Promise<ImageData> {
  const { data, info } = await sharp(bytes, {
    failOn: 'error',
    limitInputPixels: limits.maxPixels,
    sequentialRead: true,
  })
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      throw decodeFailure(label, bytes, error);
    });
  if (info.channels === 4 && isTransparentEverywhere(data)) {
    throw nonRetryable('InvalidInput', `image '${label}' is fully transparent: there is nothing to show`, {
      image: label,
    });
  }
  return { bytes, mimeType: 'image/png', width: metadata.width, height: metadata.height };
}

function isTransparentEverywhere(rgba: Buffer): boolean {
  for (let o = 3; o < rgba.length; o += 4) if (rgba[o] !== 0) return false;
  return true;
}

function checkByteSize(size: number, label: string, limits: ImageLimits): void {
  if (size === 0) throw nonRetryable('InvalidInput', `image '${label}' is empty (0 bytes)`, { image: label });
  if (size > limits.maxBytes) {
    throw nonRetryable(
      'ImageTooLarge',
      `image '${label}' is ${megabytes(size)} MB; the limit is ${megabytes(limits.maxBytes)} MB`,
      { image: label, bytes: size, maxBytes: limits.maxBytes },
    );
  }
}

function checkMetadata(metadata: Metadata, label: string, limits: ImageLimits): void {
  const format = metadata.format as string;
  if (format === 'svg') {
    throw nonRetryable(
      'UnsupportedImage',
      `image '${label}' is SVG, a drawing rather than a photo: send PNG or JPEG`,
      {
        image: label,
        format,
      },
    );
  }
  if (!ACCEPTED_FORMATS.has(format) || (format === 'heif' && metadata.compression !== 'av1')) {
    const name = format === 'heif' ? `HEIF (${metadata.compression ?? 'unknown'})` : format;
    throw nonRetryable(
      'UnsupportedImage',
      `image '${label}' is ${name}, which is not supported: send JPEG, PNG, WebP, AVIF, TIFF or GIF`,
      {
        image: label,
        format,
      },
    );
  }
  const frames = metadata.pages ?? 1;
  if (frames > limits.maxFrames) {
    throw nonRetryable(
      'ImageTooLarge',
      `image '${label}' has ${frames} frames; the limit is ${limits.maxFrames}`,
      {
        image: label,
        frames,
        maxFrames: limits.maxFrames,
      },
    );
  }
  const { width, height } = metadata.autoOrient;
  if (width * height > limits.maxPixels || Math.max(width, height) > limits.maxSide) {
    throw nonRetryable(
      'ImageTooLarge',
      `image '${label}' is ${width}x${height} pixels (${((width * height) / 1e6).toFixed(1)} megapixels); the limit is ` +
        `${(limits.maxPixels / 1e6).toFixed(0)} megapixels and ${limits.maxSide} pixels a side`,
      { image: label, width, height, maxPixels: limits.maxPixels, maxSide: limits.maxSide },
    );
  }
  if (Math.min(width, height) < limits.minSide) {
    throw nonRetryable(
      'InvalidInput',
      `image '${label}' is ${width}x${height} pixels; an image must be at least ${limits.minSide} pixels a side`,
      { image: label, width, height, minSide: limits.minSide },
    );
  }
}

async function isFullyTransparent(png: Buffer): Promise<boolean> {
  const stats = await sharp(png).stats();
  return (stats.channels[3]?.max ?? 255) === 0;
}

function fileFailure(file: string, error: unknown) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return nonRetryable('ImageNotFound', `image file '${file}' does not exist`, { path: file });
  }
  if (code === 'EISDIR')
    return nonRetryable('InvalidInput', `image path '${file}' is a directory`, { path: file });
  return nonRetryable('InvalidInput', `image file '${file}' cannot be read (${code ?? String(error)})`, {
    path: file,
    code,
  });
}

// sharp reports every decoding problem as a plain Error; its message tells the kinds apart.
function decodeFailure(label: string, bytes: Buffer, error: unknown) {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  if (/unsupported image format/i.test(reason)) {
    const what = isJpeg2000(bytes)
      ? 'is JPEG 2000, which is not supported'
      : 'is not in an image format that can be read';
    return nonRetryable(
      'UnsupportedImage',
      `image '${label}' ${what}: send JPEG, PNG, WebP, AVIF, TIFF or GIF`,
      {
        image: label,
        reason,
      },
    );
  }
  if (/exceeds pixel limit/i.test(reason)) {
    return nonRetryable('ImageTooLarge', `image '${label}' exceeds the pixel limit`, {
      image: label,
      reason,
    });
  }
  const what = /corrupt header/i.test(reason) ? 'has a corrupt header' : 'is corrupt or truncated';
  return nonRetryable('CorruptImage', `image '${label}' ${what}: ${reason}`, { image: label, reason });
}

// sharp's prebuilt binaries have no JPEG 2000 decoder; the signature lets the message say what the file is.
function isJpeg2000(bytes: Buffer): boolean {
  const boxed = bytes.subarray(4, 12).toString('latin1') === 'jP  \r\n\x87\n';
  return boxed || bytes.subarray(0, 4).equals(Buffer.from([0xff, 0x4f, 0xff, 0x51]));
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
