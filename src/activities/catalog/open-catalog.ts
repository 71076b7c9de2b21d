import { catalogSettings } from '../../catalog/catalog-settings';
import { loadManifest } from '../../catalog/load-manifest';
import { catalogInputSchema, type CatalogSettings, type ManifestInfo } from '../../shared/catalog';
import { parseInput } from '../../shared/parse-input';
import type { ActivityDeps } from '../deps';
import { catalogStores } from './catalog-stores';

/**
 * Checks a catalog's input and its manifest before any work: the input against its strict schema (an
 * unknown key is an error), every default filled in (the title from the manifest's file name, the window
 * sized to the image quota), and the manifest read and parsed whole. Writes nothing, so a retry is free.
 * Throws non-retryable `InvalidInput` (naming the field), `ManifestNotFound` or `ManifestMalformed` (line
 * and column); a store that fails passes its retryable `StorageUnavailable` through.
 */
export async function openCatalog(
  deps: Pick<ActivityDeps, 'objects' | 'outputs' | 'inputRoots' | 'catalog'>,
  request: { catalogId: string; input: unknown },
): Promise<{ settings: CatalogSettings; manifest: ManifestInfo }> {
  const { objects } = catalogStores(deps);
  const input = parseInput(catalogInputSchema, request.input, 'catalog');
  const settings = catalogSettings(input, deps.catalog?.imageQuotaPerMinute);
  const { info } = await loadManifest({ objects, inputRoots: deps.inputRoots }, settings.manifest);
  return { settings, manifest: info };
}
