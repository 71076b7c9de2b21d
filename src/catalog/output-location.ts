import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isStoreUri } from '../shared/store-identity';
import type { ObjectStore } from '../storage/object-store';

/**
 * The key in the output collection's store of a published file, given as publishing returned it (an
 * absolute path in the local output folder, or an `s3://…` URI); undefined when it is not in that store.
 * Pure.
 */
export function outputKeyOf(
  outputs: { store: Pick<ObjectStore, 'uri'>; prefix: string },
  location: string,
): string | undefined {
  const uri = isStoreUri(location)
    ? location
    : path.isAbsolute(location)
      ? pathToFileURL(location).href
      : undefined;
  const base = outputs.store.uri.replace(/[?#].*$/, '').replace(/\/+$/, '');
  if (uri === undefined || !uri.startsWith(`${base}/`)) return undefined;
  const rest = uri.slice(base.length + 1);
  // A file URL escapes what a path may hold (spaces); an s3:// location is the key as it is.
  const key = uri.startsWith('file:') ? decodeURIComponent(rest) : rest;
  return key.startsWith(outputs.prefix) ? key : undefined;
}

/** The file extensions a contact sheet shows. */
const IMAGE_FILE = /\.(png|jpe?g|webp)$/i;

/** A published file that is a picture of the product, not a run's own contact sheet. Pure. */
export function isProductImage(location: string): boolean {
  const name =
    location
      .replace(/[?#].*$/, '')
      .split(/[/\\]/)
      .pop() ?? '';
  return IMAGE_FILE.test(name) && !name.startsWith('contact-sheet');
}
