import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from './names';

/** Which Director a run is (`creative`, `ecommerce`, `product`): filter runs by it in the Web UI. */
export const directorNameKey = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.name.name,
  SearchAttributeType.KEYWORD,
);
/** The brand (or style) a run works for. */
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
