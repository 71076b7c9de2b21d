import type { ImageData } from '../../creative-model';
import { decode, open } from '../pixels';
import { requireInt } from '../require-int';

const MIME_TYPES = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;

/**
 * Resizes an image so its longest side is `longestSide` (aspect kept, upscaling allowed so every rendition
 * has its promised size) and encodes it; JPEG is flattened on white. Throws a non-retryable `InvalidInput`
 * for a side outside 16..8192 and `CorruptImage` when the image does not decode.
 */
export async function render(
  image: ImageData,
  rendition: { longestSide: number; format: 'png' | 'jpeg' | 'webp' },
): Promise<ImageData> {
  requireInt('longestSide', rendition.longestSide, 16, 8192);
  const side = rendition.longestSide;
  const resized = open(image).resize({ width: side, height: side, fit: 'inside' });
  const encoded =
    rendition.format === 'jpeg'
      ? resized.flatten({ background: '#ffffff' }).jpeg({ quality: 88, mozjpeg: true })
      : rendition.format === 'webp'
        ? resized.webp({ quality: 88 })
        : resized.png();
  const { data, info } = await decode(encoded.toBuffer({ resolveWithObject: true }));
  return { bytes: data, mimeType: MIME_TYPES[rendition.format], width: info.width, height: info.height };
}
