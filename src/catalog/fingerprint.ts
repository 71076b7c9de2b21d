import { createHash } from 'node:crypto';
import type { CatalogLineDirector } from '../shared/catalog';

/**
 * The version of the fingerprint's recipe: bump it when what goes into a fingerprint changes, so that no
 * line is taken for published under a recipe that no longer says what its output was made from.
 */
export const FINGERPRINT_VERSION = 1;

/** Everything that decides a catalog line's output. */
export interface FingerprintParts {
  /** sha256 of the image's bytes (not its name: the same photo under two names is one photo). */
  imageSha256: string;
  director: CatalogLineDirector;
  /** The Director's input with defaults filled, without the image and the cost cap. */
  settings: Record<string, unknown>;
  /** The model's id and version (its model names and prompt version). */
  model: { id: string; version: string };
}

/**
 * A line's fingerprint: sha256 (hex) of the canonical JSON of its parts, so the same inputs give the same
 * fingerprint on any worker whatever order their keys came in, and any changed part gives another. Pure.
 */
export function lineFingerprint(parts: FingerprintParts): string {
  const canonical = canonicalJson({ recipe: FINGERPRINT_VERSION, ...parts });
  return createHash('sha256').update(canonical).digest('hex');
}

/** JSON with object keys sorted at every depth and `undefined` members left out. Pure. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const CONTENT_ADDRESSED = /(?:^|\/)inputs\/([0-9a-f]{64})\.[A-Za-z0-9]{1,8}$/;

/**
 * The content hash a content-addressed input's name carries (`…/inputs/<64 hex>.<ext>`, as `director run`
 * uploads), so the image need not be read; undefined for any other name. Pure.
 */
export function contentAddressedSha256(image: string): string | undefined {
  return CONTENT_ADDRESSED.exec(image.replace(/[?#].*$/, ''))?.[1];
}
