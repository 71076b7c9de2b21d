import { Context } from '@temporalio/activity';
import { lineFingerprint } from '../../catalog/fingerprint';
import { hashLineImage, type ImageHash } from '../../catalog/image-hash';
import { findLivePublication } from '../../catalog/ledger';
import { checkLine } from '../../catalog/line-input';
import { loadManifest } from '../../catalog/load-manifest';
import { cachedManifest } from '../../catalog/manifest-cache';
import type { CatalogLine, CatalogSettings, ManifestInfo } from '../../shared/catalog';
import { nonRetryable } from '../../shared/failures';
import type { ObjectStore } from '../../storage/object-store';
import type { OutputCollection } from '../../storage/run-outputs';
import type { ActivityDeps } from '../deps';
import { throwIfCancelled } from '../heartbeat';
import { catalogStores, mapBounded } from './catalog-stores';

/** Most lines one call reads: keeps the answer a small payload (a line is a few hundred bytes). */
export const MAX_LINES_PER_READ = 500;

/** Images hashed at once: reading them is the slow part, and a bucket serves several at a time. */
const HASH_CONCURRENCY = 4;

/** Ledger entries looked up at once. */
const LOOKUP_CONCURRENCY = 8;

/**
 * Reads SKU lines `[from, from + count)` of the manifest the catalog opened: each checked into its
 * Director's input (a bad line is that line's `InvalidLine` failure naming the column), fingerprinted (image
 * content, Director, settings, model and prompt versions) and looked up in the ledger of published lines.
 * Reads only; heartbeats while it hashes images. Throws non-retryable `InvalidInput` for a range outside
 * the manifest or a manifest that changed since the catalog opened it, and what `loadManifest` throws.
 */
export async function readCatalogLines(
  deps: Pick<ActivityDeps, 'objects' | 'outputs' | 'inputRoots' | 'model'>,
  request: {
    catalogId: string;
    settings: CatalogSettings;
    manifest: ManifestInfo;
    from: number;
    count: number;
  },
): Promise<{ lines: CatalogLine[] }> {
  const { objects, outputs } = catalogStores(deps);
  const { settings, manifest, from, count } = request;
  checkRange(from, count, manifest.total);
  const source = { objects, inputRoots: deps.inputRoots };
  const loaded = await cachedManifest(objects, settings.manifest, manifest.sha256, () =>
    loadManifest(source, settings.manifest),
  );
  if (loaded.info.sha256 !== manifest.sha256) {
    throw nonRetryable(
      'InvalidInput',
      `manifest '${settings.manifest}' changed since the catalog opened it (sha256 ${loaded.info.sha256}, ` +
        `opened as ${manifest.sha256}): a catalog reads one manifest to its end`,
      { field: 'manifest', value: settings.manifest },
    );
  }
  const context = {
    defaults: settings.defaults,
    storeUri: objects.uri,
    firstLineOfSku: loaded.firstLineOfSku,
  };
  const checked = loaded.rows.slice(from, from + count).map((row) => checkLine(row, context));

  // One photo on many lines (colours of one product) is read and hashed once.
  const hashes = new Map<string, Promise<ImageHash>>();
  const model = { id: deps.model.id, version: deps.model.version ?? 'unversioned' };
  const lines = await mapBounded(checked, HASH_CONCURRENCY, async (line): Promise<CatalogLine> => {
    if (!line.ok) return line;
    let hash = hashes.get(line.image);
    if (!hash) hashes.set(line.image, (hash = hashLineImage(source, line.image)));
    const image = await hash;
    throwIfCancelled();
    Context.current().heartbeat();
    if (!image.ok) {
      // In the user's words first: the value as the manifest gave it, then what it resolved to.
      const message = image.message.replace(/^image: /, `image: ${JSON.stringify(line.imageGiven)}: `);
      const failure = { type: 'InvalidLine', field: 'image', message };
      return { index: line.index, line: line.line, sku: line.sku, ok: false, failure };
    }
    const fingerprint = lineFingerprint({
      imageSha256: image.sha256,
      director: line.director,
      settings: line.settings,
      model,
    });
    return {
      index: line.index,
      line: line.line,
      sku: line.sku,
      ok: true,
      director: line.director,
      input: line.input,
      fingerprint,
    };
  });
  return { lines: await mapBounded(lines, LOOKUP_CONCURRENCY, withPublication(objects, outputs)) };
}

// A line is published when the ledger knows its fingerprint and the outputs it names are still there.
function withPublication(objects: ObjectStore, outputs: OutputCollection) {
  return async (line: CatalogLine): Promise<CatalogLine> => {
    if (!line.ok) return line;
    const published = await findLivePublication(objects, outputs, line.fingerprint);
    return published ? { ...line, published } : line;
  };
}

function checkRange(from: number, count: number, total: number): void {
  const fine =
    Number.isInteger(from) &&
    Number.isInteger(count) &&
    from >= 0 &&
    count >= 1 &&
    count <= MAX_LINES_PER_READ;
  if (!fine || from >= total) {
    throw nonRetryable(
      'InvalidInput',
      `lines [${from}, ${from + count}) are not a range to read of a manifest of ${total} lines ` +
        `(from 0..${total - 1}, count 1..${MAX_LINES_PER_READ})`,
      { field: 'from', value: from },
    );
  }
}
