/** Wire names shared by workflows, activities, worker and CLI: defined once, imported everywhere. */

/**
 * The prefix of every Director task queue. Workers and the CLI poll and start on `storeTaskQueue(store)`
 * (`linn-director-<8 hex of the store's identity>`, see store-identity.ts) unless `DIRECTOR_TASK_QUEUE` names one.
 */
export const TASK_QUEUE = 'linn-director';

/** Workflow types. A workflow function's name is its type: never rename one after release. */
export const WORKFLOW_TYPES = {
  creative: 'creativeDirector',
  ecommerce: 'ecommerceDirector',
  product: 'productDirector',
} as const;

/** The workflow type of the catalog: a manifest of SKUs, each run as a child E-commerce or Product Director. */
export const CATALOG_WORKFLOW_TYPE = 'catalogDirector';

/** Short Director names, as the CLI and the `DirectorName` search attribute spell them. */
export type DirectorName = keyof typeof WORKFLOW_TYPES;

/**
 * The Directors a catalog line can run. Here, not beside the catalog's zod schemas in catalog.ts (which
 * re-exports it), so the CLI can offer them as `--director` choices without loading zod.
 */
export const CATALOG_DIRECTORS = ['ecommerce', 'product'] as const;

/** Custom search attributes (registered on the server by `director dev` / `npm start`). */
export const SEARCH_ATTRIBUTES = {
  name: { name: 'DirectorName', type: 'Keyword' },
  brand: { name: 'DirectorBrand', type: 'Keyword' },
  stage: { name: 'DirectorStage', type: 'Keyword' },
  progress: { name: 'DirectorProgress', type: 'Int' },
  parent: { name: 'DirectorParent', type: 'Keyword' },
} as const;
