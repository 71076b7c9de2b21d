import type { ObjectStore } from '../storage/object-store';
import type { LoadedManifest } from './load-manifest';

/** Manifests a worker keeps parsed: the few catalogs it serves at once. */
const MAX_MANIFESTS = 4;

/**
 * Parsed manifests, per store (so per worker), keyed by the manifest's name and content hash: a catalog
 * reads its lines batch after batch from one manifest, and parsing 10,000 lines for every batch would cost
 * more than the batch. Bounded (least recently used out), and held weakly by the store.
 */
const byStore = new WeakMap<object, Map<string, LoadedManifest>>();

/** The parsed manifest for `manifest` with content `sha256`, loading it (with `load`) when not kept. */
export async function cachedManifest(
  store: Pick<ObjectStore, 'uri'>,
  manifest: string,
  sha256: string,
  load: () => Promise<LoadedManifest>,
): Promise<LoadedManifest> {
  let cache = byStore.get(store);
  if (!cache) byStore.set(store, (cache = new Map<string, LoadedManifest>()));
  const key = `${manifest}\n${sha256}`;
  const kept = cache.get(key);
  if (kept) {
    cache.delete(key);
    cache.set(key, kept);
    return kept;
  }
  const loaded = await load();
  // Only the manifest the catalog opened is kept: one changed since would be checked again next time.
  if (loaded.info.sha256 !== sha256) return loaded;
  cache.set(key, loaded);
  for (const old of cache.keys()) {
    if (cache.size <= MAX_MANIFESTS) break;
    cache.delete(old);
  }
  return loaded;
}
