import { nonRetryable } from '../shared/failures';

/**
 * The key a store URI names in the store `storeUri` (`s3://bucket/prefix/inputs/<sha>.jpg` in
 * `s3://bucket/prefix` → `inputs/<sha>.jpg`). A query or fragment on the store's identity (an endpoint)
 * is not part of its objects' URIs. Throws a non-retryable `InvalidInput` naming the URI and this
 * worker's store when the URI is in another store.
 */
export function keyInStore(uri: string, storeUri: string | undefined): string {
  const base = storeUri?.replace(/[?#].*$/, '').replace(/\/+$/, '');
  if (base === undefined || !uri.startsWith(`${base}/`) || uri.length === base.length + 1) {
    throw nonRetryable(
      'InvalidInput',
      `image '${uri}' is not in this worker's store (${storeUri ?? 'none configured'}): ` +
        'inputs must be in the store the workers share, or paths in their allowed input folders',
      { field: 'image', value: uri, store: storeUri ?? null },
    );
  }
  return uri.slice(base.length + 1);
}
