// Apart from product-input.ts (and its zod schemas) so the CLI's `--help` can list them without loading zod.

/** Product types the Product Director handles, each with its own branch. */
export const PRODUCT_TYPES = ['apparel', 'accessory', 'footwear', 'generic'] as const;

/** A product type. */
export type ProductType = (typeof PRODUCT_TYPES)[number];
