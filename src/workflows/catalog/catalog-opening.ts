/** How a catalog run begins: by opening its manifest, or from what the run before it carried. */
import { ActivityFailure, ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import type { CatalogCarry } from '../../shared/catalog';
import { directorNameKey, directorStageKey } from '../../shared/search-attributes';
import { catalogActivities } from '../engine/activity-proxies';
import { CATALOG_DIRECTOR_NAME } from './catalog-visibility';
import { emptyTallies } from './line-records';

/** Opens the manifest (first segment only); a bad input or manifest fails the catalog with its own error. */
export async function openCatalog(catalogId: string, input: unknown): Promise<CatalogCarry> {
  try {
    const { settings, manifest } = await catalogActivities.openCatalog({ catalogId, input });
    return {
      settings,
      manifest,
      cursor: 0,
      tallies: emptyTallies(manifest.total),
      inFlight: [],
      paused: false,
      segment: 0,
      startedAtMs: Date.now(),
      latestFailures: [],
    };
  } catch (error: unknown) {
    upsertSearchAttributes([
      { key: directorNameKey, value: CATALOG_DIRECTOR_NAME },
      { key: directorStageKey, value: 'failed' },
    ]);
    throw ownFailure(error);
  }
}

/** A catalog activity's failure is surfaced as itself (`ManifestMalformed`, `InvalidInput`…), not its wrapper. */
export function ownFailure(error: unknown): unknown {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : error;
}

/** The carry of a run that an earlier segment started, if this is one. */
export function continuedFrom(input: unknown): CatalogCarry | undefined {
  if (typeof input !== 'object' || input === null || !('continued' in input)) return undefined;
  const carry = input.continued as CatalogCarry | undefined;
  return carry && typeof carry === 'object' && 'settings' in carry && 'manifest' in carry ? carry : undefined;
}
