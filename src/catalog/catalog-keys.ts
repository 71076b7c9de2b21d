import { runKeyOf } from '../shared/run-key';

/**
 * Where a catalog keeps its things in the object store. Every key derives from the catalog id or the line's
 * fingerprint, so a retried write replaces its own object instead of adding another.
 */

/** Digits of a record's index in its key: keys list in manifest order up to a million lines. */
const INDEX_DIGITS = 6;

/** The folder of a catalog's line records: `catalogs/<runKeyOf(catalogId)>/lines/`. */
export function recordsPrefix(catalogId: string): string {
  return `${catalogFolder(catalogId)}lines/`;
}

/** A line's record: `catalogs/<runKey>/lines/<index, zero-padded>.json`. */
export function recordKey(catalogId: string, index: number): string {
  return `${recordsPrefix(catalogId)}${String(index).padStart(INDEX_DIGITS, '0')}.json`;
}

/** Everything the catalog keeps in the store (its records): `catalogs/<runKey>/`. */
export function catalogFolder(catalogId: string): string {
  return `catalogs/${runKeyOf(catalogId)}/`;
}

/** The ledger of published lines, shared by every catalog that sees the store. */
export const LEDGER_PREFIX = 'ledger/';

/** A published line's ledger entry, found by its fingerprint: `ledger/<fingerprint>.json`. */
export function ledgerKey(fingerprint: string): string {
  return `${LEDGER_PREFIX}${fingerprint}.json`;
}
