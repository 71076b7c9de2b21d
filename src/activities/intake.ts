import { decodeImageBytes, readInputImage } from '../images/read-input-image';
import type { ImageData } from '../model/creative-model';
import type { ImageSource } from '../shared/ecommerce';
import type { ActivityDeps } from './deps';
import { checkInputPath } from './input-roots';

/**
 * Reads and checks an input image from a path (inside the allowed folders) or a stored blob, returning it
 * normalised (EXIF-upright sRGB PNG). Throws a non-retryable typed failure for anything unusable.
 */
export async function readSource(
  deps: Pick<ActivityDeps, 'blobs' | 'inputRoots' | 'imageLimits'>,
  source: ImageSource,
): Promise<ImageData> {
  return typeof source === 'string'
    ? readInputImage(checkInputPath(source, deps.inputRoots), deps.imageLimits)
    : decodeImageBytes(await deps.blobs.get(source), source.key, deps.imageLimits);
}
