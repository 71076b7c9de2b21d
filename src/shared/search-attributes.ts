import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from './names';

/** The SDK's type for each type name in `SEARCH_ATTRIBUTES` (the names the server and the CLI use). */
const SDK_TYPES = { Keyword: SearchAttributeType.KEYWORD, Int: SearchAttributeType.INT } as const;

type Declared = { name: string; type: keyof typeof SDK_TYPES };

/** The typed key of a declared attribute: its name and type are written once, in `SEARCH_ATTRIBUTES`. */
function keyOf<A extends Declared>(attribute: A) {
  // The cast narrows the union TypeScript reads for a generic index to this attribute's one type.
  return defineSearchAttributeKey(attribute.name, SDK_TYPES[attribute.type] as (typeof SDK_TYPES)[A['type']]);
}

/** Which Director a run is (`creative`, `ecommerce`, `product`; `bench` for benchmark runs). */
export const directorNameKey = keyOf(SEARCH_ATTRIBUTES.name);
/** The brand a run works for; absent when it was given none (a style or product type is not a brand). */
export const directorBrandKey = keyOf(SEARCH_ATTRIBUTES.brand);
/** The stage a run is in now, or its final state (`completed`, `failed`, `cancelled`). */
export const directorStageKey = keyOf(SEARCH_ATTRIBUTES.stage);
/** Percent of stages done, 0..100. */
export const directorProgressKey = keyOf(SEARCH_ATTRIBUTES.progress);
/**
 * The workflow id of the run that started this one, set on child runs only (a Product Director's branch):
 * `DirectorParent IS NULL` lists the runs people started.
 */
export const directorParentKey = keyOf(SEARCH_ATTRIBUTES.parent);
