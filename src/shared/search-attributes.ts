import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from './names';

/** Which Director a run is (`creative`, `ecommerce`, `product`): filter runs by it in the Web UI. */
export const directorNameKey = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.name.name,
  SearchAttributeType.KEYWORD,
);
/** The brand a run works for; absent when it was given none (a style or product type is not a brand). */
export const directorBrandKey = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.brand.name,
  SearchAttributeType.KEYWORD,
);
/** The stage a run is in now, or its final state (`completed`, `failed`, `cancelled`). */
export const directorStageKey = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.stage.name,
  SearchAttributeType.KEYWORD,
);
/** Percent of stages done, 0..100. */
export const directorProgressKey = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.progress.name,
  SearchAttributeType.INT,
);
/**
 * The workflow id of the run that started this one, set on child runs only (a Product Director's branch):
 * `DirectorParent IS NULL` lists the runs people started.
 */
export const directorParentKey = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.parent.name,
  SearchAttributeType.KEYWORD,
);
